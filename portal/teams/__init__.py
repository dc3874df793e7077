"""A delegation's team: members, titles, reviewers, invitations, the last-lead rule."""
