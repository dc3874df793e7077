"""News posts of the delegations: public pages and Atom feeds."""
