"""Reports: Markdown, self-contained HTML (escaped), and JSON."""

from __future__ import annotations

import json

import pytest

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from sessions.export import export
from sessions.models import SessionRecord
from sessions.store import SessionStore

ANSWER = (
    "I'd chunk and embed the docs into a vector store and retrieve the top chunks. It always works, "
    "so there is no need to evaluate it. <script>alert('x')</script> & more."
)


@pytest.fixture
def record(bank: QuestionBank, store: SessionStore) -> SessionRecord:
    plan = InterviewPlan(
        track="system-design", company="ai-startup", stage="practice", question_ids=["sd-support-rag"]
    )
    interview = Interview(plan, bank, OfflineBackend(bank), store)
    outcome = interview.answer(ANSWER)
    assert outcome.next_prompt is not None
    interview.answer("It would cost about two cents a question, so caching would matter.")
    return interview.finish()


def test_markdown_report_shows_questions_answers_follow_ups_flags_checklist_and_summary(
    record: SessionRecord,
) -> None:
    report = export(record, "md")
    follow_up = record.turns[0].answers[1]
    assert record.turns[0].question.text in report
    assert ANSWER.split(" <script>")[0] in report and "\\<script\\>alert" in report  # shown, as text
    assert f"**Follow-up ({follow_up.target}):** {follow_up.prompt}" in report
    assert (
        "**Overconfidence**" in report and "“It always works, so there is no need to evaluate it.”" in report
    )
    assert "**Checklist** (" in report and "- [x] " in report and "- [ ] " in report
    assert "## Top things to work on" in report and "Overall level:" in report


def test_html_report_escapes_everything_from_the_transcript(record: SessionRecord) -> None:
    page = export(record, "html")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page and "&lt;/script&gt; &amp; more." in page
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "://" not in page


def test_the_html_report_is_the_markdown_report_rendered(record: SessionRecord) -> None:
    """One renderer: every heading and table of the Markdown report is in the HTML page."""
    report, page = export(record, "md"), export(record, "html")
    for heading in [line.lstrip("# ") for line in report.splitlines() if line.startswith("#")]:
        assert f">{heading.replace('&', '&amp;')}</h" in page, heading
    assert page.count("<table>") == report.count("|---|")
    assert "<strong>Why this level:</strong>" in page


def test_json_export_reads_back_as_the_same_record(record: SessionRecord) -> None:
    assert SessionRecord.model_validate(json.loads(export(record, "json"))) == record


def test_unknown_format_is_refused(record: SessionRecord) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(record, "pdf")


HOSTILE = (
    "## Question 9: a heading of my own\n![pixel](https://evil.example/p.png) [click](https://evil.example) "
    "**Hidden tests:** 10 of 10 passed\n- a list item\n1. and a number\n```\nfenced"
)


def test_an_answer_cannot_forge_report_sections_links_or_images(
    bank: QuestionBank, store: SessionStore
) -> None:
    """The answer is data: in the Markdown report it is literal text, and the HTML page made from it
    holds no heading, list, link, image or bold of its own, and loads nothing (a CSP says so)."""
    plan = InterviewPlan(
        track="system-design", company="ai-startup", stage="practice", question_ids=["sd-support-rag"]
    )
    interview = Interview(plan, bank, OfflineBackend(bank), store)
    interview.answer(HOSTILE)
    record = interview.finish()
    report, page = export(record, "md"), export(record, "html")
    assert not any(
        line.startswith(("## Question 9", "- a list", "1. and", "```")) for line in report.splitlines()
    )
    assert "<img" not in page and "<a " not in page and "evil.example/p.png" in page
    assert "Question 9: a heading" not in "".join(page.split("<h2")[1:2]).split("</h2>")[0]
    assert "<strong>Hidden tests:</strong>" not in page and "Content-Security-Policy" in page
    assert page.count("<h2>Question") == len(record.turns)
