"""Snapshots of each screen at 100x30, on fixed data (update with --snapshot-update after looking)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from interviewer.bank.questions import QuestionBank
from interviewer.settings import Settings
from sessions.models import SessionRecord
from sessions.store import SessionStore
from tests.support.sessions import fixed_session, spoken_session
from tests.support.tui import ANSWER, app_for, typing_ready, until
from tui.screens.review import ReviewScreen

SIZE = (100, 30)


@pytest.fixture
def saved(sessions_dir: Path, bank: QuestionBank) -> list[SessionRecord]:
    store = SessionStore(sessions_dir)
    return [
        fixed_session(store, bank, "sd-support-rag", "system-design", 0),
        fixed_session(store, bank, "code-chunk-overlap", "coding", 1),
    ]


async def steady_cursors(pilot: Pilot[None]) -> None:
    """A blinking cursor would make the snapshot depend on the moment it is taken."""
    for widget in pilot.app.screen.query("TextArea, Input"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


def test_home_screen(snap_compare: object, sessions_dir: Path, saved: list[SessionRecord]) -> None:
    """The choices, the doctor's findings with their fixes, and the recent sessions."""
    assert snap_compare(app_for(sessions_dir), terminal_size=SIZE)  # type: ignore[operator]


def test_interview_screen_typed(snap_compare: object, sessions_dir: Path) -> None:
    """A typed interview after one answer: the follow-up, the typed box and immediate feedback."""

    async def answer_once(pilot: Pilot[None]) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#voice").value = False  # type: ignore[attr-defined]
        await pilot.press("s")
        await until(pilot, lambda: typing_ready(pilot))
        pilot.app.screen.query_one("#answer").text = ANSWER  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        feedback = pilot.app.screen.query_one("#feedback")
        await until(pilot, lambda: "Overconfidence" in str(feedback.render()))
        await steady_cursors(pilot)

    app = app_for(sessions_dir, seed=7, timer_interval_s=3600.0)
    assert snap_compare(app, terminal_size=SIZE, run_before=answer_once)  # type: ignore[operator]


def test_review_screen(snap_compare: object, sessions_dir: Path, saved: list[SessionRecord]) -> None:
    """The report of a session: summary, what to work on, the answer with its flagged words in bold."""

    async def open_review(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(ReviewScreen(saved[0]))
        await pilot.pause()

    assert snap_compare(app_for(sessions_dir), terminal_size=SIZE, run_before=open_review)  # type: ignore[operator]


def test_sessions_screen(snap_compare: object, sessions_dir: Path, saved: list[SessionRecord]) -> None:
    """The sessions table, newest first."""
    assert snap_compare(app_for(sessions_dir), press=["l"], terminal_size=SIZE)  # type: ignore[operator]


def test_replay_screen(snap_compare: object, sessions_dir: Path, bank: QuestionBank) -> None:
    """Replay paused on the first flagged words: the spoken word in reverse, flagged words underlined."""
    from tui.screens.replay import ReplayScreen

    record = spoken_session(SessionStore(sessions_dir), bank)

    async def open_replay(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(ReplayScreen(record))
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(app_for(sessions_dir), terminal_size=SIZE, run_before=open_replay)  # type: ignore[operator]


def test_progress_screen(snap_compare: object, sessions_dir: Path, saved: list[SessionRecord]) -> None:
    """Trends as sparklines, the weakest areas and the study plan."""

    async def open_progress(pilot: Pilot[None]) -> None:
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app_for(sessions_dir), terminal_size=SIZE, run_before=open_progress)  # type: ignore[operator]


def test_settings_screen(snap_compare: object, sessions_dir: Path) -> None:
    """The editable settings with their current values."""
    settings = Settings(sessions_dir=Path("/home/you/interviews"))

    async def open_settings(pilot: Pilot[None]) -> None:
        await pilot.press("comma")
        await steady_cursors(pilot)

    app = app_for(sessions_dir, settings)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_settings)  # type: ignore[operator]


def test_help_screen(snap_compare: object, sessions_dir: Path) -> None:
    """Every key, from F1."""
    assert snap_compare(app_for(sessions_dir), press=["f1"], terminal_size=SIZE)  # type: ignore[operator]
