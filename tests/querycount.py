"""Counting the SQL statements a block of code sends, to keep query counts constant per page."""

from contextlib import contextmanager

from webapp.models import database


@contextmanager
def count_queries():
    """Yields a list that fills with every SQL statement sent inside the block."""
    real = database.obj
    original = real.execute_sql
    statements = []

    def counting(sql, params=None, *args, **kwargs):
        statements.append(sql)
        return original(sql, params, *args, **kwargs)

    real.execute_sql = counting
    try:
        yield statements
    finally:
        del real.execute_sql
