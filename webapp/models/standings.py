"""Where each PI stands now: one row per indicator, kept by webapp/indicators/standings.py in the same transaction
as every write that can change it, so that the PI list, the exceptions and the plan list filter and
page in SQL at the same cost for 100 or 5,000 PIs (docs/quality.md).

It holds the rating's result and the rows it was worked out from, never a value: the score and the
target are joined for those, so each value is kept in one place only."""

import peewee

from webapp.domain.rating import Direction, Rag

from .base import BaseModel, EnumField
from .indicators import Indicator, Score, Target


class Standing(BaseModel):
    indicator = peewee.ForeignKeyField(Indicator, primary_key=True, backref="standings", on_delete="CASCADE")
    rag = EnumField(Rag, default=Rag.NOT_RATED)
    trend = EnumField(Direction, null=True)  # against the previous period's score
    trend_year = EnumField(Direction, null=True)  # against the score 12 months earlier
    # Red, or Amber and deteriorating (docs/rating.md#exceptions), and active: a PI no longer reported needs no one's
    # attention. The exceptions count these from this column's index alone.
    needs_attention = peewee.BooleanField(default=False, index=True)
    latest_score = peewee.ForeignKeyField(Score, null=True, on_delete="SET NULL")
    latest_period_end = peewee.DateField(null=True)
    # The target version the latest score was rated against: the newest for that score's financial year.
    target = peewee.ForeignKeyField(Target, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("rag", "trend"), False),)  # the lists' RAG filters
