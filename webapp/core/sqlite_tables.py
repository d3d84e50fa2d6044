"""SQLite's way to change a table it cannot ALTER (a column's type, the key's AUTOINCREMENT), for the schema
steps (webapp/core/migrations.py): a new table made from the old one's CREATE TABLE, changed; the rows copied,
ids and all, so every foreign key still holds; the old table dropped and the new renamed; its indexes and
triggers made again. Foreign keys must be unenforced while it runs (init_db does so), or dropping the old table
would delete the rows that cascade from it."""

import re

# Every model's key as peewee writes it on SQLite (webapp/models/base.py RowIdField), before AUTOINCREMENT.
ROW_KEY = '"id" INTEGER NOT NULL PRIMARY KEY'


def rebuild(db, table, changed, copied):
    """`table` made again by its CREATE TABLE as `changed(create)` gives it back, its rows copied (`copied`: the
    SELECT's columns)."""
    if db.pragma("foreign_keys"):
        raise RuntimeError("Tables are rebuilt only with foreign keys unenforced (see init_db)")
    new = f"{table}__rebuilt"
    create, renamed = re.subn(rf'^CREATE TABLE "?{table}"? ', f'CREATE TABLE "{new}" ', _create_table(db, table))
    if renamed != 1:
        raise RuntimeError(f"{table} is not a table our models made: not ours to change")
    extras = [
        sql
        for (sql,) in db.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        )
    ]
    db.execute_sql(changed(create))
    db.execute_sql(f'INSERT INTO "{new}" SELECT {copied} FROM "{table}"')
    db.execute_sql(f'DROP TABLE "{table}"')
    db.execute_sql(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for sql in extras:
        db.execute_sql(sql)


def retyped(create, columns):
    """A CREATE TABLE with each of `columns` TEXT, not REAL (schema step 4, exact numbers)."""
    for column in columns:
        create, changed = re.subn(rf'"{column}" REAL\b', f'"{column}" TEXT', create)
        if changed != 1:
            raise RuntimeError(f"{column} is not the REAL column version 3 made: not ours to change")
    return create


def keys_never_reused(db, models):
    """Each of `models`' tables keyed AUTOINCREMENT, so a deleted row's id is never given again (schema step 16);
    a table made so already (a later database, stamped older) is left as it is."""
    for model in models:
        table = model._meta.table_name
        if f"{ROW_KEY} AUTOINCREMENT" in _create_table(db, table):
            continue
        columns = ", ".join(f'"{row[1]}"' for row in db.execute_sql(f'PRAGMA table_info("{table}")'))
        rebuild(db, table, _key_never_reused, columns)


def _key_never_reused(create):
    create, keyed = re.subn(re.escape(ROW_KEY), f"{ROW_KEY} AUTOINCREMENT", create)
    if keyed != 1:
        raise RuntimeError(f"The key is not the one our models made: not ours to change ({create})")
    return create


def _create_table(db, table):
    (create,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    return create
