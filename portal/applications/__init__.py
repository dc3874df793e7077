"""Applications of volunteers to roles: the form, the documents, the status machine."""
