"""Performance Improvement Plans and their rows (docs/plans.md#the-plan, docs/plans.md#changes-and-history)."""

import peewee

from webapp.domain.pips import CommentRole, Duration, FactorKind, PipStatus, Resourcing, SolutionStatus

from .base import BaseModel, EnumField, ExactNumberField, utcnow
from .indicators import Indicator
from .meetings import Meeting
from .people import Service, User


class Pip(BaseModel):
    indicator = peewee.ForeignKeyField(Indicator, backref="pips", on_delete="RESTRICT")
    service = peewee.ForeignKeyField(Service, backref="pips", on_delete="RESTRICT")
    status = EnumField(PipStatus, default=PipStatus.DRAFT, index=True)
    author = peewee.CharField(max_length=100)
    raised_on = peewee.DateField()
    created_by = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = peewee.DateTimeField(default=utcnow)
    went_live_on = peewee.DateField(null=True)
    closed_on = peewee.DateField(null=True)  # completed or withdrawn
    closing_reason = peewee.TextField(default="")  # why withdrawn, or why reopened
    version = peewee.IntegerField(default=1)  # optimistic locking (docs/plans.md#changes-and-history)

    # Section 1, the plan's own copy: a committee paper must show what was reported.
    pi_code = peewee.CharField(max_length=20, default="")
    pi_name = peewee.CharField(max_length=200, default="")
    pi_description = peewee.TextField(default="")
    target_value = ExactNumberField(null=True)
    target_as_at = peewee.DateField(null=True)
    score_value = ExactNumberField(null=True)
    score_as_at = peewee.DateField(null=True)
    last_year_end_value = ExactNumberField(null=True)
    last_year_end_as_at = peewee.DateField(null=True)
    score_12_months_ago_value = ExactNumberField(null=True)
    score_12_months_ago_as_at = peewee.DateField(null=True)
    comments = peewee.TextField(default="")

    # The last number given to each kind of reference, so none is ever reused (E1, I1, S1).
    last_external_number = peewee.IntegerField(default=0)
    last_internal_number = peewee.IntegerField(default=0)
    last_solution_number = peewee.IntegerField(default=0)

    class Meta:
        # The plan list walks each status's plans by service and PI code (webapp/pips/listing.py); the
        # exceptions look for a PI's open plan in the index alone (webapp/indicators/listing.py).
        indexes = ((("service", "status", "pi_code"), False), (("indicator", "status"), False))


# A PI has at most one Draft or Live PIP: a partial unique index holds it on SQLite and PostgreSQL.
Pip.add_index(
    Pip.index(Pip.indicator, unique=True, where=Pip.status.in_(["draft", "live"]), name="pip_one_open_per_indicator")
)


class Factor(BaseModel):
    pip = peewee.ForeignKeyField(Pip, backref="factors", on_delete="CASCADE")
    ref = peewee.CharField(max_length=10)
    kind = EnumField(FactorKind)
    duration = EnumField(Duration)
    description = peewee.TextField()

    class Meta:
        indexes = ((("pip", "ref"), True),)


class Solution(BaseModel):
    pip = peewee.ForeignKeyField(Pip, backref="solutions", on_delete="CASCADE")
    ref = peewee.CharField(max_length=10)
    description = peewee.TextField()
    target_date = peewee.DateField(null=True)
    resourcing = EnumField(Resourcing, default=Resourcing.WITHIN_SERVICE)
    funding_amount = peewee.DecimalField(max_digits=14, decimal_places=2, null=True)
    funding_note = peewee.TextField(default="")
    time_lag = peewee.TextField(default="")
    option_group = peewee.CharField(max_length=100, default="")  # alternatives share a group
    strengths = peewee.TextField(default="")
    weaknesses = peewee.TextField(default="")
    status = EnumField(SolutionStatus, default=SolutionStatus.PROPOSED)

    class Meta:
        indexes = ((("pip", "ref"), True),)


class SolutionFactor(BaseModel):
    """A factor a solution addresses; both belong to the same PIP."""

    solution = peewee.ForeignKeyField(Solution, backref="factor_links", on_delete="CASCADE")
    factor = peewee.ForeignKeyField(Factor, backref="solution_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("solution", "factor"), True),)


class ManagementComment(BaseModel):
    pip = peewee.ForeignKeyField(Pip, backref="management_comments", on_delete="CASCADE")
    role = EnumField(CommentRole)
    author = peewee.CharField(max_length=100)
    made_on = peewee.DateField()
    text = peewee.TextField()
    meeting = peewee.ForeignKeyField(Meeting, null=True, backref="management_comments", on_delete="RESTRICT")
    minute_reference = peewee.CharField(max_length=50, default="")
    recorded_by = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    recorded_at = peewee.DateTimeField(default=utcnow)


class SolutionDecision(BaseModel):
    """A CMT comment's approval or refusal of a named solution; the comment's text is the rationale."""

    comment = peewee.ForeignKeyField(ManagementComment, backref="decisions", on_delete="CASCADE")
    solution = peewee.ForeignKeyField(Solution, backref="decisions", on_delete="CASCADE")
    approved = peewee.BooleanField()


class ProgressUpdate(BaseModel):
    pip = peewee.ForeignKeyField(Pip, backref="progress_updates", on_delete="CASCADE")
    made_on = peewee.DateField()
    comment = peewee.TextField()
    score = ExactNumberField(null=True)
    final = peewee.BooleanField(default=False)  # the entry that formally completes the plan
    recorded_by = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    recorded_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("pip", "made_on"), False),)  # a plan's last update in one seek (the plan list)


class PipChange(BaseModel):
    """The append-only history of a PIP: who changed what, when, from what to what."""

    pip = peewee.ForeignKeyField(Pip, backref="changes", on_delete="CASCADE")
    changed_by = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    changed_at = peewee.DateTimeField(default=utcnow)
    version = peewee.IntegerField()  # the PIP's version this change made
    subject = peewee.CharField(max_length=40)  # what it touched: "details", "factor:7", "status"
    what = peewee.CharField(max_length=200)  # "Solution S2: Target Date", "Status"
    before = peewee.TextField(default="")
    after = peewee.TextField(default="")
    # An addition's form, on its first line: the same form sent twice adds its row once (webapp/pips/changes.py).
    form_token = peewee.CharField(max_length=32, null=True, unique=True)

    class Meta:
        indexes = ((("pip", "version"), False),)
