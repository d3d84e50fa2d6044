"""The PIP item on an A&P agenda (docs/meetings-and-papers.md#meetings-and-committee-papers): which plans are presented,
in what order, and
publishing, which freezes each plan as printed. Every change is one transaction; once the papers
are published nothing here changes them."""

from peewee import JOIN, IntegrityError, fn

from webapp.core.refusals import Conflict
from webapp.domain.merge import canonical_values, three_way
from webapp.domain.papers import EDITABLE_SECTIONS, appendix_letter
from webapp.domain.pips import PipStatus
from webapp.models import AgendaItem, AgendaPip, Body, Indicator, Meeting, Pip, Service, database, utcnow
from webapp.notifications import outbox

from .risk_rows import add_default_risks, risks
from .versions import record_version

# Plans a committee is shown: Live ones, and Completed ones so the committee sees them closed.
PRESENTABLE = (PipStatus.LIVE.value, PipStatus.COMPLETED.value)
COVER_FIELDS = ("item_number", "title", "report_of", "contact_officer") + EDITABLE_SECTIONS


class AlreadyPublished(Exception):
    """The papers were published: what was presented no longer changes."""


class PapersChanged(Exception):
    """The papers changed after the publish page was drawn: what the clerk confirmed is not what would be
    published, so nothing is (another clerk added a plan, say, or changed the cover report)."""


def papers_as_shown(item, presented):
    """What a publish page asks the clerk to confirm, as one string to compare when they press Publish: the
    cover report's version, the plans in agenda order and the risk table's rows with their versions."""
    plans = ",".join(str(entry.id) for entry in presented)
    rows = ",".join(f"{row.id}.{row.version}" for row in risks(item))
    return f"{item.version};{plans};{rows}"


def not_presentable(presented):
    """Plans on the papers that may not be presented any more: withdrawn since they were added."""
    return [entry.pip for entry in presented if entry.pip.status.value not in PRESENTABLE]


def item_for(meeting):
    return AgendaItem.get_or_none(AgendaItem.meeting == meeting)


def entries(item):
    """The plans on the item in agenda order, each with its PIP, PI, service and any policy committee
    it was referred to (one query)."""
    if item is None:
        return []
    referred = Body.alias()
    return list(
        AgendaPip.select(AgendaPip, Pip, Indicator, Service, referred)
        .join(Pip)
        .join(Indicator)
        .switch(Pip)
        .join(Service)
        .switch(AgendaPip)
        .join(referred, JOIN.LEFT_OUTER, on=(AgendaPip.referred_to == referred.id))
        .where(AgendaPip.item == item)
        .order_by(AgendaPip.position, AgendaPip.id)
    )


def candidates(item):
    """Plans that could be added: Live or Completed, raised by the day of the meeting, and not already on the
    item."""
    query = (
        Pip.select(Pip, Indicator, Service)
        .join(Indicator)
        .switch(Pip)
        .join(Service)
        .where(Pip.status.in_(PRESENTABLE))
        .order_by(Pip.pi_code, Pip.id)
    )
    if item is not None:
        query = query.where(
            Pip.id.not_in(AgendaPip.select(AgendaPip.pip).where(AgendaPip.item == item)),
            Pip.raised_on <= Meeting.select(Meeting.date).where(Meeting.id == item.meeting_id),
        )
    return list(query)


def _unpublished(item_id):
    """The item re-read inside the write transaction, so a publish in between is seen."""
    item = AgendaItem.get_by_id(item_id)
    if item.published:
        raise AlreadyPublished()
    return item


def report_values(item):
    """What the cover report form shows and saves (of an item, or of a form drawn with the defaults)."""
    return {name: getattr(item, name) if not hasattr(item, "_fields") else item[name].data for name in COVER_FIELDS}


def save_report(meeting, item, values, base):
    """Creates the item, or saves its cover report. Refused (Conflict, 409) when someone else changed
    what the form showed since it was drawn (a three-way merge, as for a plan's rows)."""
    if item is None:
        try:
            with database.atomic():
                created = AgendaItem.create(meeting=meeting, **values)
                add_default_risks(created)
                return created
        except IntegrityError:  # another clerk set the item up a moment ago
            now = item_for(meeting)
            raise Conflict(
                "cover_report",
                [],
                now.version,
                three_way(base.drawn or {}, canonical_values(values), canonical_values(report_values(now))),
                report_values(now),
            ) from None
    with database.atomic():
        now = _unpublished(item.id)
        saved = report_values(now)
        merge = None if base.drawn is None else three_way(base.drawn, canonical_values(values), canonical_values(saved))
        if merge.stale if merge else now.version != base.version:
            raise Conflict("cover_report", [], now.version, merge, saved)
        AgendaItem.update(**values, version=AgendaItem.version + 1).where(AgendaItem.id == item.id).execute()
    return AgendaItem.get_by_id(item.id)


def add_plan(item, pip):
    """Puts the plan last on the item; False when it is already there."""
    with database.atomic():
        _unpublished(item.id)
        if AgendaPip.select().where(AgendaPip.item == item, AgendaPip.pip == pip).exists():
            return False
        last = AgendaPip.select(fn.MAX(AgendaPip.position)).where(AgendaPip.item == item).scalar()
        AgendaPip.create(item=item, pip=pip, position=(last or 0) + 1)
    return True


def move_plan(item, entry_id, step):
    """Moves a plan one place up (step -1) or down (+1); the others keep their order."""
    with database.atomic():
        _unpublished(item.id)
        ordered = [
            e.id
            for e in AgendaPip.select(AgendaPip.id)
            .where(AgendaPip.item == item)
            .order_by(AgendaPip.position, AgendaPip.id)
        ]
        if entry_id not in ordered:
            return False
        here = ordered.index(entry_id)
        there = here + step
        if not 0 <= there < len(ordered):
            return True
        ordered[here], ordered[there] = ordered[there], ordered[here]
        for position, moved_id in enumerate(ordered, 1):
            AgendaPip.update(position=position).where(AgendaPip.id == moved_id).execute()
    return True


def remove_plan(item, entry_id):
    with database.atomic():
        _unpublished(item.id)
        return AgendaPip.delete().where(AgendaPip.item == item, AgendaPip.id == entry_id).execute() > 0


def publish(item, user, council, with_changes=False, as_shown=None):
    """Freezes the papers: each plan as printed now, the council's name, who and when, as version 1
    (webapp/papers/versions.py; `with_changes` prints "Changes since last presented").
    Each plan's History records the meeting it was presented to and its appendix. `as_shown` is what the
    publish page showed (`papers_as_shown`): the papers must still be that, and every plan presentable."""
    moment = utcnow()
    with database.atomic():
        item = _unpublished(item.id)
        meeting = Meeting.select(Meeting, Body).join(Body).where(Meeting.id == item.meeting_id).get()
        presented = entries(item)
        if (as_shown is not None and as_shown != papers_as_shown(item, presented)) or not_presentable(presented):
            raise PapersChanged()
        record_version(  # sets each plan's as_presented
            item.id,
            presented,
            1,
            moment,
            user,
            "",
            with_changes,
            lambda position: ("Presented to committee", f"{meeting}: Appendix {appendix_letter(position)}"),
        )
        AgendaItem.update(published_at=moment, published_by=user, council=council).where(
            AgendaItem.id == item.id
        ).execute()
        outbox.papers_published(meeting, user)  # Members hear of it in the same transaction
    return AgendaItem.get_by_id(item.id)
