"""The Textual app driven with Pilot: typed and spoken interviews, review, the sessions table."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Markdown, Static, TextArea

from interviewer.engine.conductor import Event, Level
from interviewer.settings import Settings
from interviewer.speech.audio import ArraySource, StreamingWavWriter
from interviewer.speech.stt import Transcriber
from interviewer.speech.tts import Speaker, VoiceSettings
from sessions.models import SessionStatus
from sessions.store import SessionStore
from tests.support.audio import SpeechClips, VirtualAudio
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
from tui.screens.interview import InterviewScreen, Phase
from tui.screens.replay import ReplayScreen
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
    sessions_dir: Path, transcriber: Transcriber, clips: SpeechClips, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full spoken flow: the answer is heard, endpointed, transcribed live, scored and saved."""
    speech = clips.samples("We cache answers and route easy questions to a cheaper model.")
    audio = np.concatenate([np.zeros(8000, np.float32), speech, np.zeros(16000 * 4, np.float32)])
    levels: list[float] = []
    original = InterviewScreen.report

    def spy(screen: InterviewScreen, event: Event) -> None:  # the conductor's events, on its thread
        if isinstance(event, Level):
            levels.append(event.level_db)
        original(screen, event)

    monkeypatch.setattr(InterviewScreen, "report", spy)

    def microphone(settings: Settings) -> ArraySource:
        return ArraySource(audio, speed=4.0)

    async def script(pilot: Pilot[None]) -> None:
        screen = await interview_started(pilot)
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
    assert levels and max(levels) > -40  # the meter moved while the answer was heard
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


class HeldSpeaker:
    """Text to speech whose first question takes until the test lets it go (a long question)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.spoken: list[str] = []

    def synthesize(self, text: str, path: Path) -> Path:
        self.spoken.append(text)
        if len(self.spoken) == 1:
            self.release.wait(timeout=30)
        writer = StreamingWavWriter(path)
        writer.write(np.full(1600, 0.1, dtype=np.float32))
        writer.close()
        return path

    def close(self) -> None:
        pass


def test_skipping_while_the_question_is_spoken_leaves_it_and_runs_one_conversation(
    sessions_dir: Path, transcriber: Transcriber, clips: SpeechClips
) -> None:
    """The skip key while the first question is still being spoken: that question is left
    unanswered, the second is asked and answered once, by the one conversation there is."""
    speech = clips.samples("We cache answers and route easy questions to a cheaper model.")
    audio = np.concatenate([np.zeros(8000, np.float32), speech, np.zeros(16000 * 4, np.float32)])
    speaker = HeldSpeaker()
    conversations: list[int] = []

    async def script(pilot: Pilot[None]) -> None:
        screen = await interview_started(pilot)
        await until(pilot, lambda: screen.phase == Phase.SPEAKING)
        await pilot.press("ctrl+n")
        speaker.release.set()
        where = screen.query_one("#where", Static)
        await until(pilot, lambda: "Question 2" in str(where.render()))
        conversations.append(sum(thread.name == "conductor" for thread in threading.enumerate()))
        feedback = screen.query_one("#feedback", Static)
        await until(pilot, lambda: "cheaper model" in str(feedback.render()).lower())
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))

    app = app_for(
        sessions_dir,
        microphone=lambda settings: ArraySource(audio, speed=4.0),
        transcriber=lambda settings, progress: transcriber,
        speaker=lambda settings: speaker,
        settings=Settings(sessions_dir=sessions_dir, end_silence_s=1.0, max_follow_ups=0),
    )
    drive(app, script)
    assert conversations == [1]
    [record] = SessionStore(sessions_dir).list().sessions
    first, second = record.turns[:2]
    assert first.skipped and not first.answers
    assert len(second.answers) == 1 and "cheaper model" in second.answers[0].text.lower()
    assert len(speaker.spoken) == 2  # each question spoken once: no second loop asked again


@pytest.fixture
def three_sessions(sessions_dir: Path, bank: object) -> list[str]:
    from interviewer.backends.offline import OfflineBackend
    from interviewer.bank.models import InterviewPlan
    from interviewer.engine.interview import Interview

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
            "F5",
            "/",
            "m / h",
            "d",
        ):
            assert f"| {key} |" in source, key

    drive(app_for(sessions_dir), script)


def test_replay_without_a_terminal_says_what_to_do_instead(
    sessions_dir: Path, three_sessions: list[str]
) -> None:
    from tests.support.cli import assert_one_line_error, run

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


def coding_next(sessions_dir: Path, bank: object, follow_ups: int) -> str:
    """An interrupted session whose next question is the top-k implementation problem."""
    from interviewer.backends.offline import OfflineBackend
    from interviewer.bank.models import InterviewPlan
    from interviewer.engine.interview import Interview

    plan = InterviewPlan(
        track="coding",
        company="ai-startup",
        stage="practice",
        question_ids=["sd-support-rag", "code-impl-top-k"],
        max_follow_ups=follow_ups,
    )
    before = Interview(plan, bank, OfflineBackend(bank), SessionStore(sessions_dir))  # type: ignore[arg-type]
    before.answer(ANSWER)
    return before.finish(SessionStatus.INTERRUPTED).id


TIES_UNSORTED = """
import math


def top_k(query, items, k):
    def cosine(a, b):
        na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(y * y for y in b))
        return 0.0 if na == 0 or nb == 0 else sum(x * y for x, y in zip(a, b)) / (na * nb)

    ranked = sorted(items, key=lambda item: -cosine(query, items[item]))
    return ranked[:k] if k > 0 else []
"""


def test_a_coding_problem_in_the_app_runs_the_examples_submits_and_asks_about_what_failed(
    sessions_dir: Path, bank: object
) -> None:
    """The editor opens on the starter code; F5 runs the visible examples, ctrl+s submits to the
    hidden tests in the sandbox; each run is kept with its code, and the follow-up asks about the
    first failing edge case. The session replays in the review with the code and the results."""
    from tui.screens.interview import InterviewOptions

    session_id = coding_next(sessions_dir, bank, follow_ups=1)

    async def script(pilot: Pilot[None]) -> None:
        await settle(pilot)
        options = InterviewOptions("coding", "ai-startup", "practice", None, voice=False, resume=session_id)
        await pilot.app.push_screen(InterviewScreen(options))
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        await until(pilot, lambda: screen.phase == Phase.CODING)
        assert "Examples:" in str(screen.query_one("#problem", Static).render())
        editor = screen.query_one("#code", TextArea)
        assert editor.text.startswith("def top_k(query: list[float]") and editor.language == "python"
        editor.text = TIES_UNSORTED
        await pilot.press("f5")
        feedback = screen.query_one("#feedback", Static)
        await until(pilot, lambda: "Examples:" in str(feedback.render()) and screen.phase == Phase.CODING)
        await pilot.press("ctrl+s")  # a submit ends the problem, so it asks for a second press
        assert "Press ctrl+s again" in str(screen.query_one("#status", Static).render())
        assert screen.phase == Phase.CODING
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.phase == Phase.TYPING)
        assert "Hidden tests:" in str(feedback.render()) and "failed" in str(feedback.render())
        prompt = str(screen.query_one("#prompt", Static).render())
        assert prompt.startswith("What should happen when"), prompt
        await type_answer(pilot, "Ties should be broken by id so the order never depends on the dict.")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))
        report = pilot.app.screen.query_one("#report", Markdown).source
        assert "def top_k(query, items, k):" in report and "Hidden tests" in report
        await pilot.press("r")  # the replay: the code as it was at each run, on the answer's timeline
        await until(pilot, lambda: isinstance(pilot.app.screen, ReplayScreen))
        replay = pilot.app.screen
        assert isinstance(replay, ReplayScreen)
        code = replay.query_one("#replay-code", Static)
        while not replay.item.code_runs:
            await pilot.press("n")
        assert "not run yet" in str(code.render())
        await pilot.press("r")
        assert "ran the examples" in str(code.render()) and "def top_k" in str(code.render())
        await pilot.press("r")
        assert "submitted to the hidden tests" in str(code.render())

    drive(app_for(sessions_dir), script)
    record = SessionStore(sessions_dir).load(session_id)
    coded, follow_up = record.turns[1].answers
    assert coded.code == TIES_UNSORTED and [run.kind for run in coded.code_runs] == ["examples", "submit"]
    assert all(run.code == TIES_UNSORTED for run in coded.code_runs)
    assert coded.code_runs[1].passed < coded.code_runs[1].total
    assert follow_up.target == "edge_cases"


def test_a_spoken_coding_problem_records_the_thinking_aloud_beside_the_code(
    sessions_dir: Path, bank: object, transcriber: Transcriber, clips: SpeechClips
) -> None:
    """Voice on: the microphone stays on while the candidate codes (silence does not end it), and
    what was said is the coding answer's transcript and recording, scored with the code."""
    from interviewer.bank.problems import get_problem
    from tui.screens.interview import InterviewOptions

    said = "I sort by the negative similarity and then by the id so that ties are stable."
    speech = clips.samples(said)
    audio = np.concatenate([np.zeros(8000, np.float32), speech, np.zeros(16000 * 90, np.float32)])
    session_id = coding_next(sessions_dir, bank, follow_ups=0)
    reference = get_problem("code-impl-top-k").reference

    async def script(pilot: Pilot[None]) -> None:
        await settle(pilot)
        options = InterviewOptions("coding", "ai-startup", "practice", None, voice=True, resume=session_id)
        await pilot.app.push_screen(InterviewScreen(options))
        screen = pilot.app.screen
        assert isinstance(screen, InterviewScreen)
        status = screen.query_one("#status", Static)
        await until(pilot, lambda: screen.coding and "microphone is on" in str(status.render()))
        live = screen.query_one("#live", Static)
        await until(pilot, lambda: "similarity" in str(live.render()).lower())  # heard while coding
        screen.query_one("#code", TextArea).text = reference
        await pilot.press("f5")
        feedback = screen.query_one("#feedback", Static)
        await until(pilot, lambda: "Examples:" in str(feedback.render()) and screen.phase == Phase.CODING)
        await pilot.press("ctrl+s", "ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))

    app = app_for(
        sessions_dir,
        microphone=lambda settings: ArraySource(audio, speed=2.0),
        transcriber=lambda settings, progress: transcriber,
        settings=Settings(sessions_dir=sessions_dir, end_silence_s=1.0),
    )
    drive(app, script)
    record = SessionStore(sessions_dir).load(session_id)
    [coded] = record.turns[1].answers
    assert "similarity" in coded.text.lower() and coded.words, coded.text
    assert coded.audio and (sessions_dir / session_id / coded.audio).stat().st_size > 16000
    assert coded.code == reference and [run.kind for run in coded.code_runs] == ["examples", "submit"]
    assert coded.score is not None and coded.score.overall is not None and coded.score.overall >= 4
    assert record.mode == "voice" and record.pending is None
