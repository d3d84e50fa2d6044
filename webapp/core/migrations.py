"""Schema versions and the ordered steps that upgrade a council's existing database in place.

A new database is created from the current models and stamped with the latest version.
An existing one runs every step after its recorded version, each in its own transaction.
To change the schema: change the model, then append a step here that makes the same change to
an existing database with playhouse.migrate (add_column, add_index, ...).

On SQLite every step runs as SQLite's procedure for changing a table asks: foreign keys unenforced
(a pragma that only works outside a transaction), then checked with `PRAGMA foreign_key_check` before
the step commits. Enforced, dropping a table to rebuild it would first delete its rows, and with them
every row that cascades from them.
"""

import logging
from contextlib import contextmanager
from functools import partial

import peewee
from playhouse.migrate import SchemaMigrator, migrate

from webapp.domain.units import MAX_DECIMAL_PLACES, plain_number
from webapp.models import ALL_MODELS, SchemaVersion, database
from webapp.models.base import COLUMN_TYPES, EXACT_DIGITS, RowIdField, as_kept

from . import sqlite_tables

log = logging.getLogger(__name__)


def _add_agenda_items(migrator, db):
    from webapp.models import AgendaItem, AgendaPip, ReferralDecision

    db.create_tables([AgendaItem, AgendaPip, ReferralDecision])


def _add_sign_in_attempts(migrator, db):
    from webapp.models import SignInAttempt

    db.create_tables([SignInAttempt])


# Every column of a score, target, tolerance or benchmark (ExactNumberField), by table.
EXACT_COLUMNS = {
    "indicator": ("tolerance", "benchmark_value"),
    "target": ("value", "stretch_value"),
    "score": ("value",),
    "pip": ("target_value", "score_value", "last_year_end_value", "score_12_months_ago_value"),
    "progress_update": ("score",),
    "referral_decision": ("target_value",),
}


def _exact_numbers(migrator, db):
    """Version 3 kept these as REAL: a 4-byte float on PostgreSQL (1234567.89 came back 1234567.9).
    Each value becomes the exact number its float stood for: 91.2, not 91.1999998."""
    _refuse_values_the_columns_cannot_hold(db)
    if _is_sqlite(db):
        _rebuild_with_exact_columns(db)
        return
    numeric = COLUMN_TYPES["postgresql"]["EXACT"]
    # A real's text is its shortest exact form ("91.2") when extra_float_digits is above 0 (the default,
    # 1); at 0 it would keep only 6 digits. LOCAL: for this transaction only.
    db.execute_sql("SET LOCAL extra_float_digits = 1")
    for table, columns in EXACT_COLUMNS.items():
        changes = ", ".join(
            f'ALTER COLUMN "{column}" TYPE {numeric} USING "{column}"::text::numeric' for column in columns
        )
        db.execute_sql(f'ALTER TABLE "{table}" {changes}')


def _refuse_values_the_columns_cannot_hold(db):
    """Stop, naming them, at values a REAL held but the exact columns cannot (Infinity, or 1e28 typed
    before the unit ranges): a council corrects them, then upgrades."""
    limit = float(10 ** (EXACT_DIGITS - MAX_DECIMAL_PLACES))
    beyond = []
    for table_name, columns in EXACT_COLUMNS.items():
        table = peewee.Table(table_name, ("id", *columns)).bind(db)
        for name in columns:
            column = getattr(table, name)
            query = table.select(table.id, column).where(
                column.is_null(False) & ~((column > -limit) & (column < limit))
            )
            beyond += [f"{table_name} {row_id} {name} = {value}" for row_id, value in query.tuples()]
    if beyond:
        raise RuntimeError(
            f"These values are beyond what an exact column holds (less than {limit:,.0f} either "
            f"way): correct them, then upgrade again: {'; '.join(beyond)}"
        )


def _rebuild_with_exact_columns(db):
    """SQLite cannot change a column's type: each table is made again (webapp/core/sqlite_tables.py) with the
    number columns as TEXT, each REAL copied as its shortest exact text."""
    db.connection().create_function("exact_text", 1, _exact_text, deterministic=True)
    for table, columns in EXACT_COLUMNS.items():
        types = {row[1]: row[2] for row in db.execute_sql(f'PRAGMA table_info("{table}")')}
        if all(types[column] == "TEXT" for column in columns):
            continue  # made exact already (a database created after version 3, then stamped older)
        copied = ", ".join(f'exact_text("{name}")' if name in columns else f'"{name}"' for name in types)
        sqlite_tables.rebuild(db, table, partial(sqlite_tables.retyped, columns=columns), copied)


def _exact_text(value):
    """A REAL from a version-3 column as the text an exact column keeps: 91.2, not 91.2000000000000028."""
    return None if value is None else plain_number(as_kept(value))


def _add_standings(migrator, db):
    """Each PI's standing (rating and directions of travel) kept beside the register, worked out now
    for every PI, and the indexes the list pages walk, so the PI list, the exceptions and the plan list
    filter and page in the database at the same cost for 100 or 5,000 rows."""
    from webapp.indicators.standings import refresh_all
    from webapp.models import Standing

    db.create_tables([Standing])
    for table, columns in LIST_INDEXES:
        if f"{table}_{'_'.join(columns)}" not in {index.name for index in db.get_indexes(table)}:
            migrate(migrator.add_index(table, columns, False))
    if "pip_service_id_status" in {index.name for index in db.get_indexes("pip")}:
        migrate(migrator.drop_index("pip", "pip_service_id_status"))  # the plan list's index begins with it
    refresh_all()


def _add_notifications(migrator, db):
    """The outbox, each person's choices, the notices and the reminders sent (docs/notifications.md)."""
    from webapp.models import Notice, NotificationPreference, OutboxMail, SentReminder

    db.create_tables([NotificationPreference, OutboxMail, Notice, SentReminder])


def _add_search_index(migrator, db):
    """The search index (docs/search.md#the-index), made and filled with every PI, plan and meeting there is."""
    from webapp.search.index import create_index, index_everything

    create_index(db)
    index_everything()


def _add_risk_rows(migrator, db):
    """The cover report's Discussion section and its Risk Analysis table's rows
    (docs/meetings-and-papers.md#cover-report). A report written before prints as it did: its Discussion
    is empty, so not printed, and its risk text stands with no rows."""
    from webapp.models import RiskRow

    if "discussion" not in {column.name for column in db.get_columns("agenda_item")}:
        migrate(migrator.add_column("agenda_item", "discussion", peewee.TextField(default="")))
    db.create_tables([RiskRow])


def _add_papers_versions(migrator, db):
    """Every version of published papers kept, numbered and dated
    (docs/meetings-and-papers.md#revisions-after-publishing): papers published before become version 1, each
    plan as it was presented then."""
    from webapp.models import AgendaItem, AgendaPip, PapersVersion, PresentedPlan

    db.create_tables([PapersVersion, PresentedPlan])
    published = AgendaItem.select(AgendaItem.id, AgendaItem.published_at, AgendaItem.published_by).where(
        AgendaItem.published_at.is_null(False)
    )
    for item in published:
        first = PapersVersion.create(
            item=item.id, number=1, issued_at=item.published_at, issued_by=item.published_by_id
        )
        entries = AgendaPip.select(AgendaPip.id, AgendaPip.as_presented).where(
            (AgendaPip.item == item.id) & AgendaPip.as_presented.is_null(False)
        )
        for entry in entries:
            PresentedPlan.create(version=first, entry=entry.id, as_presented=entry.as_presented)


def _add_account_tokens(migrator, db):
    """The links mailed to set a password: invitations and forgotten passwords
    (docs/users-and-permissions.md#invitations-and-forgotten-passwords)."""
    from webapp.models import AccountToken

    db.create_tables([AccountToken])


def _index_plans_at_search(migrator, db):
    """PostgreSQL: the trigger on a plan's history notes the plan for the next search to index, rather than
    working out its words there and then (docs/search.md#the-index). SQLite's index is as it was."""
    from webapp.search.index import create_index

    create_index(db)


def _search_without_accents(migrator, db):
    """PostgreSQL: a search finds words whatever their accents, as on SQLite: the index's words worked out
    again with a text search configuration that takes them off (docs/search.md#the-index)."""
    from webapp.search.index import document_without_accents

    document_without_accents(db)


def _add_sign_in_places(migrator, db):
    """Each sign-in's browser and address, for the account page's list (docs/users-and-permissions.md#your-account);
    sign-ins made before have neither."""
    from webapp.models import SignInSession

    there = {column.name for column in db.get_columns("sign_in_session")}
    for name in ("browser", "address"):
        if name not in there:  # a database made at a later version, then stamped older, has them
            migrate(migrator.add_column("sign_in_session", name, SignInSession._meta.fields[name]))


def _add_committee_seats(migrator, db):
    """Members' seats on committees (docs/users-and-permissions.md#members-and-their-committees). Until now every
    Member read the plans presented to any committee, so each is given a seat on every committee there is: no one
    loses a plan they read the day before. An administrator then takes away the seats that are not theirs."""
    from webapp.domain.bodies import COMMITTEES
    from webapp.domain.roles import Role
    from webapp.models import Body, CommitteeSeat, UserRole

    db.create_tables([CommitteeSeat])
    members = UserRole.select(UserRole.user).where(UserRole.role == Role.MEMBER.value)
    committees = Body.select(Body.id).where(Body.kind.in_([kind.value for kind in COMMITTEES]))
    seats = [{"user": member.user_id, "body": body.id} for member in members for body in committees]
    if seats:
        CommitteeSeat.insert_many(seats).on_conflict_ignore().execute()  # a later database, stamped older, has some


def _ids_never_reused(migrator, db):
    """SQLite gave a deleted row's id to the next row when it had the largest: a page drawn before someone
    removed a risk row or a factor then saved to, or removed, the row added after it. Each table's key is made
    AUTOINCREMENT, as new databases have it (webapp/models/base.py, NEVER_REUSED); its rows keep their ids and
    SQLite counts on from the largest. PostgreSQL's sequences never give an id twice: nothing to do."""
    if _is_sqlite(db):
        sqlite_tables.keys_never_reused(db, [m for m in ALL_MODELS if isinstance(m._meta.primary_key, RowIdField)])


def _add_published_pdfs(migrator, db):
    """Each version of published papers keeps its PDF once made (docs/meetings-and-papers.md#pdf)."""
    from webapp.models import PublishedPdf

    db.create_tables([PublishedPdf])


def _add_form_tokens(migrator, db):
    """An addition's form token on its first history line, held once, so the same form sent twice adds its row
    once (webapp/pips/changes.py, docs/concurrency.md). Lines written before have none."""
    from webapp.models import PipChange

    if "form_token" not in {column.name for column in db.get_columns("pip_change")}:
        field = PipChange._meta.fields["form_token"]
        migrate(migrator.add_column("pip_change", "form_token", field))
    if not any(index.columns == ["form_token"] for index in db.get_indexes("pip_change")):
        migrate(migrator.add_index("pip_change", ("form_token",), unique=True))


def _index_plans_once_a_change(migrator, db):
    """SQLite: the trigger on a plan's history writes the plan's words at a change's first history line only,
    where it wrote them again at every line (docs/search.md#the-index). PostgreSQL's notes the plan once a
    statement already: made again as it is."""
    from webapp.search.index import create_index

    create_index(db)


# The indexes the list pages walk in their order (webapp/indicators/listing.py, webapp/pips/listing.py).
LIST_INDEXES = [
    ("indicator", ("service_id", "code")),
    ("indicator", ("active",)),
    ("pip", ("service_id", "status", "pi_code")),
    ("pip", ("indicator_id", "status")),
    ("progress_update", ("pip_id", "made_on")),
]


# (version, what it does, function(migrator, db)); versions run 2, 3, ... after the first.
STEPS = [
    (
        2,
        "Performance Improvement Plans items on A&P agendas: published snapshots, outcomes and referral decisions",
        _add_agenda_items,
    ),
    (
        3,
        "Sign-in attempts counted in the database, so the sign-in limits hold across every worker and server",
        _add_sign_in_attempts,
    ),
    (
        4,
        "Exact numbers: every score, target, tolerance and benchmark kept exactly, on SQLite and PostgreSQL",
        _exact_numbers,
    ),
    (5, "Each PI's standing kept beside the register, so the lists filter and page in the database", _add_standings),
    (6, "E-mail notifications: an outbox, each person's choices, notices and the reminders sent", _add_notifications),
    (
        7,
        "Search: an index of every PI, plan and meeting, kept with each change (FTS5 or a tsvector)",
        _add_search_index,
    ),
    (8, "The cover report's Discussion section and its Risk Analysis table's rows", _add_risk_rows),
    (9, "Revisions after publishing: every version of published papers kept, numbered and dated", _add_papers_versions),
    (10, "Invitations and forgotten passwords: the links mailed to set a password, kept hashed", _add_account_tokens),
    (
        11,
        "Search on PostgreSQL: a changed plan is indexed by the next search, not by each change",
        _index_plans_at_search,
    ),
    (12, 'Search on PostgreSQL: accents do not matter, as on SQLite ("cafe" finds "Café")', _search_without_accents),
    (13, "Where each sign-in was made: its browser and address, on the account page", _add_sign_in_places),
    (14, "Members' seats on committees: a Member reads the plans presented to their committees", _add_committee_seats),
    (15, "Published papers keep their PDF: made once a version, not at every download", _add_published_pdfs),
    (16, "SQLite: a deleted row's id is never given to another row (each key AUTOINCREMENT)", _ids_never_reused),
    (17, "A form that adds a row, sent twice, adds it once: its token kept on the history line", _add_form_tokens),
    (18, "SQLite: a change indexes its plan's words once, not at each history line", _index_plans_once_a_change),
]
FIRST_VERSION = 1


def latest_version(steps=STEPS):
    return steps[-1][0] if steps else FIRST_VERSION


def current_version(db=database):
    if not db.table_exists(SchemaVersion._meta.table_name):
        return None
    row = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
    return row.version if row else None


def init_db(db=database, steps=STEPS):
    """Create a new database, or upgrade an existing one. Returns the list of steps run."""
    version = current_version(db)
    if version is None:
        if any(db.table_exists(model._meta.table_name) for model in ALL_MODELS):
            raise RuntimeError("This database has tables but no schema version: not ours to upgrade.")
        with db.atomic():
            db.create_tables(ALL_MODELS)
            _create_tables_outside_the_models(db)
            SchemaVersion.create(version=latest_version(steps))
        log.info("Created database schema at version %s", latest_version(steps))
        return []
    done = []
    migrator = SchemaMigrator.from_database(db)
    for number, description, step in steps:
        if number <= version:
            continue
        with _foreign_keys_unenforced(db), db.atomic():
            step(migrator, db)
            _check_foreign_keys(db)
            SchemaVersion.update(version=number).execute()
        log.info("Upgraded database schema to version %s: %s", number, description)
        done.append(number)
    return done


def _create_tables_outside_the_models(db):
    """A new database's tables that no model makes: the search index, an FTS5 virtual table on SQLite."""
    from webapp.search.index import create_index

    create_index(db)


@contextmanager
def _foreign_keys_unenforced(db):
    """SQLite only: foreign keys unenforced while a step runs, then as they were (see the docstring above)."""
    if not _is_sqlite(db):
        yield
        return
    enforced = db.pragma("foreign_keys")
    db.pragma("foreign_keys", 0)
    try:
        yield
    finally:
        db.pragma("foreign_keys", enforced)


def _check_foreign_keys(db):
    """SQLite only: every foreign key still names a row that exists, or the step rolls back."""
    if _is_sqlite(db):
        broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"A schema step broke {len(broken)} foreign keys, first {broken[0]}: rolled back")


def _is_sqlite(db):
    return isinstance(getattr(db, "obj", db), peewee.SqliteDatabase)  # `db` may be the models' proxy
