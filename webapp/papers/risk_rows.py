"""The Risk Analysis table's rows on the cover report (docs/meetings-and-papers.md#cover-report): read in
order, added, changed and removed, each in one transaction. Like every part of the papers they are refused
once the papers are published; a change or removal is refused when someone else changed or removed the row
since the clerk's form was drawn (each row's `version`)."""

from peewee import fn

from webapp.domain.papers import DEFAULT_RISKS
from webapp.models import AgendaItem, RiskRow, database

FIELDS = ("nature", "consequences", "likelihood", "control_measures")


class RisksPublished(Exception):
    """The papers were published: their risk table no longer changes."""


class RiskAddedAlready(Exception):
    """The same add form was sent twice: its row is in the table already, and is not added again."""


class RiskChanged(Exception):
    """Someone else changed the row since the form was drawn (`saved` is it now), or removed it (None)."""

    def __init__(self, saved):
        super().__init__("risk changed")
        self.saved = saved


def risks(item):
    """The item's risk rows in table order (none before the cover report is first saved)."""
    if item is None:
        return []
    return list(RiskRow.select().where(RiskRow.item == item).order_by(RiskRow.position, RiskRow.id))


def printed_risks(item):
    """The rows as the printed papers hold them (webapp/exports/papers_docx.py)."""
    return [{name: getattr(row, name) for name in FIELDS} for row in risks(item)]


def add_default_risks(item):
    """A new cover report's table starts with the risks every PIP report carries; called in the
    transaction that creates the item."""
    for position, (nature, consequences, likelihood, control) in enumerate(DEFAULT_RISKS, 1):
        RiskRow.create(
            item=item,
            position=position,
            nature=nature,
            consequences=consequences,
            likelihood=likelihood,
            control_measures=control,
        )


def _unpublished(item_id):
    if AgendaItem.get_by_id(item_id).published:
        raise RisksPublished()


def last_row_id(item):
    """The newest row's id (0 for none): an add form carries it, as `after`."""
    return RiskRow.select(fn.MAX(RiskRow.id)).where(RiskRow.item == item).scalar() or 0


def add_risk(item, values, after=None):
    """Puts a new row last in the table. A row added since the form was drawn (`after`, the table's newest row
    then) with the very same words is this form's, sent twice: RiskAddedAlready, and nothing is added."""
    with database.atomic():
        _unpublished(item.id)
        if after is not None:
            since = RiskRow.select().where(RiskRow.item == item, RiskRow.id > after)
            if any(all(getattr(row, name) == values[name] for name in FIELDS) for row in since):
                raise RiskAddedAlready()
        last = RiskRow.select(fn.MAX(RiskRow.position)).where(RiskRow.item == item).scalar()
        return RiskRow.create(item=item, position=(last or 0) + 1, **values)


def _current(item, row_id, version):
    row = RiskRow.get_or_none(RiskRow.id == row_id, RiskRow.item == item)
    if row is None or row.version != version:
        raise RiskChanged(row)
    return row


def change_risk(item, row_id, version, values):
    """Saves the row as typed, when it is still as the form showed it."""
    with database.atomic():
        _unpublished(item.id)
        _current(item, row_id, version)
        RiskRow.update(**values, version=RiskRow.version + 1).where(RiskRow.id == row_id).execute()


def remove_risk(item, row_id, version):
    """Takes the row out of the table, when it is still as the page showed it."""
    with database.atomic():
        _unpublished(item.id)
        _current(item, row_id, version)
        RiskRow.delete().where(RiskRow.id == row_id).execute()
