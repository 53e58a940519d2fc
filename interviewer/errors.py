"""Errors that mean the user asked for something that cannot be done; reported in one line."""


class UsageError(ValueError):
    """Bad input from the user; reported in one line with a non-zero exit."""
