"""Fixed pages: the privacy notice."""
