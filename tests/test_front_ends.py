"""The same answers through every front end give the same session record: the TUI (Pilot), the
plain terminal (`practice --text` on stdin) and a scripted run (`practice --answers DIR`)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import numpy as np
from textual.pilot import Pilot
from textual.widgets import TextArea

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan, Question
from interviewer.bank.plan import build_plan
from interviewer.bank.problems import get_problem
from interviewer.bank.questions import QuestionBank
from interviewer.engine.conductor import Voice
from interviewer.engine.interview import Interview
from interviewer.frontends.spoken import _Keys, run_terminal
from interviewer.settings import Settings
from interviewer.speech.audio import ArraySource
from interviewer.speech.listen import AnswerListener
from sessions.models import SessionRecord
from sessions.store import SessionStore
from tests.support.tui import app_for, drive, set_switch, settle, typing_ready, until
from tui.screens.review import ReviewScreen

SEED = 11
ANSWERS = [
    "I would start with a baseline: chunk the documents, embed them and keep them in pgvector, then "
    "retrieve the top twenty and rerank them. It always works, retrieval is solved.",
    "We measured recall at ten on two hundred labelled questions before and after the reranker, and "
    "it went from seventy one to eighty four percent.",
    "A cached answer costs nothing, and a full call is about a cent, so I would cache frequent "
    "questions and send the easy ones to a smaller model.",
    "I don't know.",
    "In production we had a p95 of two seconds; most of it was the reranker, so we capped it at "
    "fifty candidates and traded a little recall for latency.",
    "I would log every answer with its sources and have people review a sample each week.",
]
TRACK, COMPANY, FOLLOW_UPS = "system-design", "ai-startup", 1


def comparable(record: SessionRecord) -> dict[str, Any]:
    """The record without what differs by nature between runs: ids, times and the mode."""
    data = record.model_dump(mode="json", exclude={"id", "started_at", "ended_at", "mode"})
    for turn in data["turns"]:
        for answer in turn["answers"]:
            answer.pop("answered_at")
    return data


def only_session(folder: Path) -> SessionRecord:
    [record] = SessionStore(folder).list().sessions
    return record


def through_the_app(folder: Path) -> SessionRecord:
    answers = iter(ANSWERS)

    async def script(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await set_switch(pilot, "#voice", False)
        await pilot.press("s")
        while True:
            await until(pilot, lambda: typing_ready(pilot) or isinstance(pilot.app.screen, ReviewScreen))
            if isinstance(pilot.app.screen, ReviewScreen):
                return
            await settle(pilot)
            pilot.app.screen.query_one("#answer", TextArea).text = next(answers)
            await pilot.press("ctrl+s")
            await settle(pilot)

    settings = Settings(sessions_dir=folder, track=TRACK, company=COMPANY, max_follow_ups=FOLLOW_UPS)
    drive(app_for(folder, settings, seed=SEED), script)
    return only_session(folder)


def practice(folder: Path, *args: str, stdin: str = "") -> SessionRecord:
    env = os.environ | {
        "INTERVIEWER_SESSIONS_DIR": str(folder),
        "INTERVIEWER_TRACK": TRACK,
        "INTERVIEWER_COMPANY": COMPANY,
        "INTERVIEWER_MAX_FOLLOW_UPS": str(FOLLOW_UPS),
    }
    command = [sys.executable, "-m", "interviewer", "practice", "--questions", "2", "--seed", str(SEED)]
    result = subprocess.run(
        [*command, "--stage", "practice", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return only_session(folder)


def test_the_app_the_plain_terminal_and_a_scripted_run_save_the_same_session(tmp_path: Path) -> None:
    app = through_the_app(tmp_path / "app")
    asked = sum(len(turn.answers) for turn in app.turns)
    assert asked >= 3 and app.status == "complete"  # follow-ups were asked, every prompt answered
    typed = practice(tmp_path / "typed", "--text", stdin="".join(f"{a}\n\n" for a in ANSWERS[:asked]))
    files = tmp_path / "answers"
    files.mkdir()
    for number, answer in enumerate(ANSWERS[:asked], start=1):
        (files / f"{number:02d}.txt").write_text(answer, encoding="utf-8")
    scripted = practice(tmp_path / "scripted", "--answers", str(files))
    assert (app.mode, typed.mode, scripted.mode) == ("text", "text", "scripted")
    assert comparable(typed) == comparable(app)
    assert comparable(scripted) == comparable(app)


def test_a_scripted_run_answers_an_implementation_problem_with_a_python_file(
    tmp_path: Path, bank: QuestionBank
) -> None:
    """`practice --track coding --answers DIR`: NN.py is the code for the implementation problem
    (its examples are run, then it is submitted to the hidden tests); NN.txt answer the follow-ups."""
    seed = next(
        s
        for s in range(200)
        if bank.questions[build_plan(bank, "coding", questions=1, seed=s).question_ids[0]].problem
    )
    question = bank.questions[build_plan(bank, "coding", questions=1, seed=seed).question_ids[0]]
    assert question.problem is not None
    files = tmp_path / "answers"
    files.mkdir()
    (files / "01.py").write_text(get_problem(question.problem).reference, encoding="utf-8")
    (files / "02.txt").write_text("It is linear in the input; the sort dominates at scale.", encoding="utf-8")
    env = os.environ | {"INTERVIEWER_SESSIONS_DIR": str(tmp_path / "sessions")}
    command = [sys.executable, "-m", "interviewer", "practice", "--track", "coding", "--questions", "1"]
    result = subprocess.run(
        [*command, "--seed", str(seed), "--follow-ups", "1", "--answers", str(files)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "hidden tests passed" in result.stdout
    record = only_session(tmp_path / "sessions")
    coded, follow_up = record.turns[0].answers
    assert [run.kind for run in coded.code_runs] == ["examples", "submit"]
    assert coded.code_runs[1].passed == coded.code_runs[1].total > 0
    assert coded.score is not None and coded.score.overall is not None and coded.score.overall >= 4
    assert follow_up.kind == "follow_up" and follow_up.text.startswith("It is linear")


def coding_seed(bank: QuestionBank) -> tuple[int, Question]:
    """A seed whose one-question coding plan is an implementation problem."""

    def first_question(seed: int) -> Question:
        return bank.questions[build_plan(bank, "coding", questions=1, seed=seed).question_ids[0]]

    seed = next(seed for seed in range(200) if first_question(seed).problem is not None)
    return seed, first_question(seed)


def test_the_plain_terminal_gives_a_file_to_edit_runs_it_on_enter_and_submits(
    tmp_path: Path, bank: QuestionBank
) -> None:
    """`practice --text` on an implementation problem: the starter code is written to a file in the
    session's folder, Enter runs the file on the examples, /submit sends it to the hidden tests."""
    seed, question = coding_seed(bank)
    assert question.problem is not None
    reference = get_problem(question.problem).reference
    env = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    env["INTERVIEWER_SESSIONS_DIR"] = str(tmp_path / "sessions")
    command = [sys.executable, "-m", "interviewer", "practice", "--text", "--track", "coding"]
    process = subprocess.Popen(
        [*command, "--questions", "1", "--seed", str(seed), "--follow-ups", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    seen: list[str] = []

    def read_until(marker: str) -> str:
        for line in process.stdout:  # type: ignore[union-attr]
            seen.append(line)
            if marker in line:
                return line
        raise AssertionError(f"no {marker!r} in:\n{''.join(seen)}")

    try:
        path = Path(read_until("Your code is in ").split("Your code is in ", 1)[1].strip())
        assert path.read_text(encoding="utf-8").startswith("def ")  # the starter code
        path.write_text(reference, encoding="utf-8")
        process.stdin.write("\n")
        process.stdin.flush()
        read_until("Examples:")
        process.stdin.write("/submit\n")
        process.stdin.flush()
        read_until("Hidden tests:")
        process.stdin.write("The sort dominates, so it is n log n.\n\n")
        process.stdin.close()
        assert process.wait(timeout=120) == 0, process.stderr.read()  # type: ignore[union-attr]
    finally:
        process.kill()
    record = only_session(tmp_path / "sessions")
    coded, follow_up = record.turns[0].answers
    assert [run.kind for run in coded.code_runs] == ["examples", "submit"]
    assert coded.code == reference and coded.code_runs[1].passed == coded.code_runs[1].total
    assert follow_up.text == "The sort dominates, so it is n log n."
    assert path.is_relative_to(tmp_path / "sessions" / record.id)


def test_the_plain_terminal_keeps_the_editor_when_speech_recognition_cannot_load(
    tmp_path: Path, bank: QuestionBank
) -> None:
    """A spoken coding problem whose speech recognition fails turns to typed commands: /submit still
    submits the file (here the untouched starter code), and the interview ends on its own."""
    plan = InterviewPlan(
        track="coding", company="ai-startup", stage="practice", question_ids=["code-impl-cosine"]
    )
    interview = Interview(plan, bank, OfflineBackend(bank), SessionStore(tmp_path / "sessions"))
    failing: Future[AnswerListener] = Future()
    failing.set_exception(RuntimeError("no Whisper here"))
    voice = Voice(listener=failing, microphone=lambda: ArraySource(np.zeros(16_000)), play_audio=False)
    written: list[str] = []
    records: list[SessionRecord] = []
    keys = _Keys(io.StringIO("\n/submit\n"))  # Enter stops the question or runs the examples
    runner = threading.Thread(
        target=lambda: records.append(run_terminal(interview, keys, written.append, voice))
    )
    runner.start()
    runner.join(timeout=60)
    assert not runner.is_alive(), "".join(written)
    assert records, "".join(written)
    [record] = records
    assert record.turns, "".join(written)
    [coded] = record.turns[0].answers
    assert coded.code is not None and coded.code.startswith("def cosine_similarity(")
    assert any("/submit" in line for line in written)  # the coding keys were offered again
