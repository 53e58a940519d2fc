"""The LLM interviewer: follow-ups and rubric judgments from any OpenAI-compatible endpoint.

The deterministic detectors of the offline backend always run; the LLM adds its own judgments,
kept apart (``llm_flags``, ``llm_scores``) so the report can show both and where they agree.
Every quote the LLM gives must be found in the graded answer, or its judgment is dropped.
When the endpoint fails for good, or the budget is spent, the interview goes on offline with a
notice; a malformed reply costs one answer's LLM judgment, not the session.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from interviewer.backends.base import AnswerInput, TurnState
from interviewer.backends.guard import locate_quote, strip_instructions
from interviewer.backends.offline import OfflineBackend, missed_targets, room_to_dig
from interviewer.backends.reactions import content_follow_ups, last_non_answer, react_to_non_answer
from interviewer.bank.models import CompanyProfile, FollowUp, Question
from interviewer.bank.questions import QuestionBank
from interviewer.llm.client import (
    BudgetExhausted,
    LLMClient,
    LLMConfig,
    LLMReplyError,
    LLMUnavailable,
    is_local,
    public_url,
)
from interviewer.llm.errors import LLMError
from interviewer.llm.prompts import render
from interviewer.llm.schemas import TARGETS, FollowUpReply, JudgeReply, judge_reply_for
from interviewer.settings import Settings
from interviewer.shared.errors import UsageError
from interviewer.shared.vocabulary import LLMUsage, Severity, Target, Track
from rubrics.models import AnswerScore, Flag, Rubric, RubricKind
from rubrics.text import word_count

R = TypeVar("R")
JUDGED_KINDS = (RubricKind.RED_FLAG, RubricKind.STRUCTURE)
FLAG_AT_OR_BELOW = 3
SEVERITY_BY_SCORE = {1: Severity.HIGH, 2: Severity.MEDIUM, 3: Severity.LOW}
MAX_TURN_CHARS = 12_000
HISTORY_TURNS = 6
MAX_FOLLOW_UP_WORDS = 60


@dataclass
class TurnVerdict:
    """The LLM's judgments of one question's answers so far, quotes located in the joined text."""

    scores: dict[str, int] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    dropped: int = 0
    invalid: int = 0


def judged_rubrics(rubrics: dict[str, Rubric], track: Track) -> dict[str, Rubric]:
    return {rid: r for rid, r in rubrics.items() if track in r.tracks and r.kind in JUDGED_KINDS}


def rubric_block(rubrics: dict[str, Rubric]) -> str:
    lines = []
    for rubric in rubrics.values():
        scale = "; ".join(f"{score}: {text}" for score, text in sorted(rubric.scale.items()))
        lines.append(
            f"- {rubric.id} ({rubric.name}). {' '.join(rubric.meaning.split())} "
            f"Evidence: {' '.join(rubric.evidence.split())} Scale: {scale}"
        )
    return "\n".join(lines)


def checklist_line(question: Question) -> str:
    if not question.checklist:
        return ""
    return "Key points a strong answer covers: " + "; ".join(point.point for point in question.checklist)


def bounded(text: str, limit: int = MAX_TURN_CHARS) -> str:
    """The text, or its start and end with the middle left out when it is very long."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n[… {len(text) - limit} characters left out …]\n{text[-half:]}"


def client_from_settings(settings: Settings) -> LLMClient:
    """The LLM client the settings describe; a hosted endpoint without a key is a UsageError."""
    base_url = settings.resolved_llm_base_url()
    local = is_local(base_url)
    key = settings.resolved_llm_api_key()
    if key is None and not local:
        raise UsageError(
            f"the llm backend needs an API key for {public_url(base_url)}: set OPENAI_API_KEY, "
            "or point OPENAI_BASE_URL at a local server (Ollama, llama.cpp, vLLM, LM Studio)"
        )
    price_in, price_out = settings.resolved_llm_prices(local)
    try:
        return LLMClient(
            LLMConfig(
                base_url=base_url,
                model=settings.llm_model,
                api_key=key or "not-needed",
                timeout_s=settings.llm_timeout_s,
                max_retries=settings.llm_max_retries,
                price_in_per_mtok=price_in,
                price_out_per_mtok=price_out,
                budget_usd=settings.llm_budget_usd,
                structured=settings.llm_structured,
                max_tokens=settings.llm_max_tokens,
            )
        )
    except ValueError as error:
        raise UsageError(str(error)) from None


class LLMBackend:
    """Judges and asks through an LLM; scores with the detectors as well; falls back offline."""

    name = "llm"

    def __init__(
        self,
        bank: QuestionBank,
        client: LLMClient,
        rubrics: dict[str, Rubric] | None = None,
        *,
        fallback: bool = True,
    ) -> None:
        self.offline = OfflineBackend(bank, rubrics)
        self.rubrics = self.offline.rubrics
        self.client = client
        self.fallback = fallback
        self.offline_reason: str | None = None
        self._notices: list[str] = []
        self._verdicts: dict[tuple[str, int], TurnVerdict] = {}
        self._history: dict[str, str] = {}

    # The interviewer protocol -------------------------------------------------------------

    def score_answer(self, state: TurnState, answer: AnswerInput, *, follow_up: bool) -> AnswerScore:
        score = self.offline.score_answer(state, answer, follow_up=follow_up)
        answers = [*state.answers, answer.text]
        asked = (
            state.follow_ups_asked[-1].text if follow_up and state.follow_ups_asked else state.question.text
        )
        prompts = [*state.prompts, asked]
        verdict = self._guarded(
            "judgment", lambda: self._judge(state.question, state.company, prompts, answers)
        )
        if verdict is None:
            return score
        self._verdicts[(state.question.id, len(answers))] = verdict
        graded = strip_instructions(answer.text).text
        score.backend = "llm"
        score.llm_scores = dict(verdict.scores)
        score.llm_dropped = verdict.dropped
        # This answer's own flags: absences, and quotes found in this answer (not in earlier ones).
        relocated = [self._relocated(flag, graded) for flag in verdict.flags]
        score.llm_flags = [flag for flag in relocated if flag.absent or flag.spans]
        return score

    def score_turn(self, state: TurnState) -> AnswerScore:
        score = self.offline.score_turn(state)
        verdict = self._verdicts.get((state.question.id, len(state.answers)))
        if verdict is not None:
            joined = strip_instructions(state.joined_answers).text
            score.backend = "llm"
            score.llm_scores = dict(verdict.scores)
            score.llm_dropped = verdict.dropped
            score.llm_flags = [self._relocated(flag, joined) for flag in verdict.flags]
        flagged = sorted({flag.rubric for flag in score.flags} | {flag.rubric for flag in score.llm_flags})
        overall = f"{score.overall:.1f}/5" if score.overall is not None else "unscored"
        summary = f"{state.question.topic} ({state.question.track.value}): {overall}"
        self._history[state.question.id] = summary + (f"; weak on {', '.join(flagged)}" if flagged else "")
        return score

    def hear(self, state: TurnState, partial: str) -> None:
        """Nothing to prepare: an endpoint's prompt cache is not ours to warm."""

    def choose_follow_up(self, state: TurnState, turn_score: AnswerScore) -> FollowUp | None:
        if state.answers and (reaction := react_to_non_answer(state, turn_score, self.offline.bank)):
            return reaction
        if not room_to_dig(state) or last_non_answer(state, self.offline.bank) is not None:
            return None
        asked = {follow_up.target for follow_up in content_follow_ups(state)}
        combined = turn_score.model_copy(update={"flags": [*turn_score.flags, *turn_score.llm_flags]})
        weak = [
            t
            for t in missed_targets(combined, self.rubrics, state.company.follow_up_priority)
            if t not in asked
        ]
        allowed = [t for t in self._targets_for(state.question) if t not in asked]
        if not allowed:
            return None
        reply = self._guarded("follow-up", lambda: self._ask(state, weak, allowed))
        if reply is None:
            return self.offline.choose_follow_up(state, turn_score)
        if reply.move_on:
            return None
        text = " ".join(reply.question.split())
        target = Target(reply.target)
        if target not in allowed or len(text) < 10 or word_count(text) > MAX_FOLLOW_UP_WORDS:
            self._notices.append(
                f"The LLM proposed an unusable follow-up ({target.value}: {text[:60]!r}); "
                "the offline interviewer chose this one."
            )
            return self.offline.choose_follow_up(state, turn_score)
        return FollowUp(target=target, text=text)

    def drain_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices

    def usage(self) -> LLMUsage | None:
        return self.client.usage

    # The LLM calls --------------------------------------------------------------------------

    @staticmethod
    def _persona(company: CompanyProfile) -> str:
        return render(
            "persona",
            company_name=company.name,
            company_description=company.description,
            emphasis=", ".join(company.emphasis),
        )

    def _judge(
        self, question: Question, company: CompanyProfile, prompts: list[str], answers: list[str]
    ) -> TurnVerdict:
        wanted = judged_rubrics(self.rubrics, question.track)
        if not wanted:
            return TurnVerdict()
        graded = [strip_instructions(text).text for text in answers]
        joined = "\n".join(text for text in graded if text.strip())
        nonce = secrets.token_hex(4)
        dialogue = "\n".join(
            f"Interviewer: {prompt}\nCandidate: {' '.join(text.split())}"
            for prompt, text in zip(prompts, graded, strict=True)
        )
        # What stays the same across calls comes first, so servers can reuse the cached prefix.
        rules = [self._persona(company), render("data_rule"), render("judge")]
        system = "\n\n".join([*rules, render("judge_rubrics", rubrics=rubric_block(wanted))])
        user = render(
            "judge_task",
            track=question.track.value,
            question=question.text,
            checklist=checklist_line(question),
            nonce=nonce,
            answer=bounded(dialogue),
        )
        reply: JudgeReply = self.client.complete(
            "judge",
            [{"role": "system", "content": system}, {"role": "user", "content": user}],
            judge_reply_for(tuple(wanted)),
        )
        verdict = self._verify(reply, wanted, joined)
        self.client.usage.dropped_judgments += verdict.dropped
        self.client.usage.invalid_judgments += verdict.invalid
        return verdict

    def _verify(self, reply: JudgeReply, wanted: dict[str, Rubric], graded: str) -> TurnVerdict:
        """Keep the judgments that name a wanted rubric, are consistent, and quote the answer."""
        verdict = TurnVerdict()
        for judgment in reply.judgments:
            rubric = judgment.rubric.strip()
            flagged = judgment.verdict == "flagged"
            if (
                rubric not in wanted
                or rubric in verdict.scores
                or flagged != (judgment.score <= FLAG_AT_OR_BELOW)
            ):
                verdict.invalid += 1
                continue
            quotes = [quote for quote in judgment.quotes if quote.strip()][:3]
            spans = [locate_quote(quote, graded) for quote in quotes]
            if any(span is None for span in spans):
                verdict.dropped += 1
                continue
            located = [span for span in spans if span is not None]
            if flagged and not located and not judgment.missing.strip():
                verdict.invalid += 1  # a flag with no evidence at all
                continue
            verdict.scores[rubric] = judgment.score
            if flagged:
                evidence = [graded[start:end] for start, end in located] or [
                    f"missing: {' '.join(judgment.missing.split())[:200]}"
                ]
                verdict.flags.append(
                    Flag(
                        rubric=rubric,
                        severity=SEVERITY_BY_SCORE[judgment.score],
                        evidence=evidence,
                        spans=located,
                        absent=not located,
                        source="llm",
                        detail=" ".join(judgment.reason.split())[:300],
                    )
                )
        return verdict

    @staticmethod
    def _relocated(flag: Flag, text: str) -> Flag:
        """The flag with its quotes' spans found in text (another answer or the joined turn)."""
        if flag.absent:
            return flag
        spans = [locate_quote(quote, text) for quote in flag.evidence]
        found = [span for span in spans if span is not None]
        return flag.model_copy(update={"spans": found})

    def _ask(self, state: TurnState, weak: list[Target], allowed: list[Target]) -> FollowUpReply:
        nonce = secrets.token_hex(4)
        graded = [strip_instructions(text).text for text in state.answers]
        prompts = state.prompts if len(state.prompts) == len(graded) else [state.question.text] * len(graded)
        dialogue = "\n".join(
            f"Interviewer: {prompt}\nCandidate: {' '.join(text.split())}"
            for prompt, text in zip(prompts, graded, strict=True)
        )
        history = [line for qid, line in self._history.items() if qid != state.question.id][-HISTORY_TURNS:]
        system = "\n\n".join([self._persona(state.company), render("data_rule"), render("follow_up")])
        user = render(
            "follow_up_task",
            history="\n".join(f"- {line}" for line in history) or "- (this is the first question)",
            track=state.question.track.value,
            question=state.question.text,
            checklist=checklist_line(state.question),
            asked="; ".join(f"{f.target.value}: {f.text}" for f in state.follow_ups_asked) or "none",
            weak=", ".join(t.value for t in weak) or "none found by the detectors",
            targets=", ".join(t.value for t in allowed),
            nonce=nonce,
            answer=bounded(dialogue),
        )
        return self.client.complete(
            "follow_up",
            [{"role": "system", "content": system}, {"role": "user", "content": user}],
            FollowUpReply,
        )

    @staticmethod
    def _targets_for(question: Question) -> list[Target]:
        targets = [Target(name) for name in TARGETS]
        if question.track != Track.BEHAVIORAL:
            targets.remove(Target.STAR)
        if not question.checklist:
            targets.remove(Target.CHECKLIST)
        return targets

    def _guarded(self, what: str, call: Callable[[], R]) -> R | None:
        """Run an LLM call; on failure note it and return None so the offline backend steps in."""
        if self.offline_reason is not None:
            return None
        try:
            return call()
        except (LLMUnavailable, BudgetExhausted) as error:
            if not self.fallback:
                raise
            self.offline_reason = str(error)
            self.client.usage.offline_since = str(error)
            self._notices.append(f"{error}; the offline interviewer took over")
            return None
        except LLMReplyError as error:
            if not self.fallback:
                raise
            self._notices.append(f"{error}; the offline interviewer covered this {what}.")
            return None


def create(bank: QuestionBank, settings: Settings, *, fallback: bool = True) -> LLMBackend:
    """The registry's factory (interviewer.engine.setup): the endpoint is checked first, so an
    unreachable one is a one-line error before the interview starts."""
    client = client_from_settings(settings)
    try:
        client.check()
    except LLMError as error:
        raise LLMError(f"{error}, or use --backend offline", error.detail) from None
    return LLMBackend(bank, client, fallback=fallback)
