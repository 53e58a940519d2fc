"""Measure an LLM judge on the hand-labelled answers: precision and recall per red flag, agreement
with the offline detectors, and consistency across reruns.

Run it against your own endpoint (the same settings as the app: OPENAI_BASE_URL, OPENAI_API_KEY,
INTERVIEWER_LLM_MODEL, or the flags):
    .venv/bin/python -m bench.judge --base-url http://127.0.0.1:11434/v1 --model qwen2.5:7b --runs 3
Each answer is judged --runs times; a rubric counts as flagged by the LLM when most runs flag it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.labelled import LABELLED_SETS, LabelledAnswer, load_labelled, offline_flags
from interviewer.backends.base import AnswerInput, TurnState
from interviewer.backends.llm import LLMBackend, client_from_settings
from interviewer.bank.questions import QuestionBank, default_bank
from interviewer.llm.client import LLMClient, LLMError
from interviewer.settings import Settings
from interviewer.shared.errors import UsageError
from rubrics.evaluation import RubricAccuracy, accuracy_by_rubric, format_table, micro_average
from rubrics.loader import RED_FLAGS


@dataclass
class JudgeRun:
    """Every verdict of the LLM on the labelled answers, and what it cost."""

    answers: list[LabelledAnswer]
    runs: int
    verdicts: dict[str, list[set[str]]] = field(default_factory=dict)  # answer id -> flags per run
    offline: dict[str, set[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    dropped: int = 0
    invalid: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float | None = None
    median_latency_s: float | None = None

    def majority(self, answer_id: str) -> set[str]:
        runs = self.verdicts.get(answer_id, [])
        return {r for r in RED_FLAGS if sum(r in flags for flags in runs) * 2 > len(runs)}

    def accuracy(self) -> dict[str, RubricAccuracy]:
        pairs = [(set(a.flags), self.majority(a.id)) for a in self.answers if a.id in self.verdicts]
        return accuracy_by_rubric(pairs, RED_FLAGS)

    def agreement_with_offline(self) -> float | None:
        same = [
            (rubric in self.majority(a.id)) == (rubric in self.offline[a.id])
            for a in self.answers
            if a.id in self.verdicts
            for rubric in RED_FLAGS
        ]
        return sum(same) / len(same) if same else None

    def consistency(self) -> float | None:
        """Share of (answer, rubric) verdicts that were the same in every run."""
        same = [
            len({rubric in flags for flags in runs}) == 1
            for runs in self.verdicts.values()
            if len(runs) == self.runs
            for rubric in RED_FLAGS
        ]
        return sum(same) / len(same) if same else None

    def summary(self) -> dict[str, object]:
        total = micro_average(self.accuracy().values())
        return {
            "answers": len(self.answers),
            "judged": len(self.verdicts),
            "runs": self.runs,
            "precision": total.precision,
            "recall": total.recall,
            "per_rubric": {
                r.rubric: {"precision": r.precision, "recall": r.recall} for r in self.accuracy().values()
            },
            "agreement_with_offline": self.agreement_with_offline(),
            "consistency": self.consistency(),
            "dropped_judgments": self.dropped,
            "invalid_judgments": self.invalid,
            "failures": self.failures,
            "tokens_in": self.tokens_in,
            "tokens_out": self.tokens_out,
            "cost_usd": self.cost_usd,
            "median_latency_s": self.median_latency_s,
        }


def judge_flags(backend: LLMBackend, bank: QuestionBank, answer: LabelledAnswer) -> set[str]:
    question = bank.questions[answer.question]
    state = TurnState(question, bank.company("ai-startup"), [], [], [], max_follow_ups=0)
    score = backend.score_answer(state, AnswerInput(text=answer.text), follow_up=False)
    return {flag.rubric for flag in score.llm_flags} & set(RED_FLAGS)


def run_judge(
    client: LLMClient,
    answers: Sequence[LabelledAnswer],
    runs: int = 3,
    progress: Callable[[str], None] | None = None,
) -> JudgeRun:
    bank = default_bank()
    backend = LLMBackend(bank, client, fallback=False)
    result = JudgeRun(list(answers), runs)
    for number, answer in enumerate(answers, 1):
        result.offline[answer.id] = offline_flags(answer, bank)
        for _ in range(runs):
            try:
                result.verdicts.setdefault(answer.id, []).append(judge_flags(backend, bank, answer))
            except LLMError as error:
                result.failures.append(f"{answer.id}: {error}")
                result.verdicts.pop(answer.id, None)
                if "cannot reach" in str(error) or "budget" in str(error):
                    raise
                break
        if progress:
            progress(f"judged {number}/{len(answers)}: {answer.id}")
    usage = client.usage
    result.dropped, result.invalid = usage.dropped_judgments, usage.invalid_judgments
    result.tokens_in, result.tokens_out = usage.tokens_in, usage.tokens_out
    result.cost_usd = usage.cost_usd
    latencies = [call.latency_s for call in usage.calls if call.ok]
    result.median_latency_s = round(statistics.median(latencies), 3) if latencies else None
    return result


def format_report(result: JudgeRun, endpoint: str, model: str) -> str:
    def share(value: object) -> str:
        return f"{value:.2f}" if isinstance(value, float) else "-"

    summary = result.summary()
    lines = [
        f"LLM judge {model} at {endpoint}: {summary['judged']}/{summary['answers']} answers, "
        f"{result.runs} run(s) each (majority vote)",
        *format_table(result.accuracy()),
        f"agreement with the offline detectors: {share(summary['agreement_with_offline'])}",
        f"consistency across {result.runs} runs: {share(summary['consistency'])}",
        f"judgments dropped (quotes not in the answer): {result.dropped}; invalid: {result.invalid}",
        f"tokens: {result.tokens_in} in, {result.tokens_out} out; median latency "
        f"{share(result.median_latency_s)} s; cost "
        + ("unknown" if result.cost_usd is None else f"${result.cost_usd:.4f}"),
    ]
    lines += [f"failed: {failure}" for failure in result.failures]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.judge", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint (default: the app's settings)")
    parser.add_argument("--model", help="model name (default: INTERVIEWER_LLM_MODEL or the settings)")
    parser.add_argument("--runs", type=int, default=3, help="judgments per answer (default 3)")
    parser.add_argument("--set", choices=["all", *LABELLED_SETS], default="all", help="which labelled set")
    parser.add_argument("--limit", type=int, help="judge only the first N answers")
    parser.add_argument("--budget", type=float, help="stop when this many USD are spent (default: none)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    overrides: dict[str, object] = {"llm_budget_usd": args.budget}
    if args.base_url:
        overrides["llm_base_url"] = args.base_url
    if args.model:
        overrides["llm_model"] = args.model
    paths = LABELLED_SETS.values() if args.set == "all" else [LABELLED_SETS[args.set]]
    answers = [answer for path in paths for answer in load_labelled(path)][: args.limit]
    try:
        client = client_from_settings(Settings(**overrides))  # type: ignore[arg-type]
        client.check()
        result = run_judge(client, answers, max(1, args.runs), lambda line: print(line, file=sys.stderr))
    except (UsageError, LLMError) as error:
        print(f"bench.judge: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.summary(), indent=2))
    else:
        print(format_report(result, client.config.endpoint, client.config.model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
