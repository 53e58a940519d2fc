"""All saved sessions in a table: filter, sort, open, export and delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from interviewer.shared.files import atomic_write_text
from sessions.export import export
from sessions.models import SessionRecord, SessionStatus, SessionSummary
from sessions.store import SessionError
from tui.screens.confirm import Confirm

if TYPE_CHECKING:
    from tui.app import InterviewerApp

SORTS = [
    ("newest first", lambda r: r.started_at.timestamp(), True),
    ("oldest first", lambda r: r.started_at.timestamp(), False),
    ("best score first", lambda r: r.overall or 0.0, True),
    ("most flags first", lambda r: r.flags, True),
]


class SessionsScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("r", "replay", "Replay"),
        Binding("c", "resume", "Continue"),
        Binding("slash", "filter", "Filter"),
        Binding("o", "sort", "Sort"),
        Binding("m", "export('md')", "Export md"),
        Binding("h", "export('html')", "Export html"),
        Binding("d", "delete", "Delete"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.records: list[SessionSummary] = []
        self.sort_index = 0
        self.filter_text = ""

    @property
    def interviewer(self) -> InterviewerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="sessions"):
            yield Input(placeholder="filter: track, company, status or date", id="filter")
            yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="sessions-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        table = self.query_one("#table", DataTable)
        table.add_columns("date", "track", "company", "status", "answered", "score", "flags", "id")
        self.reload()
        table.focus()

    def reload(self) -> None:
        self.records, errors = self.interviewer.services.store.summaries()
        if errors:
            more = f" ({len(errors) - 1} more could not be read either)" if len(errors) > 1 else ""
            self.notify(f"{errors[0]}{more}", timeout=8)
        self.refill()

    def shown_records(self) -> list[SessionSummary]:
        _, key, reverse = SORTS[self.sort_index]
        wanted = self.filter_text.lower()
        rows = [r for r in self.records if not wanted or wanted in row_text(r).lower()]
        return sorted(rows, key=key, reverse=reverse)

    def refill(self) -> None:
        table = self.query_one("#table", DataTable)
        table.clear()
        rows = self.shown_records()
        for record in rows:
            overall = f"{record.overall:.1f}" if record.overall is not None else "-"
            table.add_row(
                f"{record.started_at:%Y-%m-%d %H:%M}",
                record.track,
                record.company,
                record.status.value,
                str(record.answered),
                overall,
                str(record.flags),
                record.id,
                key=record.id,
            )
        shown = f"{len(rows)} of {len(self.records)} sessions, {SORTS[self.sort_index][0]}"
        if self.filter_text:
            shown += f", filtered by “{self.filter_text}”"
        if not self.records:
            shown = "No sessions yet. Start one from the home screen (escape, then s)."
        self.query_one("#sessions-status", Static).update(shown)

    def selected_summary(self) -> SessionSummary | None:
        table = self.query_one("#table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.records if r.id == key), None)

    def selected(self) -> SessionRecord | None:
        """The whole record of the selected row, loaded now; None (with a message) if it cannot be."""
        summary = self.selected_summary()
        if summary is None:
            return None
        try:
            return self.interviewer.services.store.load(summary.id)
        except SessionError as error:
            self.notify(str(error), severity="error", timeout=8)
            return None

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        from tui.screens.review import ReviewScreen

        record = self.selected()
        if record is not None:
            self.app.push_screen(ReviewScreen(record))

    def action_replay(self) -> None:
        from tui.screens.replay import ReplayScreen

        record = self.selected()
        if record is not None:
            self.app.push_screen(ReplayScreen(record))

    def action_resume(self) -> None:
        from tui.screens.interview import InterviewOptions, InterviewScreen

        summary = self.selected_summary()
        if summary is None:
            return
        if summary.status != SessionStatus.INTERRUPTED:
            self.notify("Only an interrupted session can be carried on.", timeout=5)
            return
        settings = self.interviewer.services.settings
        options = InterviewOptions(
            track=summary.track,
            company=summary.company,
            stage=summary.stage,
            questions=None,
            backend=summary.backend,
            voice=settings.spoken_answers,
            resume=summary.id,
        )
        self.app.push_screen(InterviewScreen(options))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.refill()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one("#table", DataTable).focus()

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.refill()

    def action_export(self, fmt: str) -> None:
        record = self.selected()
        if record is not None:
            self.export_worker(record, fmt)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export_worker(self, record: SessionRecord, fmt: str) -> None:
        target = self.interviewer.services.store.folder(record.id) / f"report.{fmt}"
        try:
            atomic_write_text(target, export(record, fmt))
        except OSError as error:
            self.app.call_from_thread(self.notify, f"Export failed: {error}", severity="error")
            return
        self.app.call_from_thread(self.notify, f"Exported to {target}", timeout=8)

    def action_delete(self) -> None:
        record = self.selected_summary()
        if record is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.interviewer.services.store.delete(record.id)
            except SessionError as error:
                self.notify(str(error), severity="error")
                return
            self.notify(f"Deleted {record.id}")
            self.reload()

        self.app.push_screen(Confirm(f"Delete session {record.id} and its audio?"), answered)

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus:
            self.query_one("#table", DataTable).focus()
            return
        self.app.pop_screen()


def row_text(record: SessionSummary) -> str:
    return " ".join(
        [f"{record.started_at:%Y-%m-%d %H:%M}", record.track, record.company, record.status.value, record.id]
    )
