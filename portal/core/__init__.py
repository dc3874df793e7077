"""The ground floor: database helpers, i18n, security, text, errors. Imports no feature."""
