"""The search index (docs/search.md#the-index): one row for each PI, plan and meeting, with a title and the
rest of its words, kept up to date in the same transaction as the change that alters them (for a plan on
PostgreSQL, a note in that transaction, which the next search acts on first: below).

SQLite keeps it in an FTS5 virtual table, whose row id is the PI's, plan's or meeting's own (domain
`row_key`), so a row is replaced by that id; PostgreSQL in a table with a `tsvector` column that the
database works out from the title (weight A) and the words (weight B), under a GIN index, and a row is
replaced by its kind and id. Neither minds accents (SQLite's `remove_diacritics`, PostgreSQL's `unaccent`).

A plan's row is written by one INSERT ... SELECT that reads the plan's text where it lies (Section 1, factors,
solutions, comments, progress), set off by a trigger on the plan's history (below): whatever the plan's size,
a change sends no statement more. The same statement without its WHERE indexes every plan at once (the
schema step, the demo data).

On SQLite the trigger writes the plan's row there and then (0.3 ms). On PostgreSQL working out a plan's
`tsvector` again costs about 4 ms, which every row action paid, so there the trigger only notes the plan in
`search_plan_changed`, in the change's own transaction, and a search first writes the rows of the plans
noted (`index_changed_plans`): a search still finds every change saved and nothing rolled back.
"""

from datetime import date

from webapp.core.db import is_sqlite
from webapp.domain.dates import uk_date_with_weekday
from webapp.domain.search import Kind, row_key
from webapp.models import Body, Indicator, Meeting, database

TABLE = "search_entry"
CHANGED = "search_plan_changed"  # PostgreSQL only: see above
NOTES_LOCK = 4_150_001  # the advisory lock of the search that takes the notes (index_changed_plans)

SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "kind UNINDEXED, ref UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)
# PostgreSQL's text search configuration: its 'english', with accents taken off a word before it is stemmed (the
# unaccent extension's dictionary), so that, as on SQLite, "cafe" finds "Café" and "ty" finds "Tŷ".
CONFIG = "pips_english"
POSTGRESQL_CONFIG = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN "
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english); "
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem; "
    "END IF; END $$",
]
DOCUMENT = (
    "document TSVECTOR GENERATED ALWAYS AS ("
    f"setweight(to_tsvector('{CONFIG}', title), 'A') || setweight(to_tsvector('{CONFIG}', body), 'B')) STORED"
)
DOCUMENT_INDEX = f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING GIN (document)"
POSTGRESQL_TABLE = [
    *POSTGRESQL_CONFIG,
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        kind VARCHAR(16) NOT NULL,
        ref INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        {DOCUMENT},
        PRIMARY KEY (kind, ref)
    )""",
    DOCUMENT_INDEX,
    # The plans changed since a search last wrote their rows: a row for each change, never updated, so that
    # a search takes only the notes its own snapshot holds (index_changed_plans).
    f"CREATE TABLE IF NOT EXISTS {CHANGED} (pip_id INTEGER NOT NULL)",
]


# A plan's row follows its history: every change to a plan, through its one write path, raising it or
# importing it, ends by writing its history lines (webapp/pips/changes.py), and a trigger on them writes
# the plan's row again in the same statement. A row action pays no statement for the index, and no
# path that writes a plan can forget it (docs/search.md#the-index).
TRIGGER = "search_entry_follows_plan"


def _sqlite_trigger():
    """SQLite's triggers run once a row, and a change writes its history lines together, after every row of
    its own: the plan's words are written at its first line only (the first of its version)."""
    upsert = _upsert(True, _plan_select(True) + " WHERE p.id = NEW.pip_id")
    first_line = (
        "NOT EXISTS (SELECT 1 FROM pip_change AS line "
        "WHERE line.pip_id = NEW.pip_id AND line.version = NEW.version AND line.id < NEW.id)"
    )
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER}",
        f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON pip_change WHEN {first_line} BEGIN {upsert}; END",
    ]


def _postgresql_trigger():
    # Once a statement, for every plan whose history it wrote (a transition table of the new rows): noted, for
    # the next search to write its row.
    note = f"INSERT INTO {CHANGED} (pip_id) SELECT DISTINCT pip_id FROM written"
    return [
        f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {note}; RETURN NULL; END $$",
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON pip_change",
        f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON pip_change REFERENCING NEW TABLE AS written "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
    ]


def create_index(db=database):
    """The search index, if the database has none yet, and the trigger that keeps plans' rows (made again
    as this version has it): a new database and the schema steps make them."""
    if is_sqlite(db):
        for sql in [SQLITE_TABLE, *_sqlite_trigger()]:
            db.execute_sql(sql)
    else:
        for sql in [*POSTGRESQL_TABLE, *_postgresql_trigger()]:
            db.execute_sql(sql)


def document_without_accents(db=database):
    """PostgreSQL: the index's words worked out again with its text search configuration, which takes accents
    off (schema step 12; version 11's used 'english' as it is). SQLite's tokenizer always has."""
    if is_sqlite(db):
        return
    for sql in POSTGRESQL_CONFIG:
        db.execute_sql(sql)
    db.execute_sql(f"ALTER TABLE {TABLE} DROP COLUMN document")  # and its index
    db.execute_sql(f"ALTER TABLE {TABLE} ADD COLUMN {DOCUMENT}")
    db.execute_sql(DOCUMENT_INDEX)


def drop_index(db=database):
    if is_sqlite(db):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    else:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {TRIGGER} ON pip_change")
        db.execute_sql(f"DROP FUNCTION IF EXISTS {TRIGGER}()")
        db.execute_sql(f"DROP TABLE IF EXISTS {CHANGED}")
    db.execute_sql(f"DROP TABLE IF EXISTS {TABLE}")


# ----------------------------------------------------------------------------------------------- plans


def _plan_select(sqlite):
    """A SELECT of (row id, kind, ref, title, body) for plans: each plan's Section 1 text, then its factors,
    solutions, management comments and progress entries, every row's text joined by spaces."""

    def every(expression, table):
        joined = f"group_concat({expression}, ' ')" if sqlite else f"string_agg({expression}, ' ' ORDER BY x.id)"
        return f"COALESCE((SELECT {joined} FROM {table} AS x WHERE x.pip_id = p.id), '')"

    solution = "x.description || ' ' || x.funding_note || ' ' || x.time_lag || ' ' || x.option_group || ' ' || x.strengths || ' ' || x.weaknesses"  # noqa: E501
    body = " || ' ' || ".join(
        [
            "p.pi_description",
            "p.comments",
            "p.closing_reason",
            every("x.description", "factor"),
            every(solution, "solution"),
            every("x.text", "management_comment"),
            every("x.comment", "progress_update"),
        ]
    )
    key = f"p.id * 4 + {Kind.PLAN.code}" if sqlite else "NULL"
    return f"SELECT {key}, '{Kind.PLAN.value}', p.id, p.pi_code || ' ' || p.pi_name, {body} FROM pip AS p"


def _upsert(sqlite, select):
    if sqlite:
        return f"INSERT OR REPLACE INTO {TABLE} (rowid, kind, ref, title, body) {select}"
    # PostgreSQL has no row id to give: the SELECT's first column is dropped.
    columns = select.replace("SELECT NULL, ", "SELECT ", 1)
    return (
        f"INSERT INTO {TABLE} (kind, ref, title, body) {columns} "
        "ON CONFLICT (kind, ref) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body"
    )


def index_plan(pip_id):
    """Write plan `pip_id`'s row again from what the plan holds now, in the caller's transaction: one statement."""
    sqlite = is_sqlite(database)
    database.execute_sql(_upsert(sqlite, _plan_select(sqlite) + f" WHERE p.id = {database.param}"), (pip_id,))


def index_changed_plans():
    """PostgreSQL: write the rows of the plans changed since the last search, before a search reads the index;
    one statement, and a cheap one when none changed. SQLite's trigger has written them already.

    The notes taken are those the statement's snapshot holds, whose changes it therefore reads: a change
    saved while it runs leaves its note for the next search. One search at a time runs it (an advisory lock,
    held to the end of its transaction, the statement itself when the search is not in one): another waits
    for it to finish, so that its own search then finds what the first indexed, and two cannot each wait for
    a plan's row the other has written. With nothing noted that is a fraction of a millisecond."""
    if is_sqlite(database):
        return
    select = _plan_select(False) + " WHERE p.id IN (SELECT pip_id FROM noted)"
    database.execute_sql(
        f"WITH taken AS (SELECT pg_advisory_xact_lock({NOTES_LOCK})), "
        f"noted AS (DELETE FROM {CHANGED} WHERE EXISTS (SELECT 1 FROM taken) RETURNING pip_id) "
        f"{_upsert(False, select)}"
    )


def index_all_plans():
    """Every plan's row written again: one statement. On PostgreSQL it takes the notes of changed plans its
    snapshot holds, whose changes it writes, so that the next search does not write those plans again (a
    demo's plans, made in bulk, left hundreds); a change saved while it runs leaves its note."""
    sqlite = is_sqlite(database)
    every_plan = _upsert(sqlite, _plan_select(sqlite))
    database.execute_sql(every_plan if sqlite else f"WITH noted AS (DELETE FROM {CHANGED}) {every_plan}")


# ------------------------------------------------------------------------------------ PIs and meetings


def indicator_entry(indicator):
    """(title, words) of a PI: its code and name, then its description."""
    return f"{indicator.code} {indicator.name}", indicator.description or ""


def meeting_entry(meeting, body_name):
    """(title, words) of a meeting: its body, day and title as its page names it, then the day as numbers
    (2026-12-10) and where it meets, so a search for the day either way finds it."""
    day = meeting.date if isinstance(meeting.date, date) else date.fromisoformat(str(meeting.date))
    title = f"{body_name}, {uk_date_with_weekday(day)}"
    if meeting.title:
        title += f": {meeting.title}"
    return title, f"{day.isoformat()} {meeting.location or ''}".strip()


def _write(kind, entries):
    """Write (ref, title, words) rows of one kind, replacing any there: one statement."""
    if not entries:
        return
    sqlite = is_sqlite(database)
    p = database.param
    if sqlite:
        values = ", ".join([f"({p}, {p}, {p}, {p}, {p})"] * len(entries))
        params = [v for ref, title, body in entries for v in (row_key(kind, ref), kind.value, ref, title, body)]
        database.execute_sql(f"INSERT OR REPLACE INTO {TABLE} (rowid, kind, ref, title, body) VALUES {values}", params)
        return
    values = ", ".join([f"({p}, {p}, {p}, {p})"] * len(entries))
    params = [v for ref, title, body in entries for v in (kind.value, ref, title, body)]
    database.execute_sql(
        f"INSERT INTO {TABLE} (kind, ref, title, body) VALUES {values} "
        "ON CONFLICT (kind, ref) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body",
        params,
    )


def _in_batches(kind, entries, size=500):
    for start in range(0, len(entries), size):
        _write(kind, entries[start : start + size])


def index_indicator(indicator_id):
    """Write PI `indicator_id`'s row again from the register, in the caller's transaction."""
    indicator = Indicator.get_by_id(indicator_id)
    _write(Kind.INDICATOR, [(indicator.id, *indicator_entry(indicator))])


def index_meeting(meeting_id):
    """Write meeting `meeting_id`'s row again, in the caller's transaction."""
    meeting = Meeting.select(Meeting, Body).join(Body).where(Meeting.id == meeting_id).get()
    _write(Kind.MEETING, [(meeting.id, *meeting_entry(meeting, meeting.body.name))])


def index_meetings_of(body_id):
    """Every meeting of a body, whose name their rows carry (a body renamed)."""
    _index_meetings(Meeting.body == body_id)


def _index_meetings(condition=True):
    meetings = Meeting.select(Meeting, Body).join(Body).where(condition).order_by(Meeting.id)
    _in_batches(Kind.MEETING, [(m.id, *meeting_entry(m, m.body.name)) for m in meetings])


def index_everything():
    """Every PI, plan and meeting written again: the schema step that made the index, and the demo data."""
    fields = (Indicator.id, Indicator.code, Indicator.name, Indicator.description)
    _in_batches(
        Kind.INDICATOR,
        [(i.id, *indicator_entry(i)) for i in Indicator.select(*fields).order_by(Indicator.id)],
    )
    index_all_plans()
    _index_meetings()
