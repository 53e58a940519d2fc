"""Interviewer backends: the embedded offline one, and (later) the LLM one."""

from interviewer.backends.base import AnswerInput, InterviewerBackend, TurnState
from interviewer.backends.offline import OfflineBackend

__all__ = ["AnswerInput", "InterviewerBackend", "OfflineBackend", "TurnState"]
