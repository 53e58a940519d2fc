"""Run an interview in the terminal: typed answers, or answers read from a folder of files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from interviewer.engine.interview import AnswerOutcome, EmptyAnswerError, Interview, Prompt
from interviewer.speech.stt import AudioError
from rubrics.models import AnswerScore, Flag
from sessions.models import PromptKind, SessionRecord, SessionStatus
from sessions.report import rubric_name, top_work_items

COMMANDS_HELP = "Type your answer; finish it with an empty line. Commands: /skip, /repeat, /end, /help."
TEXT_SUFFIXES = (".txt",)
AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".m4a")
CODE_SUFFIXES = (".py",)
ANSWER_SUFFIXES = TEXT_SUFFIXES + AUDIO_SUFFIXES + CODE_SUFFIXES


class Lines(Protocol):
    """Where typed lines come from: stdin, or the keyboard thread of a spoken interview."""

    def readline(self) -> str: ...


class ScriptError(ValueError):
    """A scripted answers folder that cannot be used; the message is one line."""


def describe_prompt(prompt: Prompt) -> str:
    return f"\n[{prompt.label}] {prompt.text}"


def _flag_line(flag: Flag, source: str = "") -> str:
    quote = flag.evidence[0] if flag.evidence else ""
    shown = quote if flag.absent else f"“{quote}”"
    return f"  ! {source}{rubric_name(flag.rubric)} ({flag.severity.value}): {shown}"


def level_line(score: AnswerScore) -> str:
    """'Level 3/5: Some key points, shallow. (3/6 key points covered; gives reasons (2))'"""
    why = f" ({'; '.join(score.level_reasons[:4])})" if score.level_reasons else ""
    return f"  Level {score.overall:.0f}/5: {score.level_meaning}{why}"


def feedback_lines(score: AnswerScore) -> list[str]:
    """One answer in short: its level and why, its flags with a quote each, the LLM's beside them."""
    lines = [level_line(score)] if score.overall is not None else []
    lines += [_flag_line(flag) for flag in score.flags] or ["  No red flags in that answer."]
    if score.backend == "llm":
        lines += [_flag_line(flag, "LLM: ") for flag in score.llm_flags] or ["  LLM: no red flags."]
        agreement = score.agreement()
        if agreement:
            lines.append(
                f"  Detectors and LLM agree on {sum(agreement.values())} of {len(agreement)} rubrics."
            )
        if score.llm_dropped:
            lines.append(
                f"  ({score.llm_dropped} LLM judgment(s) dropped: their quotes are not in the answer.)"
            )
    lines += [f"  Not graded, addressed to the grader: “{text}”" for text in score.ignored_instructions]
    return lines


def closing_lines(record: SessionRecord, sessions_dir: Path, *, discarded: bool = False) -> list[str]:
    if discarded:
        return ["\nNothing was answered, so no session was saved."]
    answered = len(record.answered_turns)
    lines = [f"\nSession {record.id} saved ({record.status.value}, {answered} question(s) answered)."]
    if record.overall is not None:
        lines.append(f"Overall level: {record.overall:.1f}/5")
    items = top_work_items(record)
    if items:
        lines.append("Top things to work on:")
        lines += [
            f"  {n}. {item.name} (flagged {item.times}x). {item.advice}" for n, item in enumerate(items, 1)
        ]
    lines.append(f"Report: interviewer sessions show {record.id}   (folder: {sessions_dir / record.id})")
    if record.status == SessionStatus.INTERRUPTED:
        lines.append(f"To carry on later: interviewer practice --resume {record.id}")
    return lines


def read_typed_answer(stdin: Lines, write: Callable[[str], None]) -> str | None:
    """Lines until an empty line; None at end of input."""
    lines: list[str] = []
    while True:
        write("> " if not lines else "… ")
        line = stdin.readline()
        if not line:
            return "\n".join(lines) if lines else None
        line = line.rstrip("\n")
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        if not lines and line.strip().startswith("/"):
            return line.strip()
        lines.append(line)


def run_typed(
    interview: Interview, stdin: Lines, write: Callable[[str], None], *, immediate_feedback: bool = True
) -> SessionRecord:
    """The interactive text interview; end of input or /end saves and stops."""
    from interviewer.frontends.spoken import run_terminal

    return run_terminal(interview, stdin, write, immediate_feedback=immediate_feedback)


def outcome_text(interview: Interview, prompt: Prompt) -> str:
    """The last answer recorded for the prompt's question, shortened for the terminal."""
    answer = interview.record.turns[prompt.turn_index].answers[-1]
    if answer.code is not None and answer.code_runs:
        final = answer.code_runs[-1]
        return f"code, {final.passed} of {final.total} hidden tests passed"
    text = answer.text
    return text if len(text) <= 80 else text[:77] + "…"


def answer_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise ScriptError(f"answers folder {folder} does not exist or is not a folder")
    files = sorted(path for path in folder.iterdir() if path.suffix.lower() in ANSWER_SUFFIXES)
    if not files:
        raise ScriptError(f"no answer files ({', '.join(ANSWER_SUFFIXES)}) in {folder}")
    return files


def read_answer_file(path: Path) -> str:
    """The text of an answer file; a missing, unreadable or empty file is a one-line ScriptError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScriptError(f"{path}: does not exist") from None
    except UnicodeDecodeError:
        raise ScriptError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise ScriptError(f"{path}: cannot read: {error.strerror}") from None
    if not text.strip():
        raise ScriptError(f"{path}: empty answer")
    return text


def answer_with_code(interview: Interview, path: Path) -> AnswerOutcome:
    """Code for an implementation problem, from a file: its visible examples are run, then it is
    submitted to the hidden tests (both in the sandbox), as a candidate who tests first would."""
    from interviewer.bank.problems import get_problem
    from interviewer.coding.grading import CodeRun
    from interviewer.coding.sandbox import run_tests

    prompt = interview.current
    assert prompt is not None
    if prompt.question.problem is None or prompt.kind != PromptKind.QUESTION:
        raise ScriptError(f"{path}: code answers an implementation problem, and this prompt is not one")
    problem = get_problem(prompt.question.problem)
    code = read_answer_file(path)
    runs = [
        CodeRun(kind="examples", code=code, result=run_tests(code, problem, problem.examples)),
        CodeRun(kind="submit", code=code, result=run_tests(code, problem, problem.tests)),
    ]
    return interview.answer_code(runs)


def run_scripted(
    interview: Interview,
    files: list[Path],
    write: Callable[[str], None],
    *,
    answer_audio: Callable[[Path], AnswerOutcome] | None = None,
    immediate_feedback: bool = True,
) -> SessionRecord:
    """Answer each prompt (questions and follow-ups alike) with the next file, in name order.

    Text files are typed answers; audio files are recorded answers, passed to answer_audio; Python
    files are the code for an implementation problem (see answer_with_code). When
    the files run out the interview ends and is saved; a bad file ends it too, keeping every
    answer before it, and the error is raised after saving.
    """
    remaining: Iterator[Path] = iter(files)
    while (prompt := interview.current) is not None:
        path = next(remaining, None)
        if path is None:
            break
        write(describe_prompt(prompt) + "\n")
        try:
            if path.suffix.lower() in CODE_SUFFIXES:
                outcome = answer_with_code(interview, path)
            elif path.suffix.lower() in AUDIO_SUFFIXES and answer_audio is not None:
                outcome = answer_audio(path)
            else:
                outcome = interview.answer(read_answer_file(path))
        except (ScriptError, EmptyAnswerError, AudioError) as error:
            interview.finish(SessionStatus.INTERRUPTED)
            if isinstance(error, EmptyAnswerError):
                raise ScriptError(f"{path}: no speech found in the recording") from None
            raise ScriptError(str(error)) from None
        write(f"  (answer from {path.name}: {outcome_text(interview, prompt)})\n")
        if immediate_feedback:
            write("\n".join(feedback_lines(outcome.answer_score)) + "\n")
    return interview.finish()
