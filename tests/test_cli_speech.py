"""The speech commands as a user runs them: transcribe, doctor, audio answers for practice and score."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from interviewer.speech.wer import word_error_rate
from tests.support.audio import SpeechClips, VirtualAudio, silence, write_wav
from tests.support.cli import run_in_process

INTERVIEWER = Path(sys.executable).parent / "interviewer"
SPOKEN = "We measure faithfulness on a golden set, and it always works, so there is no need for more tests."


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(INTERVIEWER), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
def test_transcribe_json_follows_the_contract(clips: SpeechClips, tmp_path: Path) -> None:
    audio = write_wav(
        tmp_path / "answer.wav", np.concatenate([silence(0.5), clips.samples(SPOKEN), silence(0.5)])
    )
    result = run("transcribe", str(audio), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"text", "language", "duration", "words"}
    assert (
        payload["language"] == "en"
        and abs(payload["duration"] - 0.5 - len(clips.samples(SPOKEN)) / 16000 - 0.5) < 0.05
    )
    assert word_error_rate(SPOKEN, payload["text"]) <= 0.3
    word = payload["words"][0]
    assert set(word) == {"word", "start", "end", "probability"} and 0 <= word["start"] < word["end"]


def test_transcribe_refuses_a_file_that_is_not_audio(tmp_path: Path) -> None:
    bogus = tmp_path / "fake.wav"
    bogus.write_text("not audio at all")
    result = run_in_process("transcribe", str(bogus))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"interviewer: error: {bogus}: not an audio file that can be read (InvalidDataError)"
    ]


@pytest.mark.slow
def test_scripted_practice_takes_recorded_answers(clips: SpeechClips, tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    write_wav(answers / "01.wav", clips.samples(SPOKEN))
    (answers / "02.txt").write_text("It would cost about a cent per question, so I would cache answers.")
    result = run(
        "practice", "--track", "ml-fundamentals", "--questions", "1", "--answers", str(answers), "--seed", "2"
    )
    assert result.returncode == 0, result.stderr
    [session] = json.loads(run("sessions", "list", "--json").stdout)
    folder = Path(os.environ["INTERVIEWER_SESSIONS_DIR"]) / session["id"]
    record = json.loads((folder / "session.json").read_text())
    first = record["turns"][0]["answers"][0]
    assert (folder / first["audio"]).is_file() and first["words"]
    assert first["score"]["delivery"]["words_per_minute"] > 60
    report = run("sessions", "show", session["id"]).stdout
    assert "words/min" in report


@pytest.mark.slow
def test_score_takes_an_answer_recording_and_reports_delivery(clips: SpeechClips, tmp_path: Path) -> None:
    audio = write_wav(tmp_path / "answer.wav", clips.samples(SPOKEN))
    result = run("score", "--question", "ml-eval-rag", "--answer-audio", str(audio), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert "overconfidence" in {flag["rubric"] for flag in payload["flags"]}
    assert payload["delivery"]["words_per_minute"] > 60 and payload["delivery"]["duration_s"] > 2


@pytest.mark.slow
def test_doctor_reports_each_part_and_the_fix_for_what_is_missing(virtual_audio: VirtualAudio) -> None:
    without = run("doctor", "--json", env={"PULSE_SERVER": "unix:/nonexistent"})
    checks = {check["name"]: check for check in json.loads(without.stdout)}
    assert set(checks) == {"microphone", "speaker", "voice", "whisper", "llm", "local model"}
    assert checks["local model"]["ok"] and "not used" in checks["local model"]["detail"]
    assert without.returncode == 1 and not checks["microphone"]["ok"] and checks["microphone"]["fix"]
    assert checks["voice"]["ok"] and checks["whisper"]["ok"]
    with_devices = run("doctor", "--json", env=virtual_audio.env)
    assert with_devices.returncode == 0, with_devices.stdout
    assert all(check["ok"] for check in json.loads(with_devices.stdout))


@pytest.mark.slow
def test_without_a_microphone_the_interview_continues_with_typed_answers() -> None:
    result = subprocess.run(
        [str(INTERVIEWER), "practice", "--track", "system-design", "--questions", "1"],
        input="I would cache frequent questions and send the easy ones to a smaller model.\n\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PULSE_SERVER": "unix:/nonexistent"},
    )
    assert result.returncode == 0, result.stderr
    assert "continuing with typed answers" in result.stdout and "Traceback" not in result.stderr


@pytest.mark.slow
def test_the_benchmark_runs_and_reports_every_figure() -> None:
    """A short run (one 8 s answer at 4x speed): the figures themselves are for the README."""
    result = run("bench", "--json", "--runs", "1", "--lengths", "8", "--speed", "4")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    [answer] = report["answers"]
    assert answer["whole_recording_s"] > 0 and answer["incremental_after_key_s"] >= 0
    assert 0 <= answer["wer_incremental"] <= 0.5 and 0 <= answer["wer_whole"] <= 0.5
    assert 0 <= answer["wer_whole_plain_beam5"] <= 0.5
    assert set(report["domain_biasing_wer"]) == {"plain_beam5", "domain_and_verbatim", "live_segment"}
    assert set(report["filler_recall"]) == {"with_verbatim_prompt", "without"}
    assert 0 < report["model_load_s"] < 30 and 100 < report["peak_memory_mb"] < 4000


def test_a_broken_recording_in_a_scripted_run_stops_it_and_keeps_earlier_answers(tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "01.txt").write_text("I would use a heap of size k so memory stays small for large inputs.")
    (answers / "02.wav").write_text("not really audio")
    result = run_in_process("practice", "--track", "coding", "--questions", "2", "--answers", str(answers))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"interviewer: error: {answers / '02.wav'}: not an audio file that can be read (InvalidDataError)"
    ]  # and the model was never loaded for it: no "Preparing" line
    [session] = json.loads(run_in_process("sessions", "list", "--json").stdout)
    assert session["status"] == "interrupted" and session["turns"] == 1
