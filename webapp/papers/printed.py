"""The printed papers: the committee papers for an agenda item as plain data (the contract in
webapp/exports/papers_docx.py)."""

from webapp.domain.papers import EDITABLE_SECTIONS
from webapp.pips.printed import load_printed_plans, restored

from .risk_rows import printed_risks


def printed_papers(item, entries, council, moment, snapshots=None):
    """The papers for an agenda item: frozen once published, else the plans as they stand now, marked draft.
    `snapshots` ({AgendaPip id: stored printed plan}) are one version's plans (webapp/papers/versions.py);
    without them the papers print the latest version."""
    if item.published:
        pips = [restored((snapshots or {}).get(entry.id) or entry.as_presented) for entry in entries]
        council = item.council
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
    }
