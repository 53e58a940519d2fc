"""Progress across sessions: flag rates, track scores, delivery, the study plan, and its screen."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import QuestionBank
from interviewer.engine.interview import Interview
from interviewer.engine.progress import progress
from sessions.models import SessionRecord
from sessions.store import SessionStore
from tests.support.tui import app_for, drive, until
from tui.screens.progress import ProgressScreen

CARELESS = "We would use the biggest model for everything, it always works and cost doesn't matter."
CAREFUL = (
    "At my last company we shipped listing search in production: hybrid BM25 and embeddings in an HNSW "
    "index, filtered by category. We measured recall and NDCG on a golden set of judged queries and tracked "
    "cost per query, and chose a reranker over a bigger model at the expense of latency."
)


def hold(store: SessionStore, bank: QuestionBank, question: str, answer: str) -> SessionRecord:
    plan = InterviewPlan(
        track="system-design",
        company="ai-startup",
        stage="practice",
        question_ids=[question],
        max_follow_ups=0,
    )
    interview = Interview(plan, bank, OfflineBackend(bank), store)
    interview.answer(answer)
    return interview.finish()


def test_progress_tracks_flag_rates_scores_and_plans_study(store: SessionStore, bank: QuestionBank) -> None:
    records = [
        hold(store, bank, "sd-support-rag", CARELESS),
        hold(store, bank, "sd-llm-gateway", CARELESS),
        hold(store, bank, "sd-semantic-search", CAREFUL),
    ]
    result = progress(records, bank)
    assert [point.session_id for point in result.points] == [record.id for record in records]
    costs = result.series("flags")["ignoring_costs"]
    assert costs[:2] == [1.0, 1.0] and costs[2] == 0.0
    scores = result.series("tracks")["system-design"]
    assert scores[2] > scores[0]  # the careful answer scored better
    assert result.weakest[0][0] in {"ignoring_costs", "overconfidence"} and result.weakest[0][1] > 0.5
    design = next(step for step in result.plan if "system design" in step.phase)
    assert "Ignoring costs" in design.weak_areas
    practised = {"sd-support-rag", "sd-llm-gateway", "sd-semantic-search"}
    assert design.questions and not {q.id for q in design.questions} & practised
    assert [step.phase.split(":")[0] for step in result.plan] == [
        "Weeks 1-2",
        "Weeks 3-4",
        "Week 5",
        "Week 6",
    ]


def test_progress_of_no_sessions_is_empty(bank: QuestionBank) -> None:
    result = progress([], bank)
    assert result.points == [] and result.weakest == [] and len(result.plan) == 4


def test_the_progress_screen_draws_a_chart_per_series(sessions_dir: Path, bank: QuestionBank) -> None:
    store = SessionStore(sessions_dir)
    hold(store, bank, "sd-support-rag", CARELESS)
    hold(store, bank, "sd-semantic-search", CAREFUL)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("p")
        screen = pilot.app.screen
        assert isinstance(screen, ProgressScreen)
        await until(pilot, lambda: bool(screen.query(".bars")))
        charts = [str(label.render()) for label in screen.query(".bars")]
        assert len(charts) >= 6  # five red flags and at least one track
        costs = str(screen.query(".bars")[4].render())
        assert costs == "█·"  # ignoring costs: flagged in the first session, not in the second
        assert "2 sessions" in str(screen.query_one("#progress-summary", Static).render())
        plan = str(screen.query_one("#plan", Static).render())
        assert "Study plan" in plan and "practise:" in plan

    drive(app_for(sessions_dir), script)
