"""Every version of a published papers item (docs/meetings-and-papers.md#revisions-after-publishing): version 1
when the papers are published, then each revision the clerk issues with its reason, numbered and dated, and
each plan as that version presented it, and the PDF of each version once someone has downloaded it. Nothing here
is ever updated or deleted."""

import peewee

from .base import BaseModel, utcnow
from .papers import AgendaItem, AgendaPip
from .people import User


class PapersVersion(BaseModel):
    item = peewee.ForeignKeyField(AgendaItem, backref="versions", on_delete="RESTRICT")
    number = peewee.IntegerField()  # 1 when published, then 2, 3, ... for each revision
    issued_at = peewee.DateTimeField(default=utcnow)
    issued_by = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    reason = peewee.TextField(default="")  # why it was revised; "" for version 1
    # The papers print "Changes since last presented" for each plan presented at an earlier meeting.
    with_changes = peewee.BooleanField(default=False)

    class Meta:
        indexes = ((("item", "number"), True),)


class PresentedPlan(BaseModel):
    """A plan as one version of the papers presented it: its printed plan as JSON (webapp/pips/printed.py)."""

    version = peewee.ForeignKeyField(PapersVersion, backref="plans", on_delete="RESTRICT")
    entry = peewee.ForeignKeyField(AgendaPip, backref="versions", on_delete="RESTRICT")
    as_presented = peewee.TextField()

    class Meta:
        indexes = ((("version", "entry"), True),)


class PublishedPdf(BaseModel):
    """The PDF of one version of published papers, made by LibreOffice at its first download and kept: a version
    never changes, and making it again cost seconds of CPU a download (docs/meetings-and-papers.md#pdf)."""

    version = peewee.ForeignKeyField(PapersVersion, unique=True, backref="pdfs", on_delete="RESTRICT")
    content = peewee.BlobField()
    made_at = peewee.DateTimeField(default=utcnow)
