"""Row ids in addresses: `<int:...>` takes only what the databases' 64-bit integer keys can hold, so an
address with a larger number is not found (404), as an unknown row is, instead of reaching the database,
which cannot take the number (SQLite raises OverflowError, PostgreSQL an out-of-range error)."""

from werkzeug.routing import IntegerConverter

LARGEST_ROW_ID = 2**63 - 1


class RowIdConverter(IntegerConverter):
    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ROW_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app):
    """Before any route is added: each rule finds its converter as it is added."""
    app.url_map.converters["int"] = RowIdConverter
