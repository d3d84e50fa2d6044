"""`flask backup FILE`: a consistent copy of the live database."""

import sqlite3

from webapp.models import Directorate


def test_backup_writes_a_copy_that_opens_with_the_data(app, db, tmp_path):
    Directorate.create(name="Resources")
    target = tmp_path / "copy.db"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    if app.config["DATABASE_URL"].startswith("sqlite"):
        with sqlite3.connect(target) as copy:
            assert copy.execute("SELECT name FROM directorate").fetchall() == [("Resources",)]
    else:
        assert target.stat().st_size > 0


def test_backup_never_overwrites_a_file(app, db, tmp_path):
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code != 0 and "already exists" in result.output
    assert target.read_text() == "keep me"
