"""The check that a message for the user is one plain sentence that names its fix."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
FIX = re.compile(
    r"; (?:\w+ ){0,2}?(?:plug|install|run|check|pick|set|start|delete|update|point|type|choose)\b"
)
"""The fix: the clause after the semicolon, led by what to do."""


def plain_sentence_problems(message: str) -> list[str]:
    """What keeps a message from being one plain sentence that names a fix (nothing when it is)."""
    problems = []
    if "\n" in message:
        problems.append("more than one line")
    ends = [match.start() for match in SENTENCE_END.finditer(message)]
    if len(ends) > 1 or (ends and ends[0] != len(message) - 1):
        problems.append("more than one sentence")
    depth = deepest = 0
    for character in message:
        depth += {"(": 1, ")": -1}.get(character, 0)
        deepest = max(deepest, depth)
    if deepest > 1:
        problems.append("nested parentheses")
    if not FIX.search(message):
        problems.append("names no fix")
    return problems
