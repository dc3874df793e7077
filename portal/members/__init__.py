"""The members' space: onboarding, accreditations, sessions, announcements, documents
and the team directory, for the current members of a delegation and its leads."""
