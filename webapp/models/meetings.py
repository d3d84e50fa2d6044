"""Bodies (CMT, OMT, committees) and their meetings (docs/meetings-and-papers.md#meetings-and-committee-papers)."""

import peewee

from webapp.domain.bodies import BodyKind
from webapp.domain.dates import uk_date

from .base import BaseModel, EnumField


class Body(BaseModel):
    name = peewee.CharField(max_length=100, unique=True)
    kind = EnumField(BodyKind)

    def __str__(self):
        return self.name


class Meeting(BaseModel):
    body = peewee.ForeignKeyField(Body, backref="meetings", on_delete="RESTRICT")
    date = peewee.DateField()
    title = peewee.CharField(max_length=200, default="")
    location = peewee.CharField(max_length=200, default="")

    class Meta:
        # Meetings are found by body and date (JSON import, docs/pip-v1.md).
        indexes = ((("body", "date"), True),)

    def __str__(self):
        return f"{self.body.name}, {uk_date(self.date)}"
