"""The `interviewer` command: the app when run bare in a terminal, else the command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from interviewer.frontends import cli


def main(argv: Sequence[str] | None = None) -> None:
    """`interviewer` opens the app; `interviewer replay ID` opens a session in it; the rest is the CLI."""
    args = list(sys.argv[1:] if argv is None else argv)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if interactive and (not args or (len(args) == 2 and args[0] == "replay")):
        sys.exit(run_app(args[1] if args else None))
    cli.main(args)


def run_app(replay: str | None) -> int:
    from interviewer.settings import Settings
    from sessions.store import SessionError, SessionStore

    try:
        settings = Settings()
        if replay is not None:
            SessionStore(settings.sessions_dir).load(replay)  # a bad id is a one-line error, before the app
    except SessionError as error:
        print(f"interviewer: error: {error}", file=sys.stderr)
        return cli.EXIT_USAGE
    except ValueError as error:  # invalid settings
        print(f"interviewer: error: invalid settings: {error}", file=sys.stderr)
        return cli.EXIT_USAGE
    from tui.app import make_app

    make_app(settings, replay=replay).run()
    return 0
