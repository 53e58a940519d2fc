"""Property tests: malformed session, rubric and question-bank files give one-line errors naming the
file, never a traceback, and never stop the other sessions from listing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.backends.offline import OfflineBackend
from interviewer.bank.models import InterviewPlan
from interviewer.bank.questions import BANK_DIR, BankError, QuestionBank, load_questions
from interviewer.engine.interview import Interview
from rubrics.loader import RUBRICS_DIR, RubricFileError, load_rubric_file
from sessions.models import SessionRecord
from sessions.store import SESSION_FILE, SessionError, SessionStore

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def good_session(tmp_path_factory: pytest.TempPathFactory, bank: QuestionBank) -> bytes:
    store = SessionStore(tmp_path_factory.mktemp("sessions"))
    plan = InterviewPlan(
        track="system-design", company="ai-startup", stage="practice", question_ids=["sd-support-rag"]
    )
    interview = Interview(plan, bank, OfflineBackend(bank), store)
    interview.answer("We cache answers and it always works. It costs a cent a question.")
    record = interview.finish()
    return (store.folder(record.id) / SESSION_FILE).read_bytes()


def assert_one_line_naming(error: Exception, path: Path) -> None:
    message = str(error)
    assert "\n" not in message and str(path) in message


def check_session_bytes(folder: Path, content: bytes) -> None:
    path = folder / SESSION_FILE
    path.write_bytes(content)
    try:
        record = SessionStore.load_file(path)
    except SessionError as error:
        assert_one_line_naming(error, path)
    else:
        assert isinstance(record, SessionRecord)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=20_000))
def test_truncated_session_files(tmp_path: Path, good_session: bytes, cut: int) -> None:
    check_session_bytes(tmp_path, good_session[: cut % (len(good_session) + 1)])


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=8)
)
def test_session_files_with_bytes_changed(
    tmp_path: Path, good_session: bytes, flips: list[tuple[int, int]]
) -> None:
    content = bytearray(good_session)
    for where, value in flips:
        content[where % len(content)] = value
    check_session_bytes(tmp_path, bytes(content))


@FUZZ
@given(
    key=st.sampled_from(["schema_version", "id", "started_at", "turns", "status", "track", "llm", "notices"]),
    value=JSON_VALUES,
)
def test_session_fields_of_the_wrong_type(
    tmp_path: Path, good_session: bytes, key: str, value: object
) -> None:
    data = json.loads(good_session)
    data[key] = value
    check_session_bytes(tmp_path, json.dumps(data).encode())


@FUZZ
@given(version=st.integers())
def test_unknown_schema_versions(tmp_path: Path, good_session: bytes, version: int) -> None:
    data = json.loads(good_session)
    data["schema_version"] = version
    path = tmp_path / SESSION_FILE
    path.write_text(json.dumps(data))
    if version == 1:
        assert SessionStore.load_file(path).schema_version == 1
    else:
        with pytest.raises(SessionError) as error:
            SessionStore.load_file(path)
        assert_one_line_naming(error.value, path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "latin-1", "cp1252"])
def test_session_files_in_other_encodings(tmp_path: Path, good_session: bytes, encoding: str) -> None:
    text = good_session.decode("utf-8").replace("We cache", "Wé cäche")
    check_session_bytes(tmp_path, text.encode(encoding))


def test_a_huge_session_file_is_refused_quickly(tmp_path: Path, good_session: bytes) -> None:
    path = tmp_path / SESSION_FILE
    with path.open("wb") as handle:
        handle.write(good_session[:-2])
        handle.write(b" " * (70 * 1024 * 1024))
        handle.write(b"}\n")
    with pytest.raises(SessionError, match="too large") as error:
        SessionStore.load_file(path)
    assert_one_line_naming(error.value, path)


def test_broken_sessions_never_stop_the_others_from_listing(tmp_path: Path, good_session: bytes) -> None:
    store = SessionStore(tmp_path / "sessions")
    for number, content in enumerate(
        [good_session, b"{", b"\xff\xfe", b"[]", good_session[:100], good_session]
    ):
        folder = store.root / f"20260101-00000{number}-coding"
        folder.mkdir(parents=True)
        (folder / SESSION_FILE).write_bytes(content)
    listed = store.list()
    assert len(listed.sessions) == 2 and len(listed.errors) == 4
    assert all("\n" not in error and SESSION_FILE in error for error in listed.errors)


def truncated_with_junk(original: Path, target: Path, cut: int, junk: str) -> Path:
    text = original.read_text(encoding="utf-8")
    target.write_text(text[: cut % (len(text) + 1)] + junk, encoding="utf-8")
    return target


@FUZZ
@given(cut=st.integers(min_value=0, max_value=5_000), junk=st.text(max_size=30))
def test_malformed_rubric_files(tmp_path: Path, cut: int, junk: str) -> None:
    path = truncated_with_junk(
        RUBRICS_DIR / "overconfidence.toml", tmp_path / "overconfidence.toml", cut, junk
    )
    try:
        load_rubric_file(path)
    except RubricFileError as error:
        assert_one_line_naming(error, path)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=60_000), junk=st.text(max_size=30))
def test_malformed_question_bank_files(tmp_path: Path, cut: int, junk: str) -> None:
    path = truncated_with_junk(BANK_DIR / "coding.toml", tmp_path / "coding.toml", cut, junk)
    try:
        load_questions(path)
    except BankError as error:
        assert_one_line_naming(error, path)


@pytest.mark.parametrize(
    "content", [b"\xff\xfe\x00broken", b"id = 3\n", b"[[question]]\nid = []\n", b"x" * 3_000_000]
)
def test_odd_bank_and_rubric_files_are_one_line_errors(tmp_path: Path, content: bytes) -> None:
    bank_file, rubric_file = tmp_path / "coding.toml", tmp_path / "overconfidence.toml"
    bank_file.write_bytes(content)
    rubric_file.write_bytes(content)
    with pytest.raises(BankError) as bank_error:
        load_questions(bank_file)
    assert_one_line_naming(bank_error.value, bank_file)
    with pytest.raises(RubricFileError) as rubric_error:
        load_rubric_file(rubric_file)
    assert_one_line_naming(rubric_error.value, rubric_file)


def test_a_copied_bank_still_loads(tmp_path: Path) -> None:
    """The fuzzing above starts from the real files; they load as they are."""
    shutil.copy(BANK_DIR / "coding.toml", tmp_path / "coding.toml")
    assert load_questions(tmp_path / "coding.toml")
