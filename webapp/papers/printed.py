"""The printed papers: the committee papers for an agenda item as plain data (the contract in
webapp/exports/papers_docx.py)."""

from webapp.domain.dates import council_time
from webapp.domain.papers import EDITABLE_SECTIONS
from webapp.pips.printed import load_printed_plans, restored

from .changes import add_changes_since
from .risk_rows import printed_risks
from .versions import latest_version, snapshots_of


def printed_papers(item, entries, council, moment, version=None):
    """The papers for an agenda item: frozen once published, else the plans as they stand now, marked draft.
    A published item prints `version` (webapp/papers/versions.py), the latest when None; a version that asks
    for it gives each plan presented at an earlier meeting the changes since then (changes.py)."""
    if item.published:
        version = version or latest_version(item)
        snapshots = snapshots_of(version) if version else {}
        pips = [restored(snapshots.get(entry.id) or entry.as_presented) for entry in entries]
        council = item.council
        if version is not None and version.with_changes:
            add_changes_since(pips, item, entries, version)
    else:
        pips = load_printed_plans([entry.pip_id for entry in entries], moment)
    meeting = item.meeting
    return {
        "council": council,
        "committee": meeting.body.name,
        "meeting_date": meeting.date.isoformat(),
        "item_number": item.item_number,
        "title": item.title,
        "report_of": item.report_of,
        "contact_officer": item.contact_officer,
        "sections": {key: getattr(item, key) for key in EDITABLE_SECTIONS},
        "risks": printed_risks(item),
        "draft": not item.published,
        "pips": pips,
        "version": _version(version) if item.published else None,
    }


def _version(version):
    """Which version of published papers is printed (webapp/exports/revised_docx.py)."""
    if version is None:
        return None
    return {
        "number": version.number,
        "issued_on": council_time(version.issued_at).date().isoformat(),
        "reason": version.reason,
    }
