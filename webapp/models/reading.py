"""Reading rows straight from the driver, for the few statements every request or every plan page
runs (the sign-in lookup, the user's roles and services, the whole plan, its committee record), and the two
writes every change to a plan makes (its version raised, its history lines): each is compiled to SQL once per
kind of database (`CompiledQuery`, `CompiledInsert`), the reads and the version's UPDATE prepared once per
PostgreSQL connection, and each column's value becomes what peewee would give.

Peewee takes far longer to build a small query than the database takes to answer it, so only the SQL
text and how to read its columns are kept: the rows are read afresh on every call.

PostgreSQL plans a statement every time it is sent: the whole plan's statement took 1.2 ms to plan and
as long to run, so each of these is prepared (PREPARE) the first time a kept connection sends it, and
then only executed. SQLite keeps its own cache of prepared statements.

Dates and timestamps are read with fromisoformat: SQLite gives them as ISO text, PostgreSQL as dates
already, and peewee's own converters try one strptime format after another, which cost a plan page
more than its query.
"""

import hashlib
import re
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

import peewee

from webapp.domain.units import exact_number

from .base import EnumField, ExactNumberField, RowIdField, database

# Columns whose values both drivers already give as the Python value peewee would make. An EnumField
# is a CharField but must still become its Enum, so only these exact types pass as they are.
AS_GIVEN = {
    RowIdField,
    peewee.AutoField,
    peewee.IntegerField,
    peewee.ForeignKeyField,
    peewee.CharField,
    peewee.TextField,
}


class CompiledQuery:
    """A peewee query made into SQL once per kind of database (SQLite, PostgreSQL), then run afresh on
    every call. Only the SQL text and its columns' converters are kept, never rows.

    `build(placeholder)` makes the query with `placeholder` standing for its one parameter (a plan's id,
    a token's hash), which the SQL must hold `uses` times and nothing else: each call runs it with its
    own value in those places. A query whose SQL differs between the databases (an aggregate each spells
    its own way) asks `database.obj`, the database it is being compiled for.
    """

    def __init__(self, build, placeholder, uses=1):
        self._build = build
        self._params = [placeholder] * uses
        self._compiled = {}  # database class -> (SQL text, converters)
        self._model = None  # the model a `returning` write gives back

    @classmethod
    def returning(cls, model, build, placeholder):
        """A write (`build(placeholder)`, an UPDATE of `model`'s rows) that gives back the rows it wrote,
        whole: `row` then gives `model` instances, as the write's own RETURNING would in peewee."""
        fields = model._meta.sorted_fields
        compiled = cls(lambda value: build(value).returning(*fields), placeholder)
        compiled._model = model
        return compiled

    def rows(self, value):
        """Every row, each a tuple of Python values (dates, enums, decimals) as peewee would give them."""
        db = database.obj
        sql, converters = self._compiled.get(type(db)) or self._compile(db)
        return converted_rows(converters, execute(db, sql, (value,) * len(self._params)).fetchall())

    def row(self, value):
        """The first row as a tuple of Python values, or None when there is none."""
        db = database.obj
        sql, converters = self._compiled.get(type(db)) or self._compile(db)
        row = execute(db, sql, (value,) * len(self._params)).fetchone()
        return None if row is None else converted(converters, row)

    def model_row(self, value):
        """The first row written by a `returning` write, as its model, or None when it wrote none."""
        rows = self.rows(value)  # every row read: SQLite ends the statement only when it has given them all
        return model_from(self._model, rows[0]) if rows else None

    def _compile(self, db):
        query = self._build(self._params[0])
        sql, params = query.sql()
        if params != self._params:
            raise ValueError(f"A compiled query must have {self._params} as its parameters, not {params}")
        columns = query._returning if isinstance(query, peewee._WriteQuery) else query.selected_columns
        compiled = self._compiled[type(db)] = (sql, tuple(converter(column) for column in columns))
        return compiled


class CompiledInsert:
    """An INSERT of rows of one model, each giving every one of `columns`: made into SQL once per kind of
    database and number of rows, then sent with each call's values (converted as peewee converts them). The
    history lines every change to a plan writes are the one use: peewee took longer to build the statement
    than the database to run it."""

    def __init__(self, model, columns):
        self._model = model
        self._fields = tuple(model._meta.fields[name] for name in columns)
        self._compiled = {}  # (database class, number of rows) -> SQL text

    def insert(self, rows):
        """Write `rows` (dictionaries keyed by the columns' names): one statement."""
        db = database.obj
        params = [field.db_value(row[field.name]) for row in rows for field in self._fields]
        sql = self._compiled.get((type(db), len(rows))) or self._compile(db, rows, params)
        db.execute_sql(sql, params)

    def _compile(self, db, rows, params):
        sql, built = self._model.insert_many(rows, fields=self._fields).returning().sql()
        if built != params:  # a column the rows do not give (a default), or a value converted otherwise
            raise ValueError(f"An insert of {self._model.__name__} must give every column: {built} != {params}")
        self._compiled[(type(db), len(rows))] = sql
        return sql


def model_from(model, values):
    """A model instance from the values of all its columns, in order, as peewee makes one from a row read: no
    column's default worked out (a timestamp's is the clock's), and nothing marked as changed."""
    instance = model(__no_default__=True, **dict(zip((field.name for field in model._meta.sorted_fields), values)))
    instance._dirty.clear()
    return instance


def execute(db, sql, params):
    """A cursor over `sql` with `params`, through a statement prepared on this connection (PostgreSQL)."""
    connection = db.connection()
    prepared = getattr(connection, "prepared", None)  # webapp.core.db.KeptConnection
    if prepared is None:
        return db.execute_sql(sql, params)
    name = "q" + hashlib.sha1(sql.encode()).hexdigest()[:16]
    if name not in prepared:
        numbered = iter(range(1, len(params) + 1))
        # Sent on the driver's own cursor: set-up once per connection, not a statement of the request's.
        with connection.cursor() as cursor:
            cursor.execute(f"PREPARE {name} AS " + _PLACEHOLDER.sub(lambda _: f"${next(numbered)}", sql))
        prepared.add(name)
    return db.execute_sql(f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}", params)


_PLACEHOLDER = re.compile(r"%s")


def _date(value):
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _timestamp(value):
    return datetime.fromisoformat(value) if isinstance(value, str) else value


# PostgreSQL gives NUMERIC(19, 6) as Decimal('91.200000'): made plain (91.2) once per distinct value.
_plain = lru_cache(maxsize=4096)(exact_number)


def _exact(value):
    # SQLite keeps the plain text the column was written with (ExactNumberField.db_value).
    return Decimal(value) if isinstance(value, str) else _plain(value)


def converter(column):
    """A function from the driver's value to the Python value, or None when they are the same. A
    column that is not a field (a subquery, an SQL expression) is read as the driver gives it."""
    if type(column) in AS_GIVEN or not isinstance(column, peewee.Field):
        return None
    if isinstance(column, peewee.DateTimeField):
        return _timestamp
    if isinstance(column, peewee.DateField):
        return _date
    if isinstance(column, ExactNumberField):
        return _exact
    if isinstance(column, EnumField):  # a dictionary's lookup, not the Enum's call: a plan has a hundred
        return {member.value: member for member in column.enum}.__getitem__
    return column.python_value


def converted(converters, values):
    """The values of one row, each through its converter (None stays None)."""
    return tuple(
        value if convert is None or value is None else convert(value) for convert, value in zip(converters, values)
    )


def converted_rows(converters, rows):
    """Many rows, a column at a time: a column with nothing to convert is passed over whole."""
    if not rows:
        return []
    columns = [
        column if convert is None else [None if value is None else convert(value) for value in column]
        for convert, column in zip(converters, zip(*rows))
    ]
    return list(zip(*columns))
