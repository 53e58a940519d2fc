"""The on-disk session store: one folder per session, session.json written atomically."""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from interviewer.shared.errors import one_line_validation_error
from interviewer.shared.files import atomic_write_text
from sessions.models import SCHEMA_VERSION, SessionRecord, SessionStatus, SessionSummary

SESSION_FILE = "session.json"
LOCK_FILE = ".live"
AUDIO_DIR = "audio"
CODE_DIR = "code"
MAX_SESSION_BYTES = 64 * 2**20  # a two-hour spoken session with word timings is about 2 MB
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")


class SessionError(ValueError):
    """A session that cannot be found, read or written.

    str() is one line that says what failed and, where the user can act, how to fix it;
    ``detail`` keeps the parser's or the system's own words, for diagnosis.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def _corrupt(path: Path, detail: str) -> SessionError:
    return SessionError(
        f"{path} is a corrupt session file; delete its folder to list the others without this warning.",
        detail,
    )


@dataclass(frozen=True)
class ListResult:
    sessions: list[SessionRecord]
    errors: list[str]


def validate_session_id(session_id: str) -> str:
    if not _ID.match(session_id):
        raise SessionError(f"invalid session id {session_id!r}: letters, digits, '-' and '_' only")
    return session_id


_WRITING: set[Path] = set()
"""Session folders this process is writing now; a lock with our pid on any other is stale."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SessionStore:
    """Sessions under one root folder, each in <root>/<id>/ with session.json and audio/."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.root.chmod(0o700)
        except OSError as error:
            raise SessionError(f"cannot create the sessions folder {self.root}: {error.strerror}") from None

    def audio_names(self, session_id: str, question: int, answer: int) -> tuple[str, str]:
        """Session-relative paths for a prompt's audio and its answer's (question and answer count
        from 1); a number whose recording exists (kept from before an interruption) is passed over."""
        folder = self.folder(session_id)
        while (folder / AUDIO_DIR / f"q{question:02d}-{answer}-answer.wav").exists():
            answer += 1
        stem = f"{AUDIO_DIR}/q{question:02d}-{answer}"
        return f"{stem}-prompt.wav", f"{stem}-answer.wav"

    def code_file(self, session_id: str, question: int, name: str) -> Path:
        """The file a plain-terminal candidate edits for a coding problem, kept with the session."""
        folder = self.folder(session_id) / CODE_DIR
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder / f"q{question:02d}-{name}.py"

    def folder(self, session_id: str) -> Path:
        return self.root / validate_session_id(session_id)

    def audio_dir(self, session_id: str) -> Path:
        return self.folder(session_id) / AUDIO_DIR

    def new_id(self, record: SessionRecord) -> str:
        base = f"{record.started_at:%Y%m%d-%H%M%S}-{record.track}"
        candidate, suffix = base, 2
        while (self.root / candidate).exists():
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        return candidate

    def create(self, record: SessionRecord) -> SessionRecord:
        """Give the record a fresh id, make its folder, mark it live and write it."""
        self.ensure_root()
        record.id = self.new_id(record)
        folder = self.folder(record.id)
        try:
            (folder / AUDIO_DIR).mkdir(parents=True, mode=0o700)
            (folder / LOCK_FILE).write_text(str(os.getpid()), encoding="utf-8")
        except OSError as error:
            raise SessionError(f"cannot create session folder {folder}: {error.strerror}") from None
        _WRITING.add(folder.resolve())
        self.save(record)
        return record

    def save(self, record: SessionRecord) -> None:
        path = self.folder(record.id) / SESSION_FILE
        try:
            atomic_write_text(path, record.model_dump_json(indent=2, exclude_none=True))
        except OSError as error:
            raise SessionError(
                f"cannot save session {record.id} to {path}: {error.strerror} "
                "(what was saved before is intact)"
            ) from None

    def claim(self, session_id: str) -> None:
        """This process is going to write the session again (to resume it)."""
        if self.is_live(session_id):
            raise SessionError(f"session {session_id} is still being recorded by another interviewer")
        folder = self.folder(session_id)
        for stale in folder.glob(f".{SESSION_FILE}.*.tmp"):  # a write cut short by a crash
            stale.unlink(missing_ok=True)
        lock = folder / LOCK_FILE
        try:
            lock.write_text(str(os.getpid()), encoding="utf-8")
        except OSError as error:
            raise SessionError(f"cannot resume session {session_id}: {error.strerror}") from None
        _WRITING.add(folder.resolve())

    def release(self, session_id: str) -> None:
        """The process no longer writes this session (also when the lock cannot be removed)."""
        folder = self.folder(session_id)
        _WRITING.discard(folder.resolve())
        with contextlib.suppress(OSError):  # read-only: the lock names us, and we no longer claim it
            (folder / LOCK_FILE).unlink(missing_ok=True)

    def is_live(self, session_id: str) -> bool:
        folder = self.folder(session_id)
        try:
            pid = int((folder / LOCK_FILE).read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return False
        if pid == os.getpid():
            return folder.resolve() in _WRITING
        return _pid_alive(pid)

    def load(self, session_id: str) -> SessionRecord:
        folder = self.folder(session_id)
        path = folder / SESSION_FILE
        if not folder.is_dir():
            raise SessionError(f"no session {session_id!r} in {self.root}")
        record = self.load_file(path)
        if record.id != session_id:
            record.id = session_id
        if record.status == SessionStatus.IN_PROGRESS and not self.is_live(session_id):
            record.status = SessionStatus.INTERRUPTED
        return record

    @staticmethod
    def load_file(path: Path) -> SessionRecord:
        try:
            size = path.stat().st_size
            if size > MAX_SESSION_BYTES:
                raise SessionError(
                    f"{path}: too large for a session file ({size // 2**20} MB; the limit is "
                    f"{MAX_SESSION_BYTES // 2**20} MB)"
                )
            raw = path.read_bytes()
        except OSError as error:
            raise SessionError(f"{path}: cannot read: {error.strerror}") from None
        try:  # the common case, parsed and validated in one pass by pydantic-core
            record = SessionRecord.model_validate_json(raw)
        except ValidationError:
            pass  # find out what is wrong, below, to say it in one line
        else:
            if record.schema_version == SCHEMA_VERSION:
                return record
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise _corrupt(path, f"{type(error).__name__}: {error}") from None
        if not isinstance(data, dict):
            raise _corrupt(path, "not a JSON object")
        version = data.get("schema_version")
        if not isinstance(version, int) or version < 1:
            raise _corrupt(path, "missing or invalid schema_version")
        if version > SCHEMA_VERSION:
            raise SessionError(
                f"{path} was written by a newer interviewer (schema {version}, this one reads "
                f"{SCHEMA_VERSION}); update interviewer to open it."
            )
        try:
            return SessionRecord.model_validate(data)
        except ValidationError as error:
            raise _corrupt(path, one_line_validation_error(error, whole="session")) from None

    def _session_folders(self) -> builtins.list[Path]:
        """Session folders in name order. One that a crash left before its first save (no
        session.json and no audio) holds nothing and is not listed."""
        folders = []
        for folder in sorted(self.root.iterdir()):
            if not folder.is_dir() or folder.name.startswith(".") or not _ID.match(folder.name):
                continue
            if not (folder / SESSION_FILE).exists() and not any((folder / AUDIO_DIR).glob("*")):
                continue
            folders.append(folder)
        return folders

    def list(self) -> ListResult:
        """Every readable session, newest first; unreadable ones are reported, not fatal."""
        sessions: list[SessionRecord] = []
        errors: list[str] = []
        if not self.root.is_dir():
            return ListResult(sessions, errors)
        for folder in self._session_folders():
            try:
                sessions.append(self.load(folder.name))
            except SessionError as error:
                errors.append(str(error))
        sessions.sort(key=lambda record: record.started_at, reverse=True)
        return ListResult(sessions, errors)

    def summaries(self) -> tuple[builtins.list[SessionSummary], builtins.list[str]]:
        """What a listing needs of every session, newest first, and one line per unreadable one.

        Much faster than list() for many sessions: answers are not validated one by one. A file
        that does not parse as a summary is loaded in full to say exactly what is wrong with it.
        """
        summaries: builtins.list[SessionSummary] = []
        errors: builtins.list[str] = []
        if not self.root.is_dir():
            return summaries, errors
        for folder in self._session_folders():
            path = folder / SESSION_FILE
            try:
                if path.stat().st_size > MAX_SESSION_BYTES:
                    raise ValueError("too large")
                summary = SessionSummary.model_validate_json(path.read_bytes())
                if summary.schema_version != SCHEMA_VERSION:
                    raise ValueError("another schema version")
            except (OSError, ValueError):
                try:
                    self.load(folder.name)  # raises the one-line reason
                except SessionError as error:
                    errors.append(str(error))
                continue
            summary.id = folder.name
            if summary.status == SessionStatus.IN_PROGRESS and not self.is_live(folder.name):
                summary.status = SessionStatus.INTERRUPTED
            summaries.append(summary)
        summaries.sort(key=lambda summary: summary.started_at, reverse=True)
        return summaries, errors

    def delete(self, session_id: str) -> None:
        folder = self.folder(session_id)
        if not (folder / SESSION_FILE).exists() and not folder.is_dir():
            raise SessionError(f"no session {session_id!r} in {self.root}")
        try:
            shutil.rmtree(folder)
        except OSError as error:
            raise SessionError(f"cannot delete {folder}: {error.strerror}") from None
