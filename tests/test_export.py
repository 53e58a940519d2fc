"""Reports: Markdown, self-contained HTML (escaped), and JSON."""

from __future__ import annotations

import json

import pytest

from interviewer.backends.offline import OfflineBackend
from interviewer.engine import Interview
from interviewer.models import InterviewPlan
from interviewer.question_bank import QuestionBank
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
    assert ANSWER in report
    assert f"**Follow-up ({follow_up.target}):** {follow_up.prompt}" in report
    assert (
        "**Overconfidence**" in report and "“It always works, so there is no need to evaluate it.”" in report
    )
    assert "**Checklist** (" in report and "- [x] " in report and "- [ ] " in report
    assert "## Top things to work on" in report and "Overall level:" in report


def test_html_report_escapes_everything_from_the_transcript(record: SessionRecord) -> None:
    page = export(record, "html")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more." in page
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "http" not in page


def test_json_export_reads_back_as_the_same_record(record: SessionRecord) -> None:
    assert SessionRecord.model_validate(json.loads(export(record, "json"))) == record


def test_unknown_format_is_refused(record: SessionRecord) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(record, "pdf")
