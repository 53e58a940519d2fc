"""The project's shared vocabulary: the types every package may import (the bottom layer).

Nothing here imports from the rest of the project.
"""

from __future__ import annotations

import statistics
from enum import StrEnum

from pydantic import BaseModel, Field

SAMPLE_RATE = 16_000  # Hz: answers are recorded, detected and transcribed as 16 kHz mono


class Track(StrEnum):
    """The four interview tracks of the guide."""

    CODING = "coding"
    SYSTEM_DESIGN = "system-design"
    ML_FUNDAMENTALS = "ml-fundamentals"
    BEHAVIORAL = "behavioral"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def weight(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.value]


class Target(StrEnum):
    """What a follow-up probes; red-flag rubrics name the target that probes them."""

    TRADEOFFS = "tradeoffs"
    COSTS = "costs"
    EVALUATION = "evaluation"
    PRODUCTION = "production"
    CHECKLIST = "checklist"
    STAR = "star"
    DEPTH = "depth"
    EDGE_CASES = "edge_cases"
    # Reactions to a non-answer: not follow-ups on content, and not counted as such.
    HINT = "hint"
    REPEAT = "repeat"
    RESTATE = "restate"


class Word(BaseModel):
    """One transcribed word with its timing, as Whisper gives it."""

    word: str
    start: float
    end: float
    probability: float = 1.0


class LLMCall(BaseModel):
    """One request to the LLM endpoint: what it was for, what it cost and how long it took."""

    purpose: str = Field(description="judge or follow_up (repairs and retries count as their own call).")
    tokens_in: int = 0
    tokens_out: int = 0
    latency_s: float = 0.0
    cost_usd: float | None = Field(default=None, description="None when no price is known.")
    ok: bool = True
    error: str | None = None


class LLMUsage(BaseModel):
    """The LLM calls of a session. Never holds the API key; the endpoint is stored without credentials."""

    endpoint: str
    model: str
    price_in_per_mtok: float | None = None
    price_out_per_mtok: float | None = None
    budget_usd: float | None = None
    calls: list[LLMCall] = Field(default_factory=list)
    dropped_judgments: int = Field(default=0, description="Judgments whose quotes were not in the answer.")
    invalid_judgments: int = Field(default=0, description="Judgments for unknown rubrics or inconsistent.")
    offline_since: str | None = Field(default=None, description="Why the session went on offline, if it did.")

    @property
    def tokens_in(self) -> int:
        return sum(call.tokens_in for call in self.calls)

    @property
    def tokens_out(self) -> int:
        return sum(call.tokens_out for call in self.calls)

    @property
    def cost_usd(self) -> float | None:
        if self.price_in_per_mtok is None or self.price_out_per_mtok is None:
            return None
        return round(sum(call.cost_usd or 0.0 for call in self.calls), 6)

    @property
    def median_latency_s(self) -> float | None:
        latencies = [call.latency_s for call in self.calls if call.ok]
        return round(statistics.median(latencies), 3) if latencies else None
