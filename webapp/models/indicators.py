"""Performance indicators, their versioned targets and their scores (docs/rating.md#indicators)."""

import peewee

from webapp.domain.periods import Frequency
from webapp.domain.rating import DEFAULT_TOLERANCE_PERCENT, Polarity, ToleranceKind
from webapp.domain.units import Level, Unit

from .base import BaseModel, EnumField, ExactNumberField, utcnow
from .meetings import Meeting
from .people import Service, User


class Indicator(BaseModel):
    code = peewee.CharField(max_length=20, unique=True)
    name = peewee.CharField(max_length=200)
    description = peewee.TextField(default="")
    service = peewee.ForeignKeyField(Service, backref="indicators", on_delete="RESTRICT")
    polarity = EnumField(Polarity)
    unit = EnumField(Unit)
    decimal_places = peewee.SmallIntegerField(default=1)
    frequency = EnumField(Frequency)
    level = EnumField(Level, default=Level.SERVICE)
    tolerance = ExactNumberField(default=DEFAULT_TOLERANCE_PERCENT)
    tolerance_kind = EnumField(ToleranceKind, default=ToleranceKind.RELATIVE)
    benchmark_value = ExactNumberField(null=True)
    benchmark_label = peewee.CharField(max_length=100, default="")
    active = peewee.BooleanField(default=True)
    version = peewee.IntegerField(default=1)  # optimistic locking for edits

    def __str__(self):
        return f"{self.code} {self.name}"

    class Meta:
        # The PI list and the exceptions walk services by name and each service's PIs by code, and
        # count the active ones, without reading every PI (webapp/indicators/listing.py).
        indexes = ((("service", "code"), False), (("active",), False))


class Target(BaseModel):
    """One version of a PI's target for a financial year. A change adds a row; none is overwritten."""

    indicator = peewee.ForeignKeyField(Indicator, backref="targets", on_delete="CASCADE")
    financial_year = peewee.IntegerField()  # the year it starts in: 2026 is 2026/27
    value = ExactNumberField()
    stretch_value = ExactNumberField(null=True)
    rationale = peewee.TextField(default="")
    reason = peewee.TextField(default="")  # why this version replaced the one before
    set_by = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    set_at = peewee.DateTimeField(default=utcnow)
    meeting = peewee.ForeignKeyField(Meeting, null=True, on_delete="SET NULL")
    minute_reference = peewee.CharField(max_length=50, default="")

    class Meta:
        indexes = ((("indicator", "financial_year"), False),)


class Score(BaseModel):
    """The value of a PI for one period, keyed by the period's end date."""

    indicator = peewee.ForeignKeyField(Indicator, backref="scores", on_delete="CASCADE")
    period_end = peewee.DateField()
    value = ExactNumberField()
    note = peewee.TextField(default="")
    recorded_by = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    recorded_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("indicator", "period_end"), True),)
