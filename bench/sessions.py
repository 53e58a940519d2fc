"""How fast the sessions folder lists: N saved sessions, listed in-process and by the CLI.

Run: .venv/bin/python -m bench.sessions [--count 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import default_bank
from interviewer.engine.interview import Interview
from sessions.store import SESSION_FILE, SessionStore

ANSWERS = [
    "We chunk the manuals, embed them into pgvector and rerank the top twenty. It always works.",
    "It costs about a cent a question, so we cache frequent answers and route easy ones to a small model.",
]


def fill(root: Path, count: int) -> int:
    """count sessions of two answered turns each, like a real one; returns the size of one file."""
    bank = default_bank()
    store = SessionStore(root)
    plan = InterviewPlan(
        track="system-design",
        company="ai-startup",
        stage="practice",
        question_ids=["sd-support-rag", "sd-llm-gateway"],
        max_follow_ups=0,
    )
    interview = Interview(plan, bank, OfflineBackend(bank), store)
    for answer in ANSWERS:
        interview.answer(answer)
    record = interview.finish()
    template = json.loads((store.folder(record.id) / SESSION_FILE).read_text())
    for number in range(1, count):
        started = record.started_at - timedelta(hours=number)
        session_id = f"{started:%Y%m%d-%H%M%S}-system-design"
        folder = root / session_id
        (folder / "audio").mkdir(parents=True)
        template.update(id=session_id, started_at=started.isoformat())
        (folder / SESSION_FILE).write_text(json.dumps(template))
    return len(json.dumps(template))


def measure(count: int, runs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "sessions"
        size = fill(root, count)
        store = SessionStore(root)
        in_process = []
        for _ in range(runs):
            started = time.perf_counter()
            summaries, errors = store.summaries()
            in_process.append(time.perf_counter() - started)
        assert len(summaries) == count and not errors
        cli = []
        command = [str(Path(sys.executable).parent / "interviewer"), "sessions", "list", "--json"]
        env = {**os.environ, "INTERVIEWER_SESSIONS_DIR": str(root)}
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            cli.append(time.perf_counter() - started)
        assert len(json.loads(done.stdout)) == count
    return {
        "sessions": count,
        "session_file_bytes": size,
        "list_median_s": round(statistics.median(in_process), 3),
        "cli_median_s": round(statistics.median(cli), 3),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sessions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    result = measure(args.count, args.runs)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
