"""What changed in a plan since it was last presented (docs/meetings-and-papers.md#changes-since-last-presented):
read here, compared by webapp/domain/changes_since.py.

- On the plan page, `changes_since_presented(plan)` (a template global) compares the plan as it stands with the
  latest version of the last published papers it was on, in one query.
- In papers whose version asks for it (`PapersVersion.with_changes`), `add_changes_since` gives each plan
  presented to an earlier meeting the changes since then, printed after its appendix
  (webapp/exports/changes_docx.py): worked out from the papers issued before that version, so what a version
  prints never changes when other meetings' papers are published or revised later."""

from dataclasses import dataclass
from datetime import date

from webapp.domain.changes_since import Change, by_section, changes_since
from webapp.exports.pip_json import plan_to_json
from webapp.models import AgendaItem, AgendaPip, Body, Meeting, PapersVersion, PresentedPlan, utcnow
from webapp.models.reading import CompiledQuery
from webapp.pips.interchange import plain_plan
from webapp.pips.printed import restored

from . import bp


@dataclass(frozen=True)
class SinceLastPresented:
    committee: str
    meeting_date: date
    meeting_id: int
    entry_id: int
    sections: list[tuple[str, list[Change]]]  # empty when nothing changed


def _last_presented(pip_id):
    return (
        AgendaPip.select(AgendaPip.as_presented, AgendaPip.id, Meeting.id, Meeting.date, Body.name)
        .join(AgendaItem)
        .join(Meeting)
        .join(Body)
        .where(
            (AgendaPip.pip == pip_id) & AgendaItem.published_at.is_null(False) & AgendaPip.as_presented.is_null(False)
        )
        .order_by(Meeting.date.desc(), AgendaItem.published_at.desc())
    )


_LAST_PRESENTED = CompiledQuery(_last_presented, 0)  # 0 stands for the plan's id while it is compiled


def printed_now(plan):
    """The plan as it stands (a webapp/pips/store.py Plan) in the two parts the comparison reads."""
    return {
        "plan": plan_to_json(plain_plan(plan), utcnow()),
        "indicator": {"decimal_places": plan.indicator.decimal_places},
    }


@bp.app_template_global("changes_since_presented")
def changes_since_presented(plan):
    """The changes since the plan was last presented, or None when it never was (one query)."""
    row = _LAST_PRESENTED.row(plan.pip.id)
    if row is None:
        return None
    text, entry_id, meeting_id, meeting_date, committee = row
    changes = changes_since(restored(text), printed_now(plan))
    return SinceLastPresented(committee, meeting_date, meeting_id, entry_id, by_section(changes))


def _presented_before(pip_ids, meeting, version):
    """{PIP id: (stored printed plan, committee, meeting date)} of each plan as it was last presented at a meeting
    before `meeting`, in the papers issued before `version` was (one query). Only what had been issued then counts,
    never what was revised or published since, so a version prints the same changes at every download
    (docs/meetings-and-papers.md#changes-since-last-presented)."""
    issued_before = (PapersVersion.issued_at < version.issued_at) | (
        (PapersVersion.issued_at == version.issued_at) & (PapersVersion.id < version.id)
    )
    query = (
        PresentedPlan.select(AgendaPip.pip, PresentedPlan.as_presented, Body.name, Meeting.date)
        .join(PapersVersion)
        .switch(PresentedPlan)
        .join(AgendaPip)
        .join(AgendaItem)
        .join(Meeting)
        .join(Body)
        .where(AgendaPip.pip.in_(pip_ids) & (Meeting.date < meeting.date) & issued_before)
        .order_by(Meeting.date, AgendaItem.published_at, PapersVersion.issued_at, PapersVersion.id)
        .tuples()
    )
    return {pip_id: (text, committee, on) for pip_id, text, committee, on in query}  # the latest wins


def add_changes_since(pips, item, entries, version):
    """Gives each printed plan of `version` of the papers, presented at an earlier meeting, its "changes_since"
    (webapp/exports/changes_docx.py): the committee, the meeting's date and the changes by section, against the
    plan as the last papers issued before `version` presented it."""
    before = _presented_before([entry.pip_id for entry in entries], item.meeting, version)
    for entry, printed in zip(entries, pips):
        if entry.pip_id not in before:
            continue
        text, committee, on = before[entry.pip_id]
        printed["changes_since"] = {
            "committee": committee,
            "meeting_date": on.isoformat(),
            "sections": [
                [section, [{"kind": c.kind, "text": c.text} for c in changes]]
                for section, changes in by_section(changes_since(restored(text), printed))
            ],
        }
