"""The texts of Serveur PRONOTE > Sauvegardes: the restore's confirmation (what is replaced,
the work lost since the snapshot's date, the way back) and a verification's outcome.

The flows that show them are :mod:`pronote_tui.flows.backup` and :mod:`pronote_tui.flows.restore`.
"""

from __future__ import annotations

from pronote_api.catalogue import Lang, tr
from pronote_api.school import Job
from pronote_api.snapshots import RestorePreview, Snapshot
from pronote_tui.formatting import format_datetime_short
from pronote_tui.widgets.base_counts import format_count


def restore_body(preview: RestorePreview, lang: Lang) -> str:
    """What will be replaced, the work lost since the snapshot's date, and the way back."""
    item = preview.snapshot
    at = format_datetime_short(item.taken_at, lang)
    if preview.current_base_name is None:
        head = tr("restore.body_no_current", lang, base=item.base_name, at=at, name=item.name)
        return head
    head = tr(
        "restore.body",
        lang,
        current=preview.current_base_name,
        base=item.base_name,
        at=at,
        name=item.name,
    )
    if preview.entries_lost:
        last = (
            format_datetime_short(preview.current_last_entry_at, lang)
            if preview.current_last_entry_at is not None
            else "—"
        )
        lost = tr("restore.lost", lang, n=format_count(preview.entries_lost, lang), last=last)
    else:
        lost = tr("restore.lost_none", lang)
    return "\n\n".join((head, lost, tr("restore.kept", lang)))


def verify_text(item: Snapshot, job: Job, lang: Lang) -> str:
    if job.result.get("ok"):
        return tr("backups.verify_ok", lang, name=item.name)
    error = job.result.get("error") or {}
    reason = error.get("message_en" if lang == "en" else "message_fr") or str(
        job.result.get("reason", "")
    )
    return tr("backups.verify_bad", lang, name=item.name, reason=reason)
