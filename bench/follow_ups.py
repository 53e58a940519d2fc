"""Measure the follow-ups of the offline and local backends on the hand-labelled answers.

For every labelled answer that gets a content follow-up (non-answers and answers the rules move on
from are left out), each backend's follow-up is rated:
  (a) target:   it keeps the chosen target's curated point (interviewer.backends.local's drift rule);
  (b) reuse:    it repeats a phrase of the answer (two words, one a content word) that neither the
                curated follow-up nor the question has;
  (c) form:     one question of at most 35 words;
  (d) clean:    no praise, and nothing that answers it;
and the latency from the end of the answer (scoring starts) to the follow-up's text. For the local
backend the model's own replies are rated too, before invalid ones are replaced by the curated
text: those are the model's honest numbers; after the fallback (a), (c) and (d) hold by design.

    .venv/bin/python -m bench.follow_ups [--set held-out] [--limit N] [--threads N] [--json]

starts the local model itself (about 1.2 GB of memory; first run joins it into the cache).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.labelled import DEFAULT_COMPANY, LABELLED_SETS, LabelledAnswer, load_labelled
from interviewer.backends.base import AnswerInput, TurnState
from interviewer.backends.local import (
    DEFAULT_STYLE,
    STYLES,
    TARGET_CUES,
    LocalBackend,
    LocalRuntime,
    check_follow_up,
    kept_share,
    reuses_answer,
    tidy,
)
from interviewer.backends.offline import OfflineBackend
from interviewer.backends.reactions import REACTIONS
from interviewer.bank.models import FollowUp
from interviewer.bank.questions import QuestionBank, default_bank
from rubrics.relevance import content_stems

MAX_FOLLOW_UPS = 2


@dataclass
class Rated:
    answer_id: str
    target: str
    curated: str
    text: str
    latency_s: float
    checks: dict[str, bool]
    raw: str | None = None
    raw_checks: dict[str, bool] | None = None
    reason: str | None = None


@dataclass
class BackendResult:
    name: str
    rated: list[Rated] = field(default_factory=list)

    def share(self, check: str, *, raw: bool = False) -> float | None:
        values = [(r.raw_checks if raw else r.checks) for r in self.rated]
        present = [v[check] for v in values if v is not None]
        return sum(present) / len(present) if present else None

    def latency(self, quantile: float) -> float | None:
        values = sorted(r.latency_s for r in self.rated)
        if not values:
            return None
        return values[min(len(values) - 1, int(quantile * len(values)))]

    def summary(self) -> dict[str, object]:
        checks = ("target", "reuse", "form", "clean", "opened", "on_point")
        summary: dict[str, object] = {
            "follow_ups": len(self.rated),
            **{check: self.share(check) for check in checks},
            "latency_median_s": statistics.median(r.latency_s for r in self.rated) if self.rated else None,
            "latency_p90_s": self.latency(0.9),
        }
        if any(r.raw_checks for r in self.rated):
            extra = (
                ("valid", "related")
                if any("related" in (r.raw_checks or {}) for r in self.rated)
                else ("valid",)
            )
            summary["model_replies"] = {check: self.share(check, raw=True) for check in (*checks, *extra)}
            summary["fallbacks"] = dict(Counter(r.reason for r in self.rated if r.reason))
        return summary


def rate(text: str, chosen: FollowUp, answer: str, question: str) -> dict[str, bool]:
    reason = check_follow_up(text, chosen, question=question) or ""
    return {
        "target": not reason.startswith("drifts") and kept_share(text, chosen.text) > 0,
        "reuse": reuses_answer(text, answer, chosen.text, question),
        "form": not reason.startswith(("over", "not one", "too short")),
        "clean": not reason.startswith(("praises", "answers")),
        "valid": not reason,
        "opened": text.startswith("You said “"),
        "on_point": opens_on_point(text, chosen),
    }


def opens_on_point(text: str, chosen: FollowUp) -> bool:
    """The candidate's words a follow-up opens on ("You said “...”.") share a content word with the
    curated follow-up or a word of its target: a rough check that the lead-in is about the question
    it leads into, not any phrase of the answer."""
    quoted = re.search(r"“([^”]*)”", text)
    if quoted is None:
        return False
    said = set(content_stems(quoted.group(1)))
    lowered = quoted.group(1).lower()
    return bool(said & set(content_stems(chosen.text))) or any(
        cue in lowered for cue in TARGET_CUES.get(chosen.target, ())
    )


def state_for(answer: LabelledAnswer, bank: QuestionBank) -> TurnState:
    question = bank.questions[answer.question]
    company = bank.company(answer.company if answer.company in bank.companies else DEFAULT_COMPANY)
    return TurnState(question, company, [question.text], [answer.text], [], MAX_FOLLOW_UPS)


def run(
    answers: Sequence[LabelledAnswer], bank: QuestionBank, local: LocalBackend | None
) -> list[BackendResult]:
    offline = OfflineBackend(bank)
    results = [BackendResult("offline")] + ([BackendResult("local")] if local else [])
    for answer in answers:
        state = state_for(answer, bank)
        started = time.monotonic()
        offline.score_answer(state, AnswerInput(answer.text), follow_up=False)
        turn_score = offline.score_turn(state)
        asked = offline.choose_follow_up(state, turn_score)
        latency = time.monotonic() - started
        chosen = offline.next_move(state, turn_score)  # the curated text, before it opens on a claim
        if chosen is None or asked is None or chosen.target in REACTIONS:
            continue
        question = state.question.text
        checks = rate(asked.text, chosen, answer.text, question)
        results[0].rated.append(
            Rated(answer.id, chosen.target.value, chosen.text, asked.text, latency, checks)
        )
        if local is None:
            continue
        local.last_raw = local.last_reason = None
        started = time.monotonic()
        local.score_answer(state, AnswerInput(answer.text), follow_up=False)
        follow_up = local.choose_follow_up(state, local.score_turn(state))
        latency = time.monotonic() - started
        assert follow_up is not None
        reply = tidy(local.last_raw) if local.last_raw is not None else None
        raw_checks = None
        if reply is not None and local.style == "rewrite":
            raw_checks = rate(reply, chosen, answer.text, question)
        elif reply is not None:  # the model only names the words to open on: usable or not
            raw_checks = {
                **rate(follow_up.text, chosen, answer.text, question),
                "valid": local.last_reason is None,
                "related": local.last_reason is None and opens_on_point(follow_up.text, chosen),
            }
        results[1].rated.append(
            Rated(
                answer.id,
                chosen.target.value,
                chosen.text,
                follow_up.text,
                latency,
                rate(follow_up.text, chosen, answer.text, question),
                reply,
                raw_checks,
                local.last_reason,
            )
        )
    return results


def format_report(results: list[BackendResult]) -> list[str]:
    def pct(value: object) -> str:
        return f"{value:6.0%}" if isinstance(value, float) else "     -"

    lines = ["backend          n  target  reuse   form  clean opened on point  median s  p90 s"]
    for result in results:
        s = result.summary()
        lines.append(
            f"{result.name:<14}{s['follow_ups']:>4} {pct(s['target'])} {pct(s['reuse'])} {pct(s['form'])} "
            f"{pct(s['clean'])} {pct(s['opened'])}   {pct(s['on_point'])}"
            f"  {s['latency_median_s'] or 0:8.2f} {s['latency_p90_s'] or 0:6.2f}"
        )
        if (model := s.get("model_replies")) and isinstance(model, dict):
            related = (
                f", on point {pct(model['related']).strip()}" if model.get("related") is not None else ""
            )
            lines.append(
                f"  model replies     {pct(model['target'])} {pct(model['reuse'])} {pct(model['form'])} "
                f"{pct(model['clean'])}   valid {pct(model['valid']).strip()}{related}"
            )
            lines.append(f"  fallbacks: {s['fallbacks']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.follow_ups", description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=sorted(LABELLED_SETS), default="held-out")
    parser.add_argument("--limit", type=int, default=None, help="the first N answers only")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--offline-only", action="store_true")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds per reply (the backend's own default is 20)"
    )
    parser.add_argument("--style", choices=STYLES, default=DEFAULT_STYLE, help="how the model phrases")
    parser.add_argument("--show", action="store_true", help="print every follow-up")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    bank = default_bank()
    answers = load_labelled(LABELLED_SETS[args.set])[: args.limit]
    local = None
    runtime = None
    if not args.offline_only:
        runtime = LocalRuntime(
            report=lambda line: print(line, file=sys.stderr), threads=args.threads, timeout_s=args.timeout
        )
        if runtime.wait() is None:
            print(f"{runtime.error} ({runtime.error_detail})", file=sys.stderr)
            return 1
        local = LocalBackend(bank, runtime, style=args.style)
    try:
        results = run(answers, bank, local)
        server = runtime.server if runtime else None
        extra = {
            "load_s": server.load_s if server else None,
            "rss_mb": (server.rss_bytes() or 0) / 2**20 if server else None,
        }
    finally:
        if runtime:
            runtime.close()
    if args.json:
        out: dict[str, object] = {**{r.name: r.summary() for r in results}, **extra}
        if args.show:
            out["follow_ups"] = [vars(r) for result in results for r in result.rated]
        print(json.dumps(out, indent=2, default=str))
        return 0
    if args.show:
        for result in results:
            for r in result.rated:
                model = f"\n  model: {r.raw}" if result.name != "offline" else ""
                asked = f"\n  asked: {r.text}  ({r.reason or 'ok'})\n"
                print(f"{result.name} [{r.target}] {r.curated}{model}{asked}")
    print("\n".join(format_report(results)))
    print(f"local model: load {extra['load_s'] or 0:.1f} s, RSS {extra['rss_mb'] or 0:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
