"""Every version of published papers (docs/meetings-and-papers.md#revisions-after-publishing): version 1 is
written when the papers are published (webapp/papers/item.py, publish), and each revision the clerk issues
after that, with its reason, takes each plan as it stands then. Nothing is updated or deleted: a version and
the plans it presented stay as they were issued. Each plan's `AgendaPip.as_presented` is the latest version's,
so what reads the papers' plans (the outcomes, the plan's committee record) reads the latest.

This module imports nothing of the papers item (item.py calls `record_version`); `issue_revision` takes the
item's plans from its caller."""

from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN, fn

from webapp.domain.notifications import Kind
from webapp.domain.papers import appendix_letter
from webapp.models import AgendaItem, AgendaPip, Meeting, PapersVersion, PipChange, PresentedPlan, User, database
from webapp.notifications import outbox
from webapp.pips.printed import load_printed_plans, stored

REASON_TEXT = 2_000


class NotPublished(Exception):
    """Only published papers are revised."""


@dataclass(frozen=True)
class VersionLine:
    """One version as the papers page lists it."""

    number: int
    issued_at: datetime
    issued_by: str
    reason: str
    with_changes: bool


def record_version(item_id, presented, number, moment, user_id, reason, with_changes, history):
    """Writes version `number` of the item's papers, inside the caller's transaction: each of `presented`
    (its AgendaPips in agenda order) printed as it stands at `moment` and stored, and each plan's History
    given the line `history(position)` returns, (what, after)."""
    printed = load_printed_plans([entry.pip_id for entry in presented], moment)
    snapshots = [(entry.id, stored(plan)) for entry, plan in zip(presented, printed)]
    version = PapersVersion.create(
        item=item_id, number=number, issued_at=moment, issued_by=user_id, reason=reason, with_changes=with_changes
    )
    PresentedPlan.insert_many(
        [{"version": version.id, "entry": entry_id, "as_presented": text} for entry_id, text in snapshots]
    ).execute()
    for entry_id, text in snapshots:
        AgendaPip.update(as_presented=text).where(AgendaPip.id == entry_id).execute()
    for position, entry in enumerate(presented):
        what, after = history(position)
        PipChange.create(
            pip=entry.pip_id,
            changed_by=user_id,
            changed_at=moment,
            version=entry.pip.version,
            subject="papers",
            what=what,
            after=after,
        )
    return version


class RevisedMeanwhile(Exception):
    """Another version was issued after the clerk's form was drawn (or the same form was sent twice)."""

    def __init__(self, latest):
        super().__init__(f"version {latest} was issued meanwhile")
        self.latest = latest


def issue_revision(item, presented, user_id, reason, with_changes, moment, revises=None):
    """A revised version of the published papers: each plan on them as it stands at `moment`, with the
    clerk's reason; each plan's History says so. `presented` are the item's AgendaPips in agenda order.
    `revises`, the latest version when the clerk's form was drawn, must still be the latest."""
    with database.atomic():
        item = AgendaItem.get_by_id(item.id)
        if not item.published:
            raise NotPublished()
        meeting = Meeting.get_by_id(item.meeting_id)
        latest = PapersVersion.select(fn.MAX(PapersVersion.number)).where(PapersVersion.item == item.id).scalar() or 1
        if revises is not None and revises != latest:
            raise RevisedMeanwhile(latest)
        number = latest + 1
        version = record_version(
            item.id,
            presented,
            number,
            moment,
            user_id,
            reason,
            with_changes,
            lambda position: (
                "Revised committee papers",
                f"{meeting}: version {number}, Appendix {appendix_letter(position)}. {reason}",
            ),
        )
        # Members hear of it as of the papers' publication, in the same transaction (docs/notifications.md).
        facts = {"meeting": f"{meeting} (revised papers, version {number})", "meeting_id": meeting.id}
        members = outbox.recipients(Kind.PAPERS_PUBLISHED, actor=user_id, committee_id=meeting.body_id)
        outbox.notify(Kind.PAPERS_PUBLISHED, members, facts)
    return version


def versions_of(item):
    """The item's versions, oldest first, with who issued each (one query); [] for a draft."""
    if item is None or not item.published:
        return []
    return [
        VersionLine(v.number, v.issued_at, v.issued_by.name if v.issued_by_id else "", v.reason, v.with_changes)
        for v in PapersVersion.select(PapersVersion, User)
        .join(User, JOIN.LEFT_OUTER, on=(PapersVersion.issued_by == User.id))
        .where(PapersVersion.item == item.id)
        .order_by(PapersVersion.number)
    ]


def version_of(item, number):
    """Version `number` of the item's papers, or None."""
    return PapersVersion.get_or_none((PapersVersion.item == item.id) & (PapersVersion.number == number))


def latest_version(item):
    return PapersVersion.select().where(PapersVersion.item == item.id).order_by(PapersVersion.number.desc()).first()


def snapshots_of(version):
    """{AgendaPip id: the plan as `version` presented it, as stored} (one query)."""
    return {
        row.entry_id: row.as_presented
        for row in PresentedPlan.select(PresentedPlan.entry, PresentedPlan.as_presented).where(
            PresentedPlan.version == version.id
        )
    }
