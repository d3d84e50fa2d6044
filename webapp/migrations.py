"""Schema versions and the ordered steps that upgrade a council's existing database in place.

A new database is created from the current models and stamped with the latest version.
An existing one runs every step after its recorded version, each in its own transaction.
To change the schema: change the model, then append a step here that makes the same change to
an existing database with playhouse.migrate (add_column, add_index, ...).
"""
import logging

from playhouse.migrate import SchemaMigrator

from webapp.models import ALL_MODELS, SchemaVersion, database

log = logging.getLogger(__name__)


def _add_agenda_items(migrator, db):
    from webapp.models import AgendaItem, AgendaPip, ReferralDecision

    db.create_tables([AgendaItem, AgendaPip, ReferralDecision])


def _add_sign_in_attempts(migrator, db):
    from webapp.models import SignInAttempt

    db.create_tables([SignInAttempt])


# (version, what it does, function(migrator, db)); versions run 2, 3, ... after the first.
STEPS = [
    (2, "Performance Improvement Plans items on A&P agendas: published snapshots, outcomes and referral decisions",
     _add_agenda_items),
    (3, "Sign-in attempts counted in the database, so the sign-in limits hold across every worker and server",
     _add_sign_in_attempts),
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
            SchemaVersion.create(version=latest_version(steps))
        log.info("Created database schema at version %s", latest_version(steps))
        return []
    done = []
    migrator = SchemaMigrator.from_database(db)
    for number, description, step in steps:
        if number <= version:
            continue
        with db.atomic():
            step(migrator, db)
            SchemaVersion.update(version=number).execute()
        log.info("Upgraded database schema to version %s: %s", number, description)
        done.append(number)
    return done
