"""Export a session as a Markdown report, a self-contained HTML report, or JSON."""

from __future__ import annotations

import html
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
            out(f"- **{rubric_name(flag.rubric)}** ({flag.severity.value}) {flag.detail}".rstrip())
            for quote in flag.evidence:
                out(f"  - {kind}: “{quote}”" if not flag.absent else f"  - {kind}: {quote}")
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
            quotes = "; ".join(quote if flag.absent else f"“{quote}”" for quote in flag.evidence)
            out(f"- **{rubric_name(flag.rubric)}** ({flag.severity.value}): {quotes}")
            if flag.detail:
                out(f"  - why: {flag.detail}")
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
            said = f" — “{item.evidence}”" if item.evidence else ""
            out(f"- [{mark}] {item.point}{said}")
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
        parts += [text[position:start], f"**{text[start:end]}**"]
        position = end
    return "".join(parts) + text[position:]


def answer_markdown(answer: AnswerRecord, highlight: bool) -> str:
    if not answer.text:
        return "(no answer)"
    if not highlight or answer.score is None:
        return answer.text
    flags = [*answer.score.flags, *answer.score.llm_flags]
    return highlighted(answer.text, [span for flag in flags if not flag.absent for span in flag.spans])


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
        out(f"> Notice: {notice}\n")
    out("## Top things to work on\n")
    work_items = top_work_items(record)
    if not work_items:
        out("No red flags in this session. Keep the same habits, and try a harder track.\n")
    for number, item in enumerate(work_items, 1):
        out(f"{number}. **{item.name}**: flagged in {item.times} answer(s). {item.advice}")
    out("")
    for turn in record.turns:
        question = turn.question
        out(f"## Question {turn.index + 1}: {question.text}\n")
        out(f"_{question.track} · {question.topic} · {question.difficulty} · score {turn_overall(turn)}_\n")
        for answer in turn.answers:
            if answer.kind == PromptKind.FOLLOW_UP:
                out(f"**Follow-up ({answer.target}):** {answer.prompt}\n")
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
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #c33;color:#444}
.missing{color:#a50}.flag{margin:.4rem 0}.meta{color:#666}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem}
"""


def to_html(record: SessionRecord) -> str:
    """The same report as Markdown, as one HTML file with inline CSS; all text is escaped."""
    e = html.escape
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Interview report {e(record.id)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Interview report: {e(record.track)}, {record.started_at:%Y-%m-%d %H:%M}</h1>",
        "<ul>" + "".join(f"<li>{e(line)}</li>" for line in summary_lines(record)) + "</ul>",
        "<p>Levels: "
        + " · ".join(f"<strong>{n}</strong> {e(text)}" for n, text in LEVEL_MEANINGS.items())
        + "</p>",
    ]
    parts += [f"<p><strong>Notice:</strong> {e(notice)}</p>" for notice in record.notices]
    parts.append("<h2>Top things to work on</h2><ol>")
    work_items = top_work_items(record)
    parts += [
        f"<li><strong>{e(item.name)}</strong>: flagged in {item.times} answer(s). {e(item.advice)}</li>"
        for item in work_items
    ] or ["<li>No red flags in this session.</li>"]
    parts.append("</ol>")
    for turn in record.turns:
        question = turn.question
        parts.append(f"<h2>Question {turn.index + 1}: {e(question.text)}</h2>")
        parts.append(
            f'<p class="meta">{e(question.track)} · {e(question.topic)} · {e(question.difficulty)}'
            f" · score {e(turn_overall(turn))}</p>"
        )
        for answer in turn.answers:
            if answer.kind == PromptKind.FOLLOW_UP:
                parts.append(
                    f"<p><strong>Follow-up ({e(answer.target or '')}):</strong> {e(answer.prompt)}</p>"
                )
            parts.append(f"<p><strong>Answer:</strong> {e(answer.text or '(no answer)')}</p>")
            if spoken := spoken_delivery(answer):
                parts.append(f'<p class="meta">Spoken: {e(spoken)}</p>')
        score = turn.score
        if not score:
            continue
        if score.level_reasons:
            parts.append(f"<p><strong>Why this level:</strong> {e('; '.join(score.level_reasons))}</p>")
        for flag in score.flags:
            parts.append(
                f'<div class="flag"><strong>{e(rubric_name(flag.rubric))}</strong> ({e(flag.severity.value)})'
            )
            css = ' class="missing"' if flag.absent else ""
            parts += [f"<blockquote{css}>{e(quote)}</blockquote>" for quote in flag.evidence]
            parts.append("</div>")
        for flag in score.llm_flags:
            parts.append(
                f'<div class="flag"><strong>LLM: {e(rubric_name(flag.rubric))}</strong> '
                f"({e(flag.severity.value)}) {e(flag.detail)}"
            )
            css = ' class="missing"' if flag.absent else ""
            parts += [f"<blockquote{css}>{e(quote)}</blockquote>" for quote in flag.evidence]
            parts.append("</div>")
        if agreement := score.agreement():
            parts.append(
                f"<p>Detectors and LLM agree on {sum(agreement.values())} of {len(agreement)} rubrics.</p>"
            )
        parts += [
            f'<p class="meta">Not graded (addressed to the grader): {e(text)}</p>'
            for text in score.ignored_instructions
        ]
        if score.checklist.items:
            parts.append("<ul>")
            for item in score.checklist.items:
                mark = "✔" if item.covered else "✘"
                parts.append(f"<li>{mark} {e(item.point)}</li>")
            parts.append("</ul>")
        parts.append(f"<p><strong>Delivery:</strong> {e(delivery_line(score.delivery))}</p>")
        if score.scores:
            rows = "".join(
                f"<tr><td>{e(rubric_name(rid))}</td><td>{value}/5</td>"
                f"<td>{score.llm_scores.get(rid, '-')}</td></tr>"
                for rid, value in score.scores.items()
            )
            parts.append(f"<table><tr><th>rubric</th><th>detectors</th><th>LLM</th></tr>{rows}</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def to_json(record: SessionRecord) -> str:
    return record.model_dump_json(indent=2)


def export(record: SessionRecord, fmt: str) -> str:
    renderers = {"md": to_markdown, "html": to_html, "json": to_json}
    if fmt not in renderers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return renderers[fmt](record)
