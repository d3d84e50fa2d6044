"""The schema version a database is at (webapp/migrations.py)."""
import peewee

from .base import BaseModel


class SchemaVersion(BaseModel):
    version = peewee.IntegerField()
