"""Personal data: export, erasure, retention and the consent texts."""
