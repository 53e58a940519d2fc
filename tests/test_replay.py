"""Replaying a session: word timing, seeking targets, the silent player, and the replay screen."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile
from textual.pilot import Pilot

from interviewer.bank.questions import QuestionBank
from interviewer.engine.replay import Player, place_words, replay_items
from interviewer.shared.vocabulary import Word
from sessions.store import SessionStore
from tests.support.audio import SpeechClips, VirtualAudio
from tests.support.sessions import SPOKEN, spoken_session
from tests.support.tui import app_for, drive, until
from tui.screens.replay import ReplayScreen


def test_words_are_placed_in_the_text_and_found_by_time(store: SessionStore, bank: QuestionBank) -> None:
    record = spoken_session(store, bank)
    [item, *_] = replay_items(record, store.folder(record.id))
    assert item.word_spans[0] == (0, 3) and SPOKEN[slice(*item.word_spans[6])] == "always"
    assert item.word_at(0.0) == 0 and item.word_at(1.55) == 5 and item.word_at(-1) is None
    assert item.sentence_starts() == [0.0, 1.5, 3.0]
    assert item.filler_times() == [0.0, 3.0]  # "Um," and "Uh,"
    assert 1.5 in item.flag_times()  # "It always works in production", quoted by a flag
    assert place_words("a b", [Word(word="zzz", start=0, end=1)]) == [(-1, -1)]


def test_the_silent_player_follows_the_clock_at_the_chosen_speed() -> None:
    seen: list[float] = []
    player = Player(seen.append, audible=False)
    started = time.monotonic()
    assert player.play(None, 1.0, 1.6, 2.0, threading.Event())
    assert 0.25 < time.monotonic() - started < 1.0  # 0.6 s of audio at 2x
    assert seen[-1] == 1.6 and seen == sorted(seen)
    stop = threading.Event()
    stop.set()
    assert not player.play(None, 0.0, 5.0, 1.0, stop)


def test_the_replay_screen_plays_highlights_and_seeks(sessions_dir: Path, bank: QuestionBank) -> None:
    record = spoken_session(SessionStore(sessions_dir), bank)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(ReplayScreen(record))
        screen = pilot.app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.pause()
        await pilot.press("f")  # the first flagged words
        flagged = screen.position
        assert flagged in screen.item.flag_times()
        await pilot.press("right")
        assert screen.position > flagged
        await pilot.press("space")
        await until(pilot, lambda: screen.position > flagged + 0.5, timeout_s=10)
        await pilot.press("space")
        assert not screen.playing
        await pilot.press("plus")
        assert "speed 1.25x" in str(screen.query_one("#replay-where").render())
        await pilot.press("n")
        assert screen.index == 1 and screen.position == 0.0
        await pilot.press("u")  # no more fillers after this point
        await pilot.press("p", "u")
        assert screen.index == 0 and screen.position == 3.0

    drive(app_for(sessions_dir), script)


@pytest.mark.slow
def test_the_player_plays_on_the_speaker_from_an_offset_at_a_speed(
    virtual_audio: VirtualAudio, clips: SpeechClips
) -> None:
    """Through PortAudio to the (virtual) speaker, which the virtual microphone hears."""
    from interviewer.speech.audio import MicrophoneSource

    clip = clips.wav("We cache the answers and measure recall on a golden set every week.")
    length = soundfile.info(str(clip)).duration
    heard: list[np.ndarray] = []
    microphone = MicrophoneSource()
    listening = threading.Thread(target=lambda: heard.extend(microphone.blocks()), daemon=True)
    listening.start()
    seen: list[float] = []
    started = time.monotonic()
    assert Player(seen.append, audible=True).play(clip, 1.0, length, 1.5, threading.Event())
    took = time.monotonic() - started
    microphone.close()
    listening.join(timeout=5)
    # It played in real time from 1 s on (never faster than 1.5x); how much slower a busy machine
    # makes it is not the test's business (no upper bound on the time).
    assert (length - 1.0) / 1.5 * 0.8 < took
    assert seen == sorted(seen) and seen[0] >= 1.0 and abs(seen[-1] - length) < 0.05
    assert np.sqrt(np.mean(np.square(np.concatenate(heard)))) > 0.01  # it came out of the speaker
