"""interviewer: a spoken mock interviewer for AI-engineering interviews (the core)."""

__version__ = "0.1.0"
