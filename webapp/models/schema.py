"""The schema version a database is at (webapp/core/migrations.py)."""

import peewee

from .base import BaseModel


class SchemaVersion(BaseModel):
    version = peewee.IntegerField()
