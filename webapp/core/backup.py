"""`flask --app webapp backup FILE`: a consistent copy of the database while the app runs
(docs/command-line.md#commands, docs/quality.md).

SQLite is copied with its online backup API, page by page inside SQLite's own locking, never by copying
the file (which can catch a write half done). PostgreSQL is dumped with pg_dump, whose snapshot is
consistent on its own.
"""

import os
import shutil
import sqlite3
import subprocess

from webapp.core.db import is_sqlite


class BackupError(RuntimeError):
    pass


def backup(db, target, database_url):
    if os.path.exists(target):
        raise BackupError(f"{target} already exists: choose a new file name")
    if is_sqlite(db):
        destination = sqlite3.connect(target)
        try:
            with destination:
                db.connection().backup(destination)
        finally:
            destination.close()
        return
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed: install the PostgreSQL client (apt-get install postgresql-client)")
    result = subprocess.run(
        [pg_dump, "--format=custom", f"--file={target}", database_url], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
