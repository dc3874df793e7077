"""The site admins' area: delegations, users and leads, the outbox."""
