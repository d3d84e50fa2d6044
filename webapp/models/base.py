"""The database handle every model uses, bound late to DATABASE_URL (webapp/db.py)."""
from datetime import datetime, timezone

import peewee

database = peewee.DatabaseProxy()


def utcnow():
    """Naive UTC timestamps, stored the same way on SQLite and PostgreSQL."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class EnumField(peewee.CharField):
    """A CharField holding a str Enum's value and giving back the Enum member."""

    def __init__(self, enum, *args, **kwargs):
        self.enum = enum
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("choices", [(member.value, member.label) for member in enum])
        super().__init__(*args, **kwargs)

    def db_value(self, value):
        return None if value is None else self.enum(value).value

    def python_value(self, value):
        return None if value is None else self.enum(value)
