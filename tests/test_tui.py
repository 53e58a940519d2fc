"""The Textual app driven with Pilot: typed and spoken interviews, review, the sessions table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Markdown, Static, TextArea

from interviewer.settings import Settings
from interviewer.speech.audio import ArraySource
from interviewer.speech.stt import Transcriber
from interviewer.speech.tts import Speaker, VoiceSettings
from sessions.models import SessionStatus
from sessions.store import SessionStore
from tests.audio_support import SpeechClips, VirtualAudio
from tests.support.tui import (
    ANSWER,
    SECOND,
    app_for,
    drive,
    set_switch,
    settle,
    type_answer,
    typing_screen,
    until,
)
from tui.screens.home import HomeScreen
from tui.screens.interview import InterviewScreen
from tui.screens.review import ReviewScreen
from tui.screens.sessions import SessionsScreen


def test_home_shows_the_choices_the_doctor_and_how_to_fix(sessions_dir: Path) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        doctor = str(pilot.app.screen.query_one("#doctor", Static).render())
        assert "no input device found" in doctor and "fix: plug in a microphone" in doctor
        assert "No sessions yet." in str(pilot.app.screen.query_one("#recent", Static).render())

    drive(app_for(sessions_dir), script)


def test_a_typed_interview_end_to_end_saves_and_opens_the_review(sessions_dir: Path) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await set_switch(pilot, "#voice", False)
        await pilot.press("s")
        screen = await typing_screen(pilot, "Question 1 of 2")
        await type_answer(pilot, ANSWER)
        feedback = str(screen.query_one("#feedback", Static).render())
        assert "Overconfidence" in feedback  # immediate feedback, with the quote
        assert "follow-up" in str(screen.query_one("#where", Static).render())
        screen.query_one("#answer", TextArea).text = SECOND
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        report = pilot.app.screen.query_one("#report", Markdown)
        assert "**always works**" in report.source or "always works" in report.source

    drive(app_for(sessions_dir), script)
    [record] = SessionStore(sessions_dir).list().sessions
    assert record.status == SessionStatus.INTERRUPTED and record.mode == "text"
    assert [answer.text for answer in record.turns[0].answers] == [ANSWER, SECOND]


def test_skipping_and_ending_without_answers_saves_nothing(sessions_dir: Path) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await set_switch(pilot, "#voice", False)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)

    drive(app_for(sessions_dir), script)
    assert SessionStore(sessions_dir).list().sessions == []


async def interview_started(pilot: Pilot[None]) -> InterviewScreen:
    """Start an interview from the home screen with its defaults."""
    await settle(pilot)
    await pilot.press("s")
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen)
    return screen


def test_a_spoken_interview_with_a_microphone_fed_from_a_wav(
    sessions_dir: Path, transcriber: Transcriber, clips: SpeechClips
) -> None:
    """The full spoken flow: the answer is heard, endpointed, transcribed live, scored and saved."""
    speech = clips.samples("We cache answers and route easy questions to a cheaper model.")
    audio = np.concatenate([np.zeros(8000, np.float32), speech, np.zeros(16000 * 4, np.float32)])
    levels: list[float] = []

    def microphone(settings: Settings) -> ArraySource:
        return ArraySource(audio, speed=4.0)

    async def script(pilot: Pilot[None]) -> None:
        screen = await interview_started(pilot)
        original = screen.level

        def spy(message: object) -> None:
            levels.append(message.level_db)  # type: ignore[attr-defined]
            original(message)  # type: ignore[arg-type]

        screen.level = spy  # type: ignore[method-assign]
        feedback = screen.query_one("#feedback", Static)
        await until(pilot, lambda: "cheaper model" in str(feedback.render()).lower())
        assert "You said:" in str(feedback.render())
        await pilot.press("ctrl+e")  # while the follow-up is asked: that attempt is kept, then the end
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))

    app = app_for(
        sessions_dir,
        microphone=microphone,
        transcriber=lambda settings, progress: transcriber,
        settings=Settings(sessions_dir=sessions_dir, end_silence_s=1.0),
    )
    drive(app, script)
    [record] = SessionStore(sessions_dir).list().sessions
    first = record.turns[0].answers[0]
    assert record.mode == "voice" and "cheaper model" in first.text.lower() and first.words
    assert first.audio and (sessions_dir / record.id / first.audio).stat().st_size > 16000


def test_talking_over_the_question_in_the_app_stops_it_when_barge_in_is_on(
    virtual_audio: VirtualAudio, sessions_dir: Path, transcriber: Transcriber, clips: SpeechClips
) -> None:
    """The question plays through PortAudio on the virtual speaker; the microphone (a WAV in real
    time) starts talking 1 s in. The question stops and the whole answer is kept."""
    speech = clips.samples("We cache answers and route easy questions to a cheaper model.")
    audio = np.concatenate([np.zeros(16000, np.float32), speech, np.zeros(16000 * 4, np.float32)])
    statuses: list[str] = []
    speakers: list[Speaker] = []

    def speaker(settings: Settings) -> Speaker:
        speakers.append(Speaker(VoiceSettings(settings.voice, settings.rate, settings.volume)))
        return speakers[-1]

    async def script(pilot: Pilot[None]) -> None:
        screen = await interview_started(pilot)
        original = screen.set_status

        def spy(text: str) -> None:
            statuses.append(text)
            original(text)

        screen.set_status = spy  # type: ignore[method-assign]
        feedback = screen.query_one("#feedback", Static)
        await until(pilot, lambda: "cheaper model" in str(feedback.render()).lower())
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))

    app = app_for(
        sessions_dir,
        microphone=lambda settings: ArraySource(audio, speed=1.0),
        transcriber=lambda settings, progress: transcriber,
        speaker=speaker,
        play_audio=True,
        settings=Settings(sessions_dir=sessions_dir, end_silence_s=1.0, barge_in=True),
    )
    try:
        drive(app, script)
    finally:
        for made in speakers:
            made.close()
    assert any(status.startswith("You started talking, so the question stopped.") for status in statuses)
    [record] = SessionStore(sessions_dir).list().sessions
    first = record.turns[0].answers[0]
    assert first.text.lower().startswith("we cache"), first.text


@pytest.fixture
def three_sessions(sessions_dir: Path, bank: object) -> list[str]:
    from interviewer.backends.offline import OfflineBackend
    from interviewer.engine import Interview
    from interviewer.models import InterviewPlan

    ids = []
    chosen = [
        ("coding", "code-chunk-overlap"),
        ("system-design", "sd-support-rag"),
        ("system-design", "sd-llm-gateway"),
    ]
    for track, question in chosen:
        plan = InterviewPlan(track=track, company="ai-startup", stage="practice", question_ids=[question])
        interview = Interview(plan, bank, OfflineBackend(bank), SessionStore(sessions_dir))  # type: ignore[arg-type]
        interview.answer(ANSWER)
        ids.append(interview.finish(SessionStatus.INTERRUPTED).id)
    return ids


def test_the_sessions_table_filters_sorts_opens_exports_and_deletes(
    sessions_dir: Path, three_sessions: list[str]
) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SessionsScreen)
        table = screen.query_one("#table", DataTable)
        assert table.row_count == 3
        await pilot.press("slash")
        await pilot.press(*"coding")
        await pilot.press("enter")
        assert table.row_count == 1 and "coding" in str(table.get_row_at(0))
        await pilot.press("o")
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        await pilot.press("escape")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert table.row_count == 0  # the only coding session, deleted (the filter is still on)

    drive(app_for(sessions_dir), script)
    remaining = SessionStore(sessions_dir).list().sessions
    assert len(remaining) == 2 and all(record.track == "system-design" for record in remaining)
    coding = [i for i in three_sessions if "coding" in i]
    assert not (sessions_dir / coding[0]).exists()


def test_the_help_screen_lists_every_key(sessions_dir: Path) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("f1")
        await pilot.pause()
        source = pilot.app.screen.query_one(Markdown).source
        for key in (
            "s",
            "v",
            "f",
            "ctrl+s",
            "ctrl+t",
            "ctrl+r",
            "ctrl+n",
            "ctrl+o",
            "ctrl+e",
            "/",
            "m / h",
            "d",
        ):
            assert f"| {key} |" in source, key

    drive(app_for(sessions_dir), script)


def test_replay_without_a_terminal_says_what_to_do_instead(
    sessions_dir: Path, three_sessions: list[str]
) -> None:
    from tests.test_cli import assert_one_line_error, run

    result = run("replay", three_sessions[0], env={"INTERVIEWER_SESSIONS_DIR": str(sessions_dir)})
    assert_one_line_error(result, f"needs a terminal; try: interviewer sessions show {three_sessions[0]}")


def test_the_command_palette_opens_the_app_screens(sessions_dir: Path) -> None:
    from textual.command import CommandList, CommandPalette

    from tui.screens.progress import ProgressScreen

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), timeout_s=10)
        await pilot.press(*"Progress")
        commands = pilot.app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 0, timeout_s=10)  # the search runs in a task
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, ProgressScreen), timeout_s=10)

    drive(app_for(sessions_dir), script)
