"""The `interviewer` command line: practice, score and sessions."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from interviewer.backends.base import AnswerInput, TurnState
from interviewer.backends.offline import OfflineBackend
from interviewer.engine import Interview
from interviewer.models import Difficulty, FollowUp, Question, Target
from interviewer.plan import TRACK_CHOICES, build_plan
from interviewer.question_bank import DEFAULT_EXPECTS, BankError, QuestionBank, default_bank
from interviewer.settings import Settings
from interviewer.textmode import (
    ScriptError,
    answer_files,
    closing_lines,
    feedback_lines,
    read_answer_file,
    run_scripted,
    run_typed,
)
from rubrics.loader import RubricFileError
from rubrics.models import Track
from sessions.export import FORMATS, export
from sessions.store import SessionError, SessionStore, atomic_write_text

BACKENDS = ("offline", "llm")
EXIT_USAGE = 2
EXIT_FAILURE = 1


class UsageError(ValueError):
    """Bad input from the user; reported in one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="interviewer",
        description="A spoken mock interviewer for AI-engineering interviews. "
        "With no command, starts an interview on the embedded defaults.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    practice = commands.add_parser("practice", help="hold an interview in the terminal")
    practice.add_argument("--track", choices=TRACK_CHOICES, help="question track, or full-loop for a mix")
    practice.add_argument("--company", help="company profile: ai-native, big-tech, ai-startup, enterprise")
    practice.add_argument(
        "--stage", help="phone-screen, onsite, hiring-manager or practice (sets length and mix)"
    )
    practice.add_argument("--questions", type=int, help="number of questions (overrides the stage)")
    practice.add_argument("--backend", choices=BACKENDS, help="interviewer backend (default: offline)")
    practice.add_argument("--follow-ups", type=int, dest="follow_ups", help="follow-ups per question at most")
    practice.add_argument("--seed", type=int, help="seed for the question choice, to repeat a session")
    practice.add_argument("--text", action="store_true", help="type the answers")
    practice.add_argument(
        "--answers", type=Path, metavar="DIR", help="answer from the files in DIR, in name order"
    )
    practice.add_argument(
        "--no-feedback", action="store_true", help="feedback only at the end (realistic mode)"
    )

    score = commands.add_parser("score", help="score one answer to one question")
    score.add_argument("--question", required=True, help="the question text, or a bank question id")
    source = score.add_mutually_exclusive_group(required=True)
    source.add_argument("--answer-file", type=Path, metavar="F", help="a text file with the answer")
    source.add_argument("--answer-audio", type=Path, metavar="F", help="a recording of the answer")
    score.add_argument(
        "--track", choices=[t.value for t in Track], help="track of a question not in the bank"
    )
    score.add_argument("--backend", choices=BACKENDS, help="scoring backend (default: offline)")
    score.add_argument("--json", action="store_true", help="print JSON")

    sessions = commands.add_parser("sessions", help="list, show, export or delete saved sessions")
    actions = sessions.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    listing = actions.add_parser("list", help="all saved sessions, newest first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    show = actions.add_parser("show", help="print a session's report")
    show.add_argument("id")
    exporting = actions.add_parser("export", help="export a session's report")
    exporting.add_argument("id")
    exporting.add_argument("--format", choices=FORMATS, default="md")
    exporting.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    delete = actions.add_parser("delete", help="delete a session and its audio")
    delete.add_argument("id")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _backend(name: str, bank: QuestionBank) -> OfflineBackend:
    if name == "llm":
        raise UsageError("the llm backend is not available yet; use --backend offline")
    if name != "offline":
        raise UsageError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    return OfflineBackend(bank)


def cmd_practice(args: argparse.Namespace, settings: Settings) -> int:
    bank = default_bank()
    store = SessionStore(settings.sessions_dir)
    backend = _backend(args.backend or settings.backend, bank)
    recent = [q for record in store.list().sessions[:5] for q in record.planned_questions]
    plan = build_plan(
        bank,
        track=args.track or settings.track,
        company=args.company or settings.company,
        stage=args.stage,
        questions=args.questions,
        seed=args.seed,
        exclude=recent,
        max_follow_ups=settings.max_follow_ups if args.follow_ups is None else args.follow_ups,
    )
    files = answer_files(args.answers) if args.answers else None
    interview = Interview(plan, bank, backend, store, mode="scripted" if files else "text")
    feedback = not args.no_feedback
    if files is not None:
        record = run_scripted(interview, files, _write, immediate_feedback=feedback)
    else:
        if not args.text:
            _write("Spoken answers are not available yet; type your answers instead.\n")
        try:
            record = run_typed(interview, sys.stdin, _write, immediate_feedback=feedback)
        except KeyboardInterrupt:
            record = interview.finish()
    _write("\n".join(closing_lines(record, store.root, discarded=interview.discarded)) + "\n")
    return 0


def find_question(bank: QuestionBank, text: str, track: str | None) -> Question:
    """A bank question by id or exact text; otherwise an ad-hoc question of the given track."""
    wanted = text.strip()
    for question in bank.questions.values():
        if wanted == question.id or wanted.lower() == question.text.lower():
            return question
    if len(wanted) < 15:
        raise UsageError("the question is too short; give its full text or a bank question id")
    if track is None:
        behavioral = wanted.lower().startswith(("tell me about", "describe a time", "describe a situation"))
        track = Track.BEHAVIORAL.value if behavioral else Track.SYSTEM_DESIGN.value
    chosen = Track(track)
    return Question(
        id="ad-hoc",
        track=chosen,
        topic="ad-hoc",
        difficulty=Difficulty.MEDIUM,
        text=wanted,
        follow_ups=tuple(
            FollowUp(target=t, text=bank.generic_follow_ups[t]) for t in (Target.DEPTH, Target.TRADEOFFS)
        ),
        expects=DEFAULT_EXPECTS[chosen],
    )


def cmd_score(args: argparse.Namespace, settings: Settings) -> int:
    bank = default_bank()
    backend = _backend(args.backend or settings.backend, bank)
    if args.answer_audio is not None:
        raise UsageError(
            "scoring audio needs speech recognition, which is not available yet; use --answer-file"
        )
    text = read_answer_file(args.answer_file)
    question = find_question(bank, args.question, args.track)
    state = TurnState(
        question=question,
        company=bank.company(settings.company),
        prompts=[question.text],
        answers=[text],
        follow_ups_asked=[],
        max_follow_ups=0,
    )
    result = backend.score_answer(state, AnswerInput(text=text), follow_up=False)
    if args.json:
        payload = result.model_dump(
            mode="json", include={"flags", "scores", "checklist", "delivery", "star", "overall"}
        )
        payload["checklist"]["coverage"] = result.checklist.coverage
        _write(json.dumps(payload, indent=2) + "\n")
        return 0
    _write(f"Question ({question.track.value}): {question.text}\n")
    _write("\n".join(feedback_lines(result)) + "\n")
    if result.checklist.items:
        covered = sum(item.covered for item in result.checklist.items)
        _write(f"  Checklist: {covered}/{len(result.checklist.items)} key points covered\n")
    if result.overall is not None:
        _write(f"  Overall: {result.overall:.1f}/5\n")
    return 0


def cmd_sessions(args: argparse.Namespace, settings: Settings) -> int:
    store = SessionStore(settings.sessions_dir)
    if args.action == "list":
        result = store.list()
        for error in result.errors:
            print(f"interviewer: warning: skipped {error}", file=sys.stderr)
        rows = [
            {
                "id": record.id,
                "started_at": record.started_at.isoformat(),
                "ended_at": record.ended_at.isoformat() if record.ended_at else None,
                "track": record.track,
                "company": record.company,
                "stage": record.stage,
                "backend": record.backend,
                "status": record.status.value,
                "turns": len(record.answered_turns),
                "overall": record.overall,
                "flags": sum(len(t.score.flags) for t in record.answered_turns if t.score),
            }
            for record in result.sessions
        ]
        if args.json:
            _write(json.dumps(rows, indent=2) + "\n")
        elif not rows:
            _write(f"No sessions yet in {store.root}. Start one with: interviewer practice\n")
        else:
            _write(f"{'id':34} {'started':16} {'track':16} {'status':11} turns overall flags\n")
            for row in rows:
                overall = f"{row['overall']:.1f}" if row["overall"] is not None else "-"
                started = str(row["started_at"])[:16].replace("T", " ")
                _write(
                    f"{row['id']:34} {started:16} {row['track']:16} {row['status']:11} "
                    f"{row['turns']:5} {overall:>7} {row['flags']:5}\n"
                )
        return 0
    record = store.load(args.id)
    if args.action == "show":
        _write(export(record, "md"))
    elif args.action == "export":
        document = export(record, args.format)
        if args.output:
            try:
                atomic_write_text(args.output, document)
            except OSError as error:
                raise UsageError(f"cannot write {args.output}: {error.strerror}") from None
            _write(f"Wrote {args.output}\n")
        else:
            _write(document)
    elif args.action == "delete":
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError("refusing to delete without confirmation; add --yes")
            reply = input(f"Delete session {record.id} and its audio? [y/N] ")
            if reply.strip().lower() not in ("y", "yes"):
                _write("Not deleted.\n")
                return 0
        store.delete(record.id)
        _write(f"Deleted session {record.id}\n")
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings()
    if args.command is None:
        args = parser.parse_args(["practice", "--text"])
    handlers = {"practice": cmd_practice, "score": cmd_score, "sessions": cmd_sessions}
    return handlers[args.command](args, settings)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the CLI; every expected failure is one line on stderr and a non-zero exit."""
    try:
        code = run(argv)
    except (UsageError, BankError, SessionError, RubricFileError, ScriptError) as error:
        print(f"interviewer: error: {error}", file=sys.stderr)
        code = EXIT_USAGE if isinstance(error, UsageError | BankError | ScriptError) else EXIT_FAILURE
    except ValidationError as error:
        print(f"interviewer: error: invalid settings: {error.errors()[0]['msg']}", file=sys.stderr)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        print("\ninterviewer: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as error:
        if os.environ.get("INTERVIEWER_DEBUG"):
            raise
        print(
            f"interviewer: internal error: {type(error).__name__}: {error} "
            "(set INTERVIEWER_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        code = EXIT_FAILURE
    sys.exit(code)
