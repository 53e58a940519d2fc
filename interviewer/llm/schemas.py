"""What the LLM must reply with, as pydantic models; their JSON schemas go to the server.

The schemas carry limits (enums, maxItems, maxLength) that grammar-constrained servers such as
llama.cpp enforce while generating, so that even a small model's reply stays well-formed and
short. Lengths are limits of the schema only: a longer reply from a server that ignores them is
trimmed, not rejected.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

TARGETS = ("tradeoffs", "costs", "evaluation", "production", "checklist", "star", "depth", "edge_cases")
TargetName = Literal[
    "tradeoffs", "costs", "evaluation", "production", "checklist", "star", "depth", "edge_cases"
]
MAX_QUOTES = 3


def _limit(max_length: int) -> dict[str, Any]:
    return {"maxLength": max_length}


class Judgment(BaseModel):
    """One rubric's verdict on one answer."""

    model_config = ConfigDict(extra="ignore")

    rubric: str = Field(description="The rubric id, exactly as listed.")
    verdict: Literal["flagged", "clear"] = Field(description="flagged when the problem is present.")
    score: Literal[1, 2, 3, 4, 5] = Field(description="1 (worst) to 5 (best) on the rubric's anchored scale.")
    quotes: list[str] = Field(
        default_factory=list,
        description="Verbatim quotes from the answer that show it; at most three.",
        json_schema_extra={"maxItems": MAX_QUOTES, "items": {"type": "string", "maxLength": 200}},
    )
    missing: str = Field(
        default="",
        description="For a flag about an absence: what the answer never covers.",
        json_schema_extra=_limit(160),
    )
    reason: str = Field(default="", description="One sentence on why.", json_schema_extra=_limit(200))


class JudgeReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    judgments: list[Judgment] = Field(json_schema_extra={"maxItems": 8})


@cache
def judge_reply_for(rubric_ids: Sequence[str]) -> type[JudgeReply]:
    """A JudgeReply whose rubric field only admits the given ids (an enum in the schema)."""
    rubric_field: Any = (Literal[tuple(rubric_ids)], Field(description="The rubric id, exactly as listed."))
    judgment = create_model("Judgment", __base__=Judgment, rubric=rubric_field)
    items: Any = (list[judgment], Field(json_schema_extra={"maxItems": len(rubric_ids)}))
    return create_model("JudgeReply", __base__=JudgeReply, judgments=items)


class FollowUpReply(BaseModel):
    """The interviewer's next move on the current question."""

    model_config = ConfigDict(extra="ignore")

    move_on: bool = Field(description="true to go to the next question instead of asking a follow-up.")
    target: TargetName = Field(description="What the follow-up probes.")
    question: str = Field(
        default="", description="The follow-up, one spoken question, no hints.", json_schema_extra=_limit(300)
    )
