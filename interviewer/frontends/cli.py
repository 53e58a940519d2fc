"""The `interviewer` command line: parser, practice, score and sessions (speech in cli_speech)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from interviewer.backends.base import AnswerInput, InterviewerBackend, TurnState
from interviewer.bank.models import Difficulty, FollowUp, Question
from interviewer.bank.plan import TRACK_CHOICES
from interviewer.bank.questions import DEFAULT_EXPECTS, BankError, QuestionBank, default_bank
from interviewer.engine.interview import AnswerOutcome, Interview
from interviewer.engine.setup import (
    BACKENDS,
    PlanChoice,
    load_transcriber,
    make_backend,
    new_interview,
    resume_interview,
)
from interviewer.engine.voice import answer_from_file
from interviewer.frontends.cli_speech import (
    EXIT_FAILURE,
    cmd_bench,
    cmd_doctor,
    cmd_transcribe,
    progress_printer,
    run_spoken_practice,
    spoken_mode_problem,
    write_stdout,
)
from interviewer.frontends.textmode import (
    ScriptError,
    answer_files,
    closing_lines,
    feedback_lines,
    read_answer_file,
    run_scripted,
    run_typed,
)
from interviewer.llm.errors import LLMError
from interviewer.settings import Settings
from interviewer.shared.errors import UsageError, one_line_validation_error
from interviewer.shared.files import atomic_write_text
from interviewer.shared.vocabulary import Target, Track
from interviewer.speech.stt import AudioError, Transcriber, audio_duration
from interviewer.speech.weights import ModelError
from rubrics.loader import RubricFileError
from sessions.export import FORMATS, export
from sessions.report import llm_summary, usage_line
from sessions.store import SessionError, SessionStore

EXIT_USAGE = 2


def write_stderr(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="interviewer",
        description="A spoken mock interviewer for AI-engineering interviews. "
        "With no command in a terminal, opens the app; piped, starts a typed interview.",
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
        "--answers", type=Path, metavar="DIR", help="answer from the .txt or .wav files in DIR, in name order"
    )
    practice.add_argument(
        "--no-feedback", action="store_true", help="feedback only at the end (realistic mode)"
    )
    practice.add_argument(
        "--resume",
        metavar="ID",
        help="carry on an interrupted session from its next question (its plan, track and company)",
    )

    score = commands.add_parser("score", help="score one answer to one question")
    score.add_argument("--question", required=True, help="the question text, or a bank question id")
    source = score.add_mutually_exclusive_group(required=True)
    source.add_argument("--answer-file", type=Path, metavar="F", help="a text file with the answer")
    source.add_argument("--answer-audio", type=Path, metavar="F", help="a recording of the answer")
    source.add_argument(
        "--code-file",
        type=Path,
        metavar="F",
        help="Python code for an implementation problem (code-impl-...), run on its hidden tests",
    )
    score.add_argument(
        "--track", choices=[t.value for t in Track], help="track of a question not in the bank"
    )
    score.add_argument("--backend", choices=BACKENDS, help="scoring backend (default: offline)")
    score.add_argument("--json", action="store_true", help="print JSON")

    transcribe = commands.add_parser("transcribe", help="transcribe an audio file with word timings")
    transcribe.add_argument("audio", type=Path, metavar="AUDIO")
    transcribe.add_argument("--json", action="store_true", help="print JSON: text, language, duration, words")

    doctor = commands.add_parser("doctor", help="check microphone, speaker, voice, Whisper weights, LLM")
    doctor.add_argument("--json", action="store_true", help="print JSON")

    replay = commands.add_parser("replay", help="open a saved session in the app (in a terminal)")
    replay.add_argument("id")

    bench = commands.add_parser("bench", help="speech benchmark: live against whole-recording transcription")
    bench.add_argument("--json", action="store_true", help="print JSON")
    bench.add_argument("--runs", type=int, default=3, help="runs per answer length (default 3)")
    bench.add_argument("--lengths", default="15,60,180", help="answer lengths in seconds (default 15,60,180)")
    bench.add_argument("--speed", type=float, default=1.0, help="feed speed, 1.0 = real time (default)")

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


def _backend(name: str, bank: QuestionBank, settings: Settings, *, fallback: bool) -> InterviewerBackend:
    """The named backend (see session_setup); one that sends answers away says where, on stderr."""
    backend = make_backend(name, bank, settings, fallback=fallback)
    usage = backend.usage()
    if usage is not None:
        write_stderr(f"Answers are sent to the LLM at {usage.endpoint} (model {usage.model}).\n")
    return backend


PLAN_OPTIONS = ("track", "company", "stage", "questions", "seed", "follow_ups")


def _new_interview(args: argparse.Namespace, settings: Settings, bank: QuestionBank, mode: str) -> Interview:
    backend = _backend(args.backend or settings.backend, bank, settings, fallback=True)
    choice = PlanChoice(**{name: getattr(args, name) for name in PLAN_OPTIONS})
    return new_interview(settings, bank, backend, choice, mode=mode)


def _resumed_interview(
    args: argparse.Namespace, settings: Settings, bank: QuestionBank, mode: str
) -> Interview:
    given = [f"--{name.replace('_', '-')}" for name in PLAN_OPTIONS if getattr(args, name) is not None]
    if given:
        raise UsageError(f"--resume keeps the session's own plan; drop {', '.join(given)}")

    def recovering(audio: str) -> None:
        write_stdout(f"Transcribing the answer that was being recorded ({audio}) …\n")

    interview = resume_interview(
        args.resume,
        settings,
        bank,
        lambda recorded: _backend(args.backend or recorded, bank, settings, fallback=True),
        mode=mode,
        transcriber=lambda: load_transcriber(settings, progress_printer("Preparing")),
        on_recovering=recovering,
    )
    answered = len(interview.record.answered_turns)
    write_stdout(f"Resuming session {interview.session_id}: {answered} question(s) already answered.\n")
    return interview


def cmd_practice(args: argparse.Namespace, settings: Settings) -> int:
    bank = default_bank()
    files = answer_files(args.answers) if args.answers else None
    feedback = not args.no_feedback
    microphone_problem = None if files is not None or args.text else spoken_mode_problem(settings)
    if microphone_problem:
        write_stdout(f"{microphone_problem}; continuing with typed answers.\n")
    mode = "scripted" if files is not None else ("text" if args.text or microphone_problem else "voice")
    if args.resume:
        interview = _resumed_interview(args, settings, bank, mode)
    else:
        interview = _new_interview(args, settings, bank, mode)
    store = interview.store
    try:
        if interview.finished:
            record = interview.finish()
        elif files is not None:
            transcriber: list[Transcriber] = []

            def answer_audio(path: Path) -> AnswerOutcome:
                audio_duration(path)  # refuse a broken file before loading the model
                if not transcriber:
                    transcriber.append(load_transcriber(settings, progress_printer("Preparing")))
                return answer_from_file(interview, transcriber[0], path)

            record = run_scripted(
                interview, files, write_stdout, answer_audio=answer_audio, immediate_feedback=feedback
            )
        elif mode == "voice":
            record = run_spoken_practice(interview, settings, feedback)
        else:
            record = run_typed(interview, sys.stdin, write_stdout, immediate_feedback=feedback)
    except KeyboardInterrupt:
        record = interview.finish()
    write_stdout("\n".join(closing_lines(record, store.root, discarded=interview.discarded)) + "\n")
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


def read_answer_audio(path: Path, settings: Settings) -> AnswerInput:
    transcript = load_transcriber(settings, progress_printer("Preparing")).transcribe_file(path)
    if not transcript.text.strip():
        raise UsageError(f"{path}: no speech found in the recording")
    return AnswerInput(text=transcript.text, words=transcript.words, duration_s=transcript.duration)


def cmd_score_code(args: argparse.Namespace) -> int:
    """Run code for an implementation problem on its hidden tests, in the sandbox, and score it."""
    from interviewer.bank.problems import ProblemError, get_problem
    from interviewer.coding.grading import code_level, run_report
    from interviewer.coding.sandbox import run_tests
    from rubrics.levels import LEVEL_MEANINGS
    from rubrics.models import AnswerScore

    try:
        problem = get_problem(args.question.strip())
    except ProblemError as error:
        raise UsageError(str(error)) from None
    code = read_answer_file(args.code_file)
    if not args.json:
        write_stdout(f"Running {len(problem.tests)} hidden tests of {problem.id} in the sandbox …\n")
    result = run_tests(code, problem, problem.tests)
    level, reasons = code_level(problem, code, result)
    score = AnswerScore(overall=level, level_meaning=LEVEL_MEANINGS[level], level_reasons=reasons)
    tests = run_report(result)
    if args.json:
        payload = score.model_dump(
            mode="json",
            include={"flags", "scores", "checklist", "delivery", "overall", "level_meaning", "level_reasons"},
        )
        payload["level"] = {"value": level, "meaning": score.level_meaning, "reasons": reasons}
        payload["tests"] = tests
        if result.problem_message:
            payload["tests"]["problem"] = result.problem_message
        write_stdout(json.dumps(payload, indent=2) + "\n")
        return 0
    write_stdout(f"{problem.title} ({problem.signature})\n")
    if result.problem_message:
        write_stdout(f"  The code did not run: {result.problem_message}\n")
    for test in [] if result.problem_message else result.results:
        detail = f": {test.detail}" if test.detail else ""
        write_stdout(f"  {test.status:8} {test.name}{detail}\n")
    write_stdout(f"Level {level}/5: {LEVEL_MEANINGS[level]} ({'; '.join(reasons)})\n")
    return 0


def cmd_score(args: argparse.Namespace, settings: Settings) -> int:
    if args.code_file is not None:
        return cmd_score_code(args)
    bank = default_bank()
    backend = _backend(args.backend or settings.backend, bank, settings, fallback=False)
    answer = read_answer_audio(args.answer_audio, settings) if args.answer_audio else None
    text = answer.text if answer else read_answer_file(args.answer_file)
    question = find_question(bank, args.question, args.track)
    state = TurnState(
        question=question,
        company=bank.company(settings.company),
        prompts=[question.text],
        answers=[text],
        follow_ups_asked=[],
        max_follow_ups=0,
    )
    result = backend.score_answer(state, answer or AnswerInput(text=text), follow_up=False)
    if args.json:
        payload = result.model_dump(
            mode="json",
            include={
                "flags",
                "scores",
                "checklist",
                "delivery",
                "star",
                "overall",
                "level_meaning",
                "level_reasons",
                "non_answer",
                "rubric_mean",
                "backend",
                "ignored_instructions",
            },
        )
        payload["checklist"]["coverage"] = result.checklist.coverage
        payload["level"] = {
            "value": int(result.overall) if result.overall is not None else None,
            "meaning": result.level_meaning,
            "reasons": result.level_reasons,
        }
        usage = backend.usage()
        if usage is not None:
            payload |= result.model_dump(mode="json", include={"llm_flags", "llm_scores", "llm_dropped"})
            payload["agreement"] = result.agreement()
            payload["llm"] = llm_summary(usage)
        write_stdout(json.dumps(payload, indent=2) + "\n")
        return 0
    write_stdout(f"Question ({question.track.value}): {question.text}\n")
    write_stdout("\n".join(feedback_lines(result)) + "\n")
    if result.checklist.items:
        covered = sum(item.covered for item in result.checklist.items)
        write_stdout(f"  Checklist: {covered}/{len(result.checklist.items)} key points covered\n")
    usage = backend.usage()
    if usage is not None:
        write_stdout(f"  {usage_line(usage)}\n")
    return 0


def cmd_sessions(args: argparse.Namespace, settings: Settings) -> int:
    store = SessionStore(settings.sessions_dir)
    if args.action == "list":
        summaries, errors = store.summaries()
        for error in errors:
            print(f"interviewer: warning: {error}", file=sys.stderr)
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
                "turns": record.answered,
                "overall": record.overall,
                "flags": record.flags,
            }
            for record in summaries
        ]
        if args.json:
            write_stdout(json.dumps(rows, indent=2) + "\n")
        elif not rows:
            write_stdout(f"No sessions yet in {store.root}. Start one with: interviewer practice\n")
        else:
            write_stdout(f"{'id':34} {'started':16} {'track':16} {'status':11} turns overall flags\n")
            for row in rows:
                overall = f"{row['overall']:.1f}" if row["overall"] is not None else "-"
                started = str(row["started_at"])[:16].replace("T", " ")
                write_stdout(
                    f"{row['id']:34} {started:16} {row['track']:16} {row['status']:11} "
                    f"{row['turns']:5} {overall:>7} {row['flags']:5}\n"
                )
            if any(row["status"] == "interrupted" for row in rows):
                write_stdout("Carry on an interrupted session with: interviewer practice --resume ID\n")
        return 0
    record = store.load(args.id)
    if args.action == "show":
        write_stdout(export(record, "md"))
    elif args.action == "export":
        document = export(record, args.format)
        if args.output:
            try:
                atomic_write_text(args.output, document)
            except OSError as error:
                raise UsageError(f"cannot write {args.output}: {error.strerror}") from None
            write_stdout(f"Wrote {args.output}\n")
        else:
            write_stdout(document)
    elif args.action == "delete":
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError("refusing to delete without confirmation; add --yes")
            reply = input(f"Delete session {record.id} and its audio? [y/N] ")
            if reply.strip().lower() not in ("y", "yes"):
                write_stdout("Not deleted.\n")
                return 0
        store.delete(record.id)
        write_stdout(f"Deleted session {record.id}\n")
    return 0


def cmd_replay(args: argparse.Namespace, settings: Settings) -> int:
    """Reached only without a terminal: the app needs one (`interviewer replay ID` opens it there)."""
    SessionStore(settings.sessions_dir).load(args.id)  # a bad id is still reported as such
    raise UsageError(
        "replay opens the app, which needs a terminal; try: interviewer sessions show " + args.id
    )


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings()
    if args.command is None:
        args = parser.parse_args(["practice"])
    handlers = {
        "practice": cmd_practice,
        "score": cmd_score,
        "sessions": cmd_sessions,
        "transcribe": cmd_transcribe,
        "doctor": cmd_doctor,
        "bench": cmd_bench,
        "replay": cmd_replay,
    }
    return handlers[args.command](args, settings)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the CLI; every expected failure is one line on stderr and a non-zero exit."""
    try:
        code = run(argv)
    except (
        UsageError,
        BankError,
        SessionError,
        RubricFileError,
        ScriptError,
        AudioError,
        ModelError,
        LLMError,
    ) as error:
        print(f"interviewer: error: {error}", file=sys.stderr)
        bad_input = isinstance(error, UsageError | BankError | ScriptError | AudioError)
        code = EXIT_USAGE if bad_input else EXIT_FAILURE
    except ValidationError as error:
        print(f"interviewer: error: invalid settings: {one_line_validation_error(error)}", file=sys.stderr)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        print("\ninterviewer: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as error:  # the last line of defence against a traceback
        if os.environ.get("INTERVIEWER_DEBUG"):
            raise
        print(
            f"interviewer: internal error: {type(error).__name__}: {error} "
            "(set INTERVIEWER_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        code = EXIT_FAILURE
    sys.exit(code)
