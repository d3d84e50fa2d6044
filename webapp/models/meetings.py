"""Bodies (CMT, OMT, committees) and their meetings (docs/meetings-and-papers.md#meetings-and-committee-papers)."""

import peewee

from webapp.domain.bodies import BodyKind
from webapp.domain.dates import uk_date

from .base import BaseModel, EnumField
from .people import User


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


class CommitteeSeat(BaseModel):
    """A Member's seat on a committee: they read the plans presented to it
    (docs/users-and-permissions.md#members-and-their-committees)."""

    user = peewee.ForeignKeyField(User, backref="committee_seats", on_delete="CASCADE")
    body = peewee.ForeignKeyField(Body, backref="seats", on_delete="CASCADE")

    class Meta:
        indexes = ((("user", "body"), True),)
