"""The Performance Improvement Plans item on an Audit and Performance Committee agenda
(docs/meetings-and-papers.md#meetings-and-committee-papers):
the cover report's words, the PIPs presented in order, each frozen as printed once the papers are
published, what the committee did with each, and a policy committee's decision on a referral."""

import peewee

from webapp.domain.papers import DEFAULT_REPORT_OF, DEFAULT_TEXT, DEFAULT_TITLE
from webapp.domain.referrals import DecisionKind, Outcome

from .base import BaseModel, EnumField, ExactNumberField, utcnow
from .indicators import Target
from .meetings import Body, Meeting
from .people import User
from .pips import Pip


def _section(key):
    return peewee.TextField(default=DEFAULT_TEXT.get(key, ""))


class AgendaItem(BaseModel):
    meeting = peewee.ForeignKeyField(Meeting, unique=True, backref="agenda_items", on_delete="RESTRICT")
    item_number = peewee.CharField(max_length=20, default="")
    title = peewee.CharField(max_length=200, default=DEFAULT_TITLE)
    report_of = peewee.CharField(max_length=200, default=DEFAULT_REPORT_OF)
    contact_officer = peewee.CharField(max_length=300, default="")
    # The cover report's sections the clerk writes (webapp.domain.papers.EDITABLE_SECTIONS).
    purpose = _section("purpose")
    executive_summary = _section("executive_summary")
    proposed_action = _section("proposed_action")
    background = _section("background")
    discussion = _section("discussion")
    legal_powers = _section("legal_powers")
    financial = _section("financial")
    risk = _section("risk")
    resources = _section("resources")
    communities = _section("communities")
    equalities = _section("equalities")
    consultees = _section("consultees")
    background_papers = _section("background_papers")
    version = peewee.IntegerField(default=1)  # optimistic locking for the cover report
    # Publishing freezes the papers: the council's name as printed, and each PIP as presented.
    council = peewee.CharField(max_length=200, default="")
    published_at = peewee.DateTimeField(null=True)
    published_by = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")

    @property
    def published(self):
        return self.published_at is not None


class RiskRow(BaseModel):
    """A row of the cover report's Risk Analysis table (docs/meetings-and-papers.md#cover-report), in
    `position` order; `version` guards each row against two clerks' edits crossing."""

    item = peewee.ForeignKeyField(AgendaItem, backref="risks", on_delete="CASCADE")
    position = peewee.IntegerField()
    nature = peewee.TextField()
    consequences = peewee.TextField(default="")
    likelihood = peewee.CharField(max_length=20)
    control_measures = peewee.TextField(default="")
    version = peewee.IntegerField(default=1)


class AgendaPip(BaseModel):
    """A PIP presented under the item, in `position` order (appendix A first), and what the
    committee did with it: noted it, or referred it to a policy committee with a reason."""

    item = peewee.ForeignKeyField(AgendaItem, backref="entries", on_delete="CASCADE")
    pip = peewee.ForeignKeyField(Pip, backref="agenda_entries", on_delete="RESTRICT")
    position = peewee.IntegerField()
    # The PIP as printed (JSON, webapp/pips/printed.py), set when the papers are published; its column keeps
    # the name it was created with, so databases made before the rename read the same.
    as_presented = peewee.TextField(null=True, column_name="snapshot")
    added_at = peewee.DateTimeField(default=utcnow)
    outcome = EnumField(Outcome, null=True)
    referred_to = peewee.ForeignKeyField(Body, null=True, on_delete="RESTRICT")
    referral_reason = peewee.TextField(default="")
    minute_reference = peewee.CharField(max_length=50, default="")
    outcome_by = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("item", "pip"), True),)


class ReferralDecision(BaseModel):
    """A policy committee's decision on a plan referred to it (docs/meetings-and-papers.md#referrals-and-decisions),
    citing its meeting."""

    entry = peewee.ForeignKeyField(AgendaPip, unique=True, backref="decisions", on_delete="CASCADE")
    meeting = peewee.ForeignKeyField(Meeting, on_delete="RESTRICT")
    minute_reference = peewee.CharField(max_length=50)
    kind = EnumField(DecisionKind)
    target_value = ExactNumberField(null=True)  # (a) the amended target ...
    target_from = peewee.DateField(null=True)  # ... and the date it applies from
    target = peewee.ForeignKeyField(Target, null=True, on_delete="SET NULL")  # the target version it made
    amount = peewee.DecimalField(max_digits=14, decimal_places=2, null=True)  # (b) additional resources
    description = peewee.TextField(default="")
    recorded_by = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    recorded_at = peewee.DateTimeField(default=utcnow)
