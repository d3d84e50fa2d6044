"""Row ids in addresses: `<int:...>` takes only what the databases' integer keys can hold, so an address with
a larger number is not found (404), as an unknown row is, instead of reaching the database, which cannot take
the number (SQLite's keys are 64-bit and it raises OverflowError past them; PostgreSQL's SERIAL keys are
32-bit, and it refuses a larger number as out of range)."""

from werkzeug.routing import IntegerConverter

LARGEST_ROW_ID = 2**31 - 1  # PostgreSQL's SERIAL, the smaller of the two


class RowIdConverter(IntegerConverter):
    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ROW_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app):
    """Before any route is added: each rule finds its converter as it is added."""
    app.url_map.converters["int"] = RowIdConverter
