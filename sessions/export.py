"""Export a session as a Markdown report, a self-contained HTML report, or JSON."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from rubrics.levels import LEVEL_MEANINGS
from rubrics.models import AnswerScore, Delivery
from sessions.models import AnswerRecord, PromptKind, SessionRecord
from sessions.report import rubric_name, summary_lines, top_work_items, turn_overall

FORMATS = ("md", "html", "json")


def delivery_line(delivery: Delivery) -> str:
    parts = [f"{delivery.word_count} words"]
    if delivery.duration_s is not None:
        parts.append(f"{delivery.duration_s:.0f} s")
    if delivery.words_per_minute is not None:
        parts.append(f"{delivery.words_per_minute:.0f} words/min")
    fillers = f"{delivery.filler_count} fillers ({delivery.fillers_per_100_words:.1f} per 100 words"
    if delivery.fillers_per_minute is not None:
        fillers += f", {delivery.fillers_per_minute:.1f}/min"
    parts.append(fillers + ")")
    if delivery.long_pauses is not None:
        parts.append(f"{delivery.long_pauses} pauses over 2 s")
    if delivery.talk_time_s is not None:
        parts.append(f"talk time {delivery.talk_time_s:.0f} s")
    if delivery.rambling:
        parts.append(f"long for the question (about {delivery.expected_words} words expected)")
    return ", ".join(parts)


def spoken_delivery(answer: AnswerRecord) -> str | None:
    """Pace, fillers and pauses of one spoken answer, from its word timings; None if typed."""
    parts = []
    if answer.score is not None and answer.score.delivery.words_per_minute is not None:
        parts.append(delivery_line(answer.score.delivery))
    if answer.recovered:
        parts.append("recovered from its recording after the session was interrupted")
    return " · ".join(parts) or None


def _score_sections(score: AnswerScore, out: Callable[[str], None]) -> None:
    """The level and why, flags, checklist, STAR parts, delivery and scores of one turn, as Markdown lines."""
    if score.level_reasons:
        out(f"**Why this level:** {'; '.join(score.level_reasons)}\n")
    if score.flags:
        out("**Flags**\n")
        for flag in score.flags:
            kind = "missing" if flag.absent else "evidence"
            out(f"- **{rubric_name(flag.rubric)}** ({flag.severity.value}) {md(flag.detail)}".rstrip())
            for quote in flag.evidence:
                out(f"  - {kind}: “{md(quote)}”" if not flag.absent else f"  - {kind}: {md(quote)}")
        out("")
    else:
        out("**Flags:** none\n")
    if score.backend == "llm":
        out(
            "**LLM judge flags** (quotes checked against the answer)\n"
            if score.llm_flags
            else "**LLM judge flags:** none\n"
        )
        for flag in score.llm_flags:
            quotes = "; ".join(md(quote) if flag.absent else f"“{md(quote)}”" for quote in flag.evidence)
            out(f"- **{rubric_name(flag.rubric)}** ({flag.severity.value}): {quotes}")
            if flag.detail:
                out(f"  - why: {md(flag.detail)}")
        if score.llm_flags:
            out("")
        if agreement := score.agreement():
            verdicts = ", ".join(f"{rubric_name(r)} {'✔' if same else '✘'}" for r, same in agreement.items())
            out(f"**Detectors and LLM agree:** {sum(agreement.values())}/{len(agreement)} ({verdicts})\n")
        if score.llm_dropped:
            out(f"_{score.llm_dropped} LLM judgment(s) dropped: their quotes are not in the answer._\n")
    if score.ignored_instructions:
        out("**Not graded** (addressed to the grader, not part of the answer)\n")
        out("\n".join(f"- “{text}”" for text in score.ignored_instructions) + "\n")
    if score.checklist.items:
        covered = sum(item.covered for item in score.checklist.items)
        out(f"**Checklist** ({covered}/{len(score.checklist.items)} key points covered)\n")
        for item in score.checklist.items:
            mark = "x" if item.covered else " "
            said = f" — “{md(item.evidence)}”" if item.evidence else ""
            out(f"- [{mark}] {md(item.point)}{said}")
        out("")
    if score.star:
        parts = ", ".join(f"{part}: {'yes' if found else 'no'}" for part, found in score.star.items())
        out(f"**STAR structure:** {parts}\n")
    out(f"**Delivery:** {delivery_line(score.delivery)}\n")
    if score.scores:
        if score.llm_scores:
            out("| rubric | detectors | LLM |\n|---|---|---|")
            for rubric_id, value in score.scores.items():
                llm = f"{score.llm_scores[rubric_id]}/5" if rubric_id in score.llm_scores else "-"
                out(f"| {rubric_name(rubric_id)} | {value}/5 | {llm} |")
        else:
            out("| rubric | score |\n|---|---|")
            for rubric_id, value in score.scores.items():
                out(f"| {rubric_name(rubric_id)} | {value}/5 |")
        out("")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~])")
_BULLET_START = re.compile(r"(?m)^(\s*)([-+=])")
_NUMBER_START = re.compile(r"(?m)^(\s*\d+)([.)])")
_CSP = "default-src 'none'; style-src 'unsafe-inline'"
"""The report page loads nothing and runs nothing, whatever an answer says."""


def md(text: str) -> str:
    """Text from the session (an answer, a quote, a model's words, an error) as literal Markdown:
    it can never start a heading, a list, a link, an image or bold type in the report."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _NUMBER_START.sub(r"\1\\\2", _BULLET_START.sub(r"\1\\\2", escaped))


def fenced(code: str, language: str = "python") -> str:
    """A code block whose fence is longer than any run of backticks in the code."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code.rstrip()}\n{fence}"


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span in bold (Markdown); overlapping spans are merged."""
    trimmed = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in trimmed:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    parts, position = [], 0
    for start, end in merged:
        parts += [md(text[position:start]), f"**{md(text[start:end])}**"]
        position = end
    return "".join(parts) + md(text[position:])


def answer_markdown(answer: AnswerRecord, highlight: bool) -> str:
    if not answer.text:
        return "(no answer)"
    if not highlight or answer.score is None:
        return md(answer.text)
    flags = [*answer.score.flags, *answer.score.llm_flags]
    return highlighted(answer.text, [span for flag in flags if not flag.absent for span in flag.spans])


def clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def code_markdown(answer: AnswerRecord, out: Callable[[str], None]) -> None:
    """The submitted code, each run of it, and each hidden test's result."""
    runs = answer.code_runs
    out(
        "**Runs:** "
        + " · ".join(f"{run.kind} at {clock(run.at_s)} ({run.passed}/{run.total})" for run in runs)
    )
    out("")
    out(f"**Code submitted:**\n\n{fenced(answer.code or '')}\n")
    final = next((run for run in reversed(runs) if run.kind == "submit"), None)
    if final is None:
        return
    if final.problem:
        out(f"**Hidden tests:** the code did not run: {md(final.problem)}\n")
        return
    out(f"**Hidden tests:** {final.passed} of {final.total} passed\n")
    for result in final.results:
        mark = "✔" if result.status == "passed" else "✘"
        detail = f": {md(result.detail)}" if result.detail and result.status != "passed" else ""
        out(f"- {mark} `{result.name}` {result.status}{detail}")
    out("")


def to_markdown(record: SessionRecord, *, highlight: bool = False) -> str:
    """The report as Markdown; with highlight, the words each flag quotes are bold in the answers."""
    lines: list[str] = []
    out = lines.append
    out(f"# Interview report: {record.track}, {record.started_at:%Y-%m-%d %H:%M}\n")
    out(f"Session `{record.id}`\n")
    for line in summary_lines(record):
        out(f"- {line}")
    out("")
    out("Levels: " + " · ".join(f"**{level}** {meaning}" for level, meaning in LEVEL_MEANINGS.items()) + "\n")
    for notice in record.notices:
        out(f"> Notice: {md(notice)}\n")
    out("## Top things to work on\n")
    work_items = top_work_items(record)
    if not work_items:
        out("No red flags in this session. Keep the same habits, and try a harder track.\n")
    for number, item in enumerate(work_items, 1):
        out(f"{number}. **{item.name}**: flagged in {item.times} answer(s). {item.advice}")
    out("")
    for turn in record.turns:
        question = turn.question
        out(f"## Question {turn.index + 1}: {md(question.text)}\n")
        out(f"_{question.track} · {question.topic} · {question.difficulty} · score {turn_overall(turn)}_\n")
        for answer in turn.answers:
            if answer.kind == PromptKind.FOLLOW_UP:
                out(f"**Follow-up ({answer.target}):** {md(answer.prompt)}\n")
            if answer.code is not None:
                code_markdown(answer, out)
                said = answer_markdown(answer, highlight) if answer.text else "(nothing)"
                out(f"**Said while coding:** {said}\n")
            else:
                out(f"**Answer:** {answer_markdown(answer, highlight)}\n")
            if spoken := spoken_delivery(answer):
                out(f"_Spoken: {spoken}_\n")
        if turn.skipped:
            out("_Skipped._\n")
        if turn.score:
            _score_sections(turn.score, out)
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
  line-height:1.5;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;border-top:1px solid #ddd;padding-top:1rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem}
pre{background:#f6f6f6;padding:.6rem;overflow-x:auto}
"""


def to_html(record: SessionRecord) -> str:
    """The Markdown report, rendered as one HTML file with inline CSS. Raw HTML in the source (an
    answer's text) is escaped, never passed through, and nothing is linked or fetched."""
    from markdown_it import MarkdownIt

    renderer = (
        MarkdownIt("commonmark", {"html": False}).enable("table").disable(["image", "link", "autolink"])
    )
    title = html.escape(f"Interview report {record.id}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{title}</title><style>{_CSS}</style></head><body>\n"
        f"{renderer.render(to_markdown(record))}</body></html>\n"
    )


def to_json(record: SessionRecord) -> str:
    return record.model_dump_json(indent=2)


def export(record: SessionRecord, fmt: str) -> str:
    renderers = {"md": to_markdown, "html": to_html, "json": to_json}
    if fmt not in renderers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return renderers[fmt](record)
