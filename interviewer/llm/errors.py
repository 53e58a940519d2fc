"""The LLM errors, apart from the client so that catching them does not import openai (1.3 s)."""


class LLMError(RuntimeError):
    """Something about the LLM endpoint failed; the message is one line and names the endpoint."""


class LLMUnavailable(LLMError):
    """The endpoint cannot be reached or keeps failing after the retries."""


class LLMReplyError(LLMError):
    """The endpoint answered, but not with something usable, even after one repair."""


class BudgetExhausted(LLMError):
    """The session's LLM budget is spent."""
