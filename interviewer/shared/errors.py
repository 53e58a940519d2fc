"""Errors that mean the user asked for something that cannot be done, and their one-line messages."""

from __future__ import annotations

from pydantic import ValidationError


class UsageError(ValueError):
    """Bad input from the user; reported in one line with a non-zero exit."""


def one_line_validation_error(error: ValidationError, limit: int = 1, whole: str = "file") -> str:
    """The first `limit` validation problems as 'field: message', plus a count of the others.

    `whole` names what was validated, for a problem with the value as a whole rather than a field.
    """
    problems = error.errors()
    shown = "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or whole}: {problem['msg']}"
        for problem in problems[:limit]
    )
    more = f" (and {len(problems) - limit} more)" if len(problems) > limit else ""
    return f"{shown}{more}"
