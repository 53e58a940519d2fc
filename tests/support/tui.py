"""Driving the Textual app with Pilot: an app with test services, waiting for it, typing answers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from interviewer.frontends.doctor import Check
from interviewer.settings import Settings
from tui.app import InterviewerApp, make_app
from tui.screens.interview import InterviewScreen

SIZE = (100, 30)
ANSWER = (
    "I would chunk the manuals, embed them into pgvector and rerank the top results. It always works "
    "because retrieval is a solved problem."
)
SECOND = "It would cost about a cent a question, so I would cache frequent answers."
CHECKS = [
    Check("microphone", False, "no input device found", "plug in a microphone"),
    Check("llm", True, "not used"),
]


def app_for(sessions_dir: Path, settings: Settings | None = None, **services: object) -> InterviewerApp:
    settings = settings or Settings(sessions_dir=sessions_dir)
    defaults: dict[str, object] = {"doctor": lambda s: CHECKS, "speaker": lambda s: None, "play_audio": False}
    return make_app(settings, **(defaults | services))  # type: ignore[arg-type]


def drive(app: InterviewerApp, script: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await script(pilot)

    asyncio.run(run())


async def settle(pilot: Pilot[None], timeout_s: float = 60) -> None:
    """Let workers finish and their messages land, and an interview's conductor come to rest
    (waiting for a typed answer, or over). A spoken interview never rests: wait with `until`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while loop.time() < deadline:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        resting = not isinstance(screen, InterviewScreen) or screen.idle or screen.voice
        if resting and not any(worker.is_running for worker in pilot.app.workers):
            return
        await pilot.pause(0.02)


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout_s: float = 60) -> None:
    for _ in range(int(timeout_s / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out waiting for the app")


def typing_ready(pilot: Pilot[None]) -> bool:
    """The interview screen is up, its interview started, and the typed-answer box shown."""
    screen = pilot.app.screen
    return (
        isinstance(screen, InterviewScreen)
        and screen.interview is not None
        and screen.query_one("#answer").display
    )


async def typing_screen(pilot: Pilot[None], where: str) -> InterviewScreen:
    """The interview screen once it waits for a typed answer, checked to be at `where`."""
    await until(pilot, lambda: typing_ready(pilot))
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen)
    assert where in str(screen.query_one("#where", Static).render())
    return screen


async def type_answer(pilot: Pilot[None], text: str) -> None:
    """Type an answer into the interview screen's box, submit it, and wait for it to be scored."""
    pilot.app.screen.query_one("#answer", TextArea).text = text
    await pilot.press("ctrl+s")
    await settle(pilot)


async def set_switch(pilot: Pilot[None], selector: str, value: bool) -> None:
    switch = pilot.app.screen.query_one(selector)
    if switch.value != value:  # type: ignore[attr-defined]
        switch.value = value  # type: ignore[attr-defined]
    await pilot.pause()
