"""Runs the `interviewer` command with every network attempt logged:
`python -m tests.support.no_network ARGS`.

A Python audit hook records each socket connection, name lookup and datagram that is not a
local (Unix) socket into the file named by NO_NETWORK_LOG. tests/test_privacy.py runs offline
sessions through it and expects the log to stay empty.
"""

from __future__ import annotations

import os
import socket
import sys
from typing import Any

WATCHED = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto", "socket.sendmsg"}


def record(event: str, args: tuple[Any, ...]) -> None:
    if event not in WATCHED:
        return
    if event == "socket.connect" and getattr(args[0], "family", None) == socket.AF_UNIX:
        return
    with open(os.environ["NO_NETWORK_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{event} {args[1:]!r}\n")


if __name__ == "__main__":
    sys.addaudithook(record)
    from interviewer.frontends.cli import main

    main(sys.argv[1:])
