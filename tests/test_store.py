"""The session store: round trip, atomic writes, corrupt files, ids, permissions."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from interviewer.bank.questions import QuestionBank
from sessions.models import SessionRecord, SessionStatus
from sessions.store import SessionError, SessionStore


def new_record(track: str = "coding", minute: int = 0) -> SessionRecord:
    return SessionRecord(
        id="pending",
        started_at=datetime(2026, 11, 1, 10, minute, tzinfo=UTC),
        track=track,
        company="big-tech",
        stage="practice",
    )


def test_round_trip_keeps_every_field(store: SessionStore) -> None:
    record = store.create(new_record())
    record.notices.append("a notice")
    store.save(record)
    loaded = store.load(record.id)
    assert loaded.model_dump() == record.model_dump()


def test_ids_are_unique_even_in_the_same_second(store: SessionStore) -> None:
    first, second = store.create(new_record()), store.create(new_record())
    assert first.id != second.id
    assert {r.id for r in store.list().sessions} == {first.id, second.id}


def test_a_failed_write_leaves_the_previous_file_intact(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = store.create(new_record())
    path = store.folder(record.id) / "session.json"
    before = path.read_text()

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    record.notices.append("never written")
    with pytest.raises(SessionError, match="No space left on device"):
        store.save(record)
    assert path.read_text() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_corrupt_session_is_reported_in_one_line_and_the_others_still_list(store: SessionStore) -> None:
    good = store.create(new_record(minute=1))
    for name, content in [
        ("truncated", '{"schema_version": 1, "id": "x", "star'),
        ("wrong", '{"schema_version": 1}'),
    ]:
        broken = store.create(new_record(minute=2))
        target = store.root / name
        os.rename(store.folder(broken.id), target)
        (target / "session.json").write_text(content)
    result = store.list()
    assert [r.id for r in result.sessions] == [good.id]
    assert len(result.errors) == 2
    assert all("\n" not in error and "session.json" in error for error in result.errors)


def test_a_session_from_a_newer_version_is_refused_clearly(store: SessionStore) -> None:
    record = store.create(new_record())
    path = store.folder(record.id) / "session.json"
    data = json.loads(path.read_text())
    data["schema_version"] = 99
    path.write_text(json.dumps(data))
    with pytest.raises(SessionError, match="newer interviewer"):
        store.load(record.id)


def test_an_in_progress_session_whose_process_is_gone_reads_as_interrupted(store: SessionStore) -> None:
    record = store.create(new_record())
    assert store.load(record.id).status == SessionStatus.IN_PROGRESS
    (store.folder(record.id) / ".live").write_text("999999999")
    assert store.load(record.id).status == SessionStatus.INTERRUPTED


@pytest.mark.parametrize("bad_id", ["../etc", "a/b", "..", "", ".hidden", "x" * 200])
def test_session_ids_that_could_escape_the_folder_are_refused(store: SessionStore, bad_id: str) -> None:
    with pytest.raises(SessionError, match="invalid session id"):
        store.load(bad_id)


def test_the_sessions_folder_is_private_to_its_owner(store: SessionStore) -> None:
    store.create(new_record())
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700


def test_delete_removes_the_folder_and_unknown_ids_are_errors(store: SessionStore) -> None:
    record = store.create(new_record())
    store.delete(record.id)
    assert not store.folder(record.id).exists()
    with pytest.raises(SessionError, match="no session"):
        store.delete(record.id)


def test_listing_an_absent_folder_is_empty_not_an_error(tmp_path: Path) -> None:
    result = SessionStore(tmp_path / "nowhere").list()
    assert result.sessions == [] and result.errors == []


def test_summaries_agree_with_the_full_records(store: SessionStore, bank: QuestionBank) -> None:
    """The fast listing reads the same facts as loading every record in full."""
    from interviewer.backends.offline import OfflineBackend
    from interviewer.bank.models import InterviewPlan
    from interviewer.engine.interview import Interview

    for question, answers in [
        ("sd-support-rag", ["It always works.", "It costs a cent."]),
        ("sd-llm-gateway", []),
    ]:
        plan = InterviewPlan(
            track="system-design", company="ai-startup", stage="practice", question_ids=[question]
        )
        interview = Interview(plan, bank, OfflineBackend(bank), store)
        for answer in answers:
            if interview.current is not None:
                interview.answer(answer)
        if answers:
            interview.finish()
    (store.root / "20200101-000000-coding").mkdir()
    (store.root / "20200101-000000-coding" / "session.json").write_text("{broken")
    summaries, errors = store.summaries()
    listed = store.list()
    assert [s.id for s in summaries] == [r.id for r in listed.sessions]
    for summary, record in zip(summaries, listed.sessions, strict=True):
        assert summary.status == record.status and summary.answered == len(record.answered_turns)
        assert summary.overall == record.overall
        assert summary.flags == sum(len(t.score.flags) for t in record.answered_turns if t.score)
    assert errors == listed.errors and "corrupt session file" in errors[0]
    assert {s.status.value for s in summaries} == {"complete", "in_progress"}  # the second is still live
