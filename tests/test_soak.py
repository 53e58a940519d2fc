"""The soak benchmark, short: a spoken interview through the real listener and Whisper, nothing lost.

The two-hour run is `python -m bench.soak` (its figures are in the README); this one proves the
harness and the bookkeeping it relies on. It runs in a process of its own, as the app does: the
memory it reports is the soak's, not that of the test run around it (which by then holds the
models and leftovers of every test before it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.soak import slope_per_hour

ROOT = Path(__file__).parent.parent
SHORT_SOAK = ("--hours", "0.01", "--speed", "8", "--answer-seconds", "12", "--json")


@pytest.mark.slow
def test_a_short_soak_saves_every_answer_and_reports_memory() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.soak", *SHORT_SOAK],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout)
    assert result["answers"] >= 2
    assert result["answers_lost"] == 0 and result["answers_saved_whole"] == result["answers"]
    assert 100 < result["rss_mb_peak"] <= result["rss_mb_high_water"] < 1024, result
    assert isinstance(result["rss_slope_mb_per_hour"], float)


def test_the_slope_ignores_the_warm_up_and_measures_growth() -> None:
    hours = [i / 10 for i in range(20)]
    flat = [500.0 + (50 if i == 0 else 0) for i in range(20)]
    assert abs(slope_per_hour(hours, flat)) < 1e-6
    growing = [500.0 + 30 * h for h in hours]
    assert abs(slope_per_hour(hours, growing) - 30) < 1e-6
