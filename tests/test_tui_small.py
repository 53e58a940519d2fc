"""Every screen at 80x24, the smallest size the app supports: what it is for is on screen.

Read from the rendered frame (the text the terminal would show), screen by screen.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import TextArea

from interviewer.bank.questions import QuestionBank
from interviewer.settings import Settings
from sessions.store import SessionStore
from tests.support.sessions import fixed_session
from tests.support.tui import app_for, settle, typing_ready, until
from tui.app import InterviewerApp

SMALL = (80, 24)


def frame(app: InterviewerApp) -> str:
    """The screen as the terminal shows it, as text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def test_every_screen_is_usable_at_80_by_24(sessions_dir: Path, bank: QuestionBank) -> None:
    store = SessionStore(sessions_dir)
    fixed_session(store, bank, "sd-support-rag", "system-design", 0)
    fixed_session(store, bank, "code-chunk-overlap", "coding", 1)
    seen: dict[str, str] = {}

    async def visit() -> None:
        app = app_for(sessions_dir, Settings(sessions_dir=sessions_dir, spoken_answers=False))
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            seen["home"] = frame(app)
            await pilot.press("s")  # typed answers: spoken_answers is off
            await until(pilot, lambda: typing_ready(pilot))
            seen["interview"] = frame(app)
            app.screen.query_one(
                "#answer", TextArea
            ).text = "It always works, so there is no need to evaluate it."
            await pilot.press("ctrl+s")
            await settle(pilot)
            seen["feedback"] = frame(app)
            await pilot.press("ctrl+e")
            await settle(pilot)
            await pilot.press("escape", "l")
            await settle(pilot)
            seen["sessions"] = frame(app)
            await pilot.press("enter")
            await settle(pilot)
            seen["review"] = frame(app)
            await pilot.press("r")
            await settle(pilot)
            seen["replay"] = frame(app)
            await pilot.press("escape", "escape", "escape", "p")
            await settle(pilot)
            seen["progress"] = frame(app)
            await pilot.press("escape", "comma")
            await settle(pilot)
            seen["settings"] = frame(app)
            await pilot.press("escape", "f1")
            await settle(pilot)
            seen["help"] = frame(app)

    asyncio.run(visit())
    expected = {
        "home": ["Track", "Start interview (s)", "microphone", "s Start"],
        "interview": ["Question 1 of", "Your turn", "^s Submit"],
        "feedback": ["follow-up", "Overconfidence", "Dismissing evaluation"],
        "sessions": ["coding", "system-design", "complete", "c Continue"],
        "review": ["Interview report", "Top things to work on", "r Replay"],
        "replay": ["Answer 1 of", "Level", "space Play/pause"],
        "progress": ["Red flags", "Overconfidence", "Study plan"],
        "settings": ["Voice", "Follow-ups per question", "^s Save"],
        "help": ["Keys", "ctrl+q"],
    }
    for screen, texts in expected.items():
        shown = seen[screen]
        assert len(shown.splitlines()) == SMALL[1] and max(map(len, shown.splitlines())) <= SMALL[0]
        for text in texts:
            assert text in shown, f"{screen} at 80x24 does not show {text!r}:\n{shown}"
