"""Every key of every screen, in one list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# Keys

## Everywhere
| key | does |
|---|---|
| F1 | this help |
| ctrl+q | quit |
| ctrl+p | command palette |
| escape | back |

## Home
| key | does |
|---|---|
| s | start the interview chosen above |
| v | voice on or off (off: type your answers) |
| f | feedback after each answer, or only at the end |
| l | sessions |
| p | progress across sessions, and a study plan |
| , | settings (saved to the config file) |
| r | check microphone, voice, Whisper and LLM again |
| tab / shift+tab | move between the choices |

## Interview
| key | does |
|---|---|
| ctrl+s | submit a typed answer or a coding problem's code; finish a spoken answer (or stop the question) |
| F5 | in a coding problem, run the code on the visible examples |
| ctrl+t | ask for time to think (the answer stays open through a longer pause) |
| ctrl+r | say the question again |
| ctrl+n | skip to the next question |
| ctrl+o | pause or resume: the timer, and the microphone while you answer |
| ctrl+e | end the interview (everything so far is saved) |

## Sessions
| key | does |
|---|---|
| enter | open the session's review |
| r | replay the session |
| c | carry on an interrupted session from its next question |
| / | filter by text (track, company, status, date) |
| o | change the sort order |
| m / h | export Markdown / HTML next to the session |
| d | delete (asks first) |

## Review
| key | does |
|---|---|
| j / k, page up / down | scroll |
| home | back to the top |
| r | replay the session |

## Settings
| key | does |
|---|---|
| ctrl+s | check the values and save them |
| ctrl+l | list the installed voices and pick one |
| ctrl+t | try the voice and rate as typed |
| escape | back, without saving |

## Replay
| key | does |
|---|---|
| space | play or pause |
| ← / → | previous / next word |
| , / . | previous / next sentence |
| p / n | previous / next answer |
| f | next flag (the words a flag quotes) |
| u | next filler word |
| r | next code run (the code as it was at each run) |
| + / - | faster / slower (0.75x to 2x) |
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)
