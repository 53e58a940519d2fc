"""Answer audio is written while it is recorded, and a crash loses at most the last half second."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import soundfile

from interviewer.shared.vocabulary import SAMPLE_RATE
from interviewer.speech.audio import FLUSH_EVERY_S, StreamingWavWriter


def test_the_file_is_readable_while_it_is_still_being_written(tmp_path: Path) -> None:
    writer = StreamingWavWriter(tmp_path / "a.wav")
    tone = np.sin(np.linspace(0, 2000, SAMPLE_RATE * 2)).astype(np.float32) * 0.5
    writer.write(tone)
    data, rate = soundfile.read(str(tmp_path / "a.wav"), dtype="float32")
    assert rate == SAMPLE_RATE
    assert len(data) >= len(tone) - FLUSH_EVERY_S * SAMPLE_RATE
    writer.close()
    data, _ = soundfile.read(str(tmp_path / "a.wav"), dtype="float32")
    assert len(data) == len(tone)
    assert np.allclose(data, tone, atol=1e-4)


def test_a_killed_recorder_leaves_a_valid_file_missing_at_most_the_last_half_second(tmp_path: Path) -> None:
    path = tmp_path / "killed.wav"
    script = textwrap.dedent(
        f"""
        import sys, time, numpy as np
        from pathlib import Path
        from interviewer.speech.audio import StreamingWavWriter, BLOCK
        writer = StreamingWavWriter(Path({str(path)!r}))
        block = np.full(BLOCK, 0.25, dtype=np.float32)
        written = 0
        while True:
            writer.write(block)
            written += BLOCK
            print(written, flush=True)
            time.sleep(0.004)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    written = 0
    deadline = time.monotonic() + 30
    while written < 3 * SAMPLE_RATE and time.monotonic() < deadline:
        written = int(process.stdout.readline())
    process.send_signal(signal.SIGKILL)
    process.wait()
    data, _ = soundfile.read(str(path), dtype="float32")
    assert written - len(data) <= FLUSH_EVERY_S * SAMPLE_RATE + 512 * 4
    assert np.allclose(data, 0.25, atol=1e-3)
