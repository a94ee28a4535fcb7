"""The notification preferences: one row per event, its channel chosen with e / s / n."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from pronote_api.models import NotificationChannel, NotificationEvent, NotificationPrefs
from pronote_tui.i18n import Localized


class NotificationsTable(Localized, DataTable[str]):
    """Posts :class:`ChannelChosen`; the owner saves and then calls :meth:`show_prefs`."""

    BINDINGS = [
        Binding("e", "choose('email')", "notif.key.email"),
        Binding("s", "choose('sms')", "notif.key.sms"),
        Binding("n", "choose('none')", "notif.key.none"),
    ]

    class ChannelChosen(Message):
        def __init__(self, event: NotificationEvent, channel: NotificationChannel) -> None:
            super().__init__()
            self.event = event
            self.channel = channel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")

    def on_mount(self) -> None:
        self.add_column(self.t("notif.col.event"), key="event")
        self.add_column(self.t("notif.col.channel"), key="channel")

    def show_prefs(self, prefs: NotificationPrefs) -> None:
        row = self.cursor_row
        self.clear()
        for event in NotificationEvent:
            channel = prefs.channels.get(event, NotificationChannel.NONE)
            self.add_row(
                self.t(f"notif.event.{event.value}"),
                self.t(f"notif.channel.{channel.value}"),
                key=event.value,
            )
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    def action_choose(self, channel: str) -> None:
        if not self.row_count:
            return
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        if key is not None:
            self.post_message(
                self.ChannelChosen(NotificationEvent(key), NotificationChannel(channel))
            )
