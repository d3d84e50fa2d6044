"""Demo committee papers (PRODUCT §5, §8): the last Audit and Performance Committee's, published,
and a draft for the next one with several plans on its agenda."""
from datetime import datetime, time, timedelta

from webapp.domain.bodies import BodyKind
from webapp.models import AgendaItem, Body, Meeting, Pip
from webapp.papers.agenda import add_plan, publish

from .organisation import COUNCIL

CONTACT = "Tom Hughes, Performance Officer, 01632 960123"


def _a_and_p(condition, newest_first):
    order = Meeting.date.desc() if newest_first else Meeting.date
    return (Meeting.select().join(Body)
            .where((Body.kind == BodyKind.AUDIT_AND_PERFORMANCE) & condition).order_by(order).first())


def _item(meeting, number):
    return AgendaItem.create(meeting=meeting, item_number=number, contact_officer=CONTACT)


def _plans(*codes):
    found = {pip.pi_code: pip for pip in Pip.select().where(Pip.pi_code.in_(codes))}
    return [found[code] for code in codes if code in found]


def write_papers(today, users):
    clerk = users["clerk@example.org"]
    last = _a_and_p(Meeting.date < today, newest_first=True)
    if last is not None:
        item = _item(last, "8")
        for pip in _plans("HS02", "PL01"):
            add_plan(item, pip)
        publish(item, clerk, COUNCIL)
        sent_out = datetime.combine(last.date - timedelta(days=7), time(9, 0))  # a week before, as agendas are
        AgendaItem.update(published_at=sent_out).where(AgendaItem.id == item.id).execute()
    upcoming = _a_and_p(Meeting.date >= today, newest_first=False)
    if upcoming is not None:
        item = _item(upcoming, "7")
        for pip in _plans("WR01", "HS02", "PL01", "RB01"):
            add_plan(item, pip)
