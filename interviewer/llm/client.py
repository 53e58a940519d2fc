"""One client for any OpenAI-compatible endpoint: timeouts, bounded retries, structured replies,
and a ledger of tokens, latency and cost.

Structured output differs by server. OpenAI and vLLM take ``json_schema``; llama-cpp-python's
server refuses it (HTTP 500) but constrains ``json_object`` with a ``schema`` by a grammar; some
servers take only a plain ``json_object``. In ``auto`` mode the client tries them in that order
once, keeps the first the server accepts, and always states the schema in the prompt for the
JSON-object modes. Every reply is validated with pydantic; a malformed one is sent back once with
the validation error, and a second failure is an LLMReplyError, never a crash.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import openai
from pydantic import BaseModel, ValidationError

from interviewer.llm.errors import BudgetExhausted, LLMError, LLMReplyError, LLMUnavailable
from interviewer.llm.prompts import render
from interviewer.shared.errors import one_line_validation_error
from interviewer.shared.vocabulary import LLMCall, LLMUsage

T = TypeVar("T", bound=BaseModel)

MODES = ("json_schema", "json_object_schema", "json_object")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
__all__ = ["BudgetExhausted", "LLMClient", "LLMConfig", "LLMError", "LLMReplyError", "LLMUnavailable"]
MAX_ERROR_CHARS = 160
FORMAT_REFUSALS = (400, 415, 422, 500, 501)


def public_url(url: str) -> str:
    """The URL without credentials, query or fragment: safe to show and to store."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def is_local(url: str) -> bool:
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


def one_line(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class LLMConfig:
    base_url: str
    model: str
    api_key: str = field(default="not-needed", repr=False)
    timeout_s: float = 30.0
    max_retries: int = 2
    price_in_per_mtok: float | None = None
    price_out_per_mtok: float | None = None
    budget_usd: float | None = None
    structured: str = "auto"
    temperature: float = 0.0
    max_tokens: int = 700

    @property
    def endpoint(self) -> str:
        return public_url(self.base_url)


class LLMClient:
    """Thread-safe: calls are serialised, so the ledger and the chosen mode stay consistent."""

    def __init__(self, config: LLMConfig, clock: Callable[[], float] = time.monotonic) -> None:
        if config.structured not in (*MODES, "auto"):
            raise ValueError(f"structured output must be auto or one of {', '.join(MODES)}")
        self.config = config
        self._clock = clock
        self._client = openai.OpenAI(
            base_url=config.base_url,
            api_key=config.api_key or "not-needed",
            timeout=config.timeout_s,
            max_retries=config.max_retries,
        )
        self._mode: str | None = None if config.structured == "auto" else config.structured
        self._cut_off = False
        self._lock = threading.Lock()
        self.usage = LLMUsage(
            endpoint=config.endpoint,
            model=config.model,
            price_in_per_mtok=config.price_in_per_mtok,
            price_out_per_mtok=config.price_out_per_mtok,
            budget_usd=config.budget_usd,
        )

    @property
    def mode(self) -> str | None:
        """The structured-output mode in use, once one has worked (or was configured)."""
        return self._mode

    def check(self) -> list[str]:
        """The model ids the endpoint serves; LLMUnavailable when it cannot be reached."""
        try:
            models = self._client.with_options(max_retries=0, timeout=min(self.config.timeout_s, 5.0))
            return [model.id for model in models.models.list()]
        except openai.APIStatusError as error:
            if error.status_code in (404, 405):  # some servers have no /models; the endpoint answered
                return []
            raise self._unavailable(error) from None
        except openai.OpenAIError as error:
            raise self._unavailable(error) from None

    def complete(self, purpose: str, messages: list[dict[str, str]], schema: type[T]) -> T:
        """Ask for a reply matching schema; one repair round if it is malformed."""
        with self._lock:
            history = list(messages)
            raw = self._request(purpose, history, schema)
            try:
                return parse_reply(raw, schema)
            except ValueError as error:
                problem = self._explain(error)
                history += [
                    {"role": "assistant", "content": raw[:2000]},
                    {"role": "user", "content": render("repair", error=one_line(problem, 400))},
                ]
            raw = self._request(f"{purpose} (repair)", history, schema)
            try:
                return parse_reply(raw, schema)
            except ValueError as error:
                raise LLMReplyError(
                    f"the LLM at {self.config.endpoint} replied with unusable {schema.__name__} twice: "
                    f"{one_line(self._explain(error), 140)}"
                ) from None

    def complete_text(
        self, purpose: str, messages: list[dict[str, str]], *, max_tokens: int, grammar: str | None = None
    ) -> str:
        """A short plain-text reply (no response format), recorded in the ledger like any call.
        ``grammar`` (GBNF) constrains it on llama.cpp servers; other servers ignore it."""
        with self._lock:
            self._check_budget()
            started = self._clock()
            try:
                response = self._client.chat.completions.create(
                    model=self.config.model,
                    messages=messages,  # type: ignore[arg-type]
                    temperature=self.config.temperature,
                    max_tokens=max_tokens,
                    extra_body={"grammar": grammar} if grammar else None,
                )
            except openai.OpenAIError as error:
                self._record(purpose, started, ok=False, error=self.redact(one_line(str(error), 120)))
                raise self._unavailable(error) from None
            return self._recorded_reply(purpose, started, response, messages)

    def _explain(self, error: ValueError) -> str:
        if self._cut_off:
            return f"{error}; the reply was cut off at {self.config.max_tokens} tokens: keep it shorter"
        return str(error)

    def _request(self, purpose: str, messages: list[dict[str, str]], schema: type[BaseModel]) -> str:
        """One reply's raw text. Until a mode has worked, each is probed once without retries:
        a refusal of the response format moves on to the next mode; anything else (429, a lost
        connection) is retried in the same mode with the usual backoff."""
        self._check_budget()
        modes = [self._mode] if self._mode else list(MODES)
        refusal: openai.OpenAIError | None = None
        for index, mode in enumerate(modes):
            probing = self._mode is None and index < len(modes) - 1
            try:
                raw = self._call(purpose, mode, messages, schema, probing=probing)
            except openai.OpenAIError as error:
                if not probing:
                    raise self._unavailable(error) from None
                if refused_format(error):
                    refusal = error
                    continue
                try:  # a transient failure: this mode again, with the usual retries
                    raw = self._call(purpose, mode, messages, schema, probing=False)
                except openai.OpenAIError as again:
                    if not refused_format(again):
                        raise self._unavailable(again) from None
                    refusal = again
                    continue
            self._mode = mode
            return raw
        assert refusal is not None
        raise self._unavailable(refusal)

    def _call(
        self,
        purpose: str,
        mode: str,
        messages: list[dict[str, str]],
        schema: type[BaseModel],
        *,
        probing: bool,
    ) -> str:
        json_schema = schema.model_json_schema()
        if mode == "json_schema":
            response_format: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {"name": schema.__name__, "schema": json_schema},
            }
            sent = messages
        else:
            response_format = {"type": "json_object"}
            if mode == "json_object_schema":
                response_format["schema"] = json_schema
            rule = render("json_format", schema=json.dumps(json_schema, separators=(",", ":")))
            sent = [{"role": "system", "content": messages[0]["content"] + "\n\n" + rule}, *messages[1:]]
        client = self._client.with_options(max_retries=0) if probing else self._client
        started = self._clock()
        try:
            response = client.chat.completions.create(  # type: ignore[call-overload]
                model=self.config.model,
                messages=sent,
                response_format=response_format,
                temperature=self.config.temperature,
                max_tokens=self.config.max_tokens,
            )
        except openai.OpenAIError as error:
            label = f"{purpose} ({mode} probe)" if probing else purpose
            self._record(label, started, ok=False, error=self.redact(one_line(str(error), 120)))
            raise
        self._cut_off = bool(response.choices) and response.choices[0].finish_reason == "length"
        return self._recorded_reply(purpose, started, response, sent)

    def _recorded_reply(self, purpose: str, started: float, response: Any, sent: list[dict[str, str]]) -> str:
        """The reply's text; the call goes in the ledger with its tokens (the server's count, else an
        estimate)."""
        usage = response.usage
        content = (response.choices[0].message.content or "") if response.choices else ""
        self._record(
            purpose,
            started,
            tokens_in=usage.prompt_tokens if usage else estimate_tokens(sent),
            tokens_out=usage.completion_tokens if usage else max(1, len(content) // 4),
        )
        return str(content)

    def _record(
        self,
        purpose: str,
        started: float,
        *,
        tokens_in: int = 0,
        tokens_out: int = 0,
        ok: bool = True,
        error: str | None = None,
    ) -> None:
        self.usage.calls.append(
            LLMCall(
                purpose=purpose,
                tokens_in=tokens_in,
                tokens_out=tokens_out,
                latency_s=round(self._clock() - started, 3),
                cost_usd=self._cost(tokens_in, tokens_out),
                ok=ok,
                error=error,
            )
        )

    def _cost(self, tokens_in: int, tokens_out: int) -> float | None:
        price_in, price_out = self.config.price_in_per_mtok, self.config.price_out_per_mtok
        if price_in is None or price_out is None:
            return None
        return (tokens_in * price_in + tokens_out * price_out) / 1_000_000

    def _check_budget(self) -> None:
        budget = self.config.budget_usd
        spent = self.usage.cost_usd
        if budget is not None and spent is not None and spent >= budget:
            raise BudgetExhausted(
                f"the session's LLM budget of ${budget:.2f} is spent (${spent:.4f} at {self.config.endpoint})"
            )

    def redact(self, text: str) -> str:
        """The text with the API key blanked out: some servers repeat what they were sent."""
        key = self.config.api_key
        return text.replace(key, "[API key]") if key and len(key) >= 4 else text

    def _unavailable(self, error: openai.OpenAIError) -> LLMUnavailable:
        detail = one_line(str(error.__cause__ or error))
        return LLMUnavailable(self.redact(self._describe(error)), self.redact(detail))

    def _describe(self, error: openai.OpenAIError) -> str:
        where = self.config.endpoint
        if isinstance(error, openai.APITimeoutError):
            return (
                f"the LLM at {where} did not answer within {self.config.timeout_s:g} s; "
                "set INTERVIEWER_LLM_TIMEOUT_S higher or use a faster model"
            )
        if isinstance(error, openai.APIConnectionError):
            return f"cannot reach the LLM at {where}; start the server or fix OPENAI_BASE_URL"
        if isinstance(error, openai.AuthenticationError):
            return f"the LLM at {where} refused the API key (HTTP 401); check OPENAI_API_KEY"
        if isinstance(error, openai.NotFoundError):
            return (
                f"the LLM at {where} has no model {self.config.model!r} or no chat API (HTTP 404); "
                "set INTERVIEWER_LLM_MODEL to a model it serves"
            )
        if isinstance(error, openai.APIStatusError):
            status = error.status_code
            return f"the LLM at {where} failed with HTTP {status}: {one_line(error_message(error))}"
        return f"the LLM at {where} failed: {one_line(str(error))}"


def refused_format(error: openai.OpenAIError) -> bool:
    """The server's answer to a response format it does not take (400, 422, or llama.cpp's 500)."""
    return isinstance(error, openai.APIStatusError) and error.status_code in FORMAT_REFUSALS


def error_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    return str(error.message)


def estimate_tokens(messages: list[dict[str, str]]) -> int:
    """About four characters a token, for servers that report no usage."""
    return max(1, sum(len(message["content"]) for message in messages) // 4)


def parse_reply(raw: str, schema: type[T]) -> T:
    """The reply as schema; ValueError with a short reason when it is not valid JSON of that shape."""
    text = raw.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("the reply holds no JSON object")
    try:
        data = json.loads(text[start : end + 1], strict=False)  # raw newlines in strings are fine
    except json.JSONDecodeError as error:
        raise ValueError(f"the reply is not valid JSON ({error.msg} at character {error.pos})") from None
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        problems = one_line_validation_error(error, limit=4, whole="reply")
        raise ValueError(f"invalid {schema.__name__}: {problems}") from None
