"""The database handle every model uses, bound late to DATABASE_URL (webapp/core/db.py)."""

from datetime import UTC, datetime

import peewee

from webapp.domain.rating import rounded
from webapp.domain.units import MAX_DECIMAL_PLACES, exact_number

database = peewee.DatabaseProxy()

# The column an ExactNumberField has on each engine (README, "Exact numbers"); webapp/core/db.py opens every
# database with these. PostgreSQL's NUMERIC is exact, sorts and sums in SQL, and a council's reporting
# tools read it. SQLite has no exact decimal type (NUMERIC keeps 15 significant digits, as REAL does),
# so it keeps the number's text: exact, and as readable.
EXACT = "EXACT"
EXACT_DIGITS = 19  # 13 before the point (the largest value allowed is 1e12), MAX_DECIMAL_PLACES after
# A row's id is never given to another row, even once the row is deleted: a page drawn before someone
# removed a row would otherwise save to, or remove, the next row given its id. SQLite gives the deleted
# largest id again unless the key says AUTOINCREMENT; a PostgreSQL sequence never gives a number twice.
NEVER_REUSED = "NEVER_REUSED"
COLUMN_TYPES = {
    "sqlite": {EXACT: "TEXT", NEVER_REUSED: "AUTOINCREMENT"},
    "postgresql": {EXACT: f"NUMERIC({EXACT_DIGITS}, {MAX_DECIMAL_PLACES})", NEVER_REUSED: ""},
}


def utcnow():
    """Naive UTC timestamps, stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


class RowIdField(peewee.AutoField):
    """Every model's `id`: a number given to one row only, ever (NEVER_REUSED)."""

    def ddl(self, ctx):
        words = super().ddl(ctx)
        never_reused = ctx.state.field_types.get(NEVER_REUSED)
        return peewee.NodeList((words, peewee.SQL(never_reused))) if never_reused else words


class BaseModel(peewee.Model):
    id = RowIdField()

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


def as_kept(value):
    """A number as an exact column keeps it, on either engine: rounded to its places (a form or a file
    allows no more) and within its digits, else ValueError, as PostgreSQL would refuse it."""
    number = exact_number(rounded(value, MAX_DECIMAL_PLACES))
    if abs(number) >= 10 ** (EXACT_DIGITS - MAX_DECIMAL_PLACES):
        raise ValueError(f"{number} is more than a NUMERIC({EXACT_DIGITS}, {MAX_DECIMAL_PLACES}) column holds")
    return number


class ExactNumberField(peewee.Field):
    """A score, target, tolerance or benchmark, exact on both engines: a Decimal in Python, whatever
    the column (COLUMN_TYPES). 1234567.89 comes back 1234567.89, and 999999999999.999999 with all
    of its 18 digits, which neither a float nor a REAL column holds."""

    field_type = EXACT

    def ddl_datatype(self, ctx):
        # Unmapped, SQLite would take "EXACT" for a NUMERIC column and round to 15 digits without a word.
        if EXACT not in ctx.state.field_types:
            raise RuntimeError(
                "Open the database with webapp.core.db.open_database, which maps exact numbers "
                "to a column type (COLUMN_TYPES)"
            )
        return super().ddl_datatype(ctx)

    def db_value(self, value):
        """The exact number, to the column's places (a form or a file allows no more), as a Decimal:
        PostgreSQL takes it as a NUMERIC, and SQLite as its text (peewee adapts a Decimal with str(),
        which writes a number of 6 places or fewer without an exponent)."""
        return None if value is None else as_kept(value)

    def python_value(self, value):
        return None if value is None else exact_number(value)
