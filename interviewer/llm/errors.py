"""The LLM errors, apart from the client so that catching them does not import openai (1.3 s)."""


class LLMError(RuntimeError):
    """Something about the LLM endpoint failed.

    str() is one line that names the endpoint and, where there is one, the fix; ``detail`` keeps
    what the openai client or the server said, for diagnosis.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class LLMUnavailable(LLMError):
    """The endpoint cannot be reached or keeps failing after the retries."""


class LLMReplyError(LLMError):
    """The endpoint answered, but not with something usable, even after one repair."""


class BudgetExhausted(LLMError):
    """The session's LLM budget is spent."""
