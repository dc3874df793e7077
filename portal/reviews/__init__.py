"""Reviewing applications: scores and comments, assignments, decisions and their e-mails."""
