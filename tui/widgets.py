"""Widgets the screens share."""

from __future__ import annotations

from contextlib import suppress

from textual import events
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    """Textual's header, except that a title update arriving after the screen began to close is
    dropped instead of crashing the app.

    Textual's own header updates its title from a watcher that finds the title widget by query,
    and catches only a missing screen: when a screen is dismissed (or the app quits) right after
    it was shown, the watcher can run once its children are gone and raise NoMatches.
    """

    def _on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # replaces the parent's handler, which would watch a second time

        async def set_title() -> None:
            with suppress(NoMatches, NoScreen):  # the header is being taken down
                self.query_one(HeaderTitle).update(self.format_title())

        screen: Screen[object] = self.screen
        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(screen, "title", set_title)
        self.watch(screen, "sub_title", set_title)
