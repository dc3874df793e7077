"""Interviews: slots a delegation offers for a role, booked by its applicants."""
