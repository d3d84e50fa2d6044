"""flask --app webapp import-scores FILE [--dry-run] and import-targets FILE [--dry-run]
(docs/score-imports.md#the-command-line): the same checks as the upload page, every error printed by row
and column, exit status 1 and nothing written on any error; the whole file applied in one transaction
otherwise."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from webapp.domain.limits import MAX_IMPORT_BYTES
from webapp.domain.score_files import Action, FileCheck, Kind
from webapp.models import User, database

from .score_imports import FileRefused, apply_file, preview


def _command(kind):
    what = kind.value

    @click.command(f"import-{what}")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Check the file and print what would change; write nothing.")
    @click.option("--by", "email", help="The e-mail address of the user the history names (default: none).")
    @with_appcontext
    def command(path, dry_run, email):
        try:
            data = path.read_bytes()[: MAX_IMPORT_BYTES + 1]
        except OSError as error:
            raise click.ClickException(f"{path}: not a readable file ({error.strerror})") from None
        if len(data) > MAX_IMPORT_BYTES:
            raise click.ClickException(f"{path}: the file must be {MAX_IMPORT_BYTES // (1024 * 1024)} MB or smaller")
        with database.connection_context():
            user_id = _user_id(email)
            if dry_run:
                check = preview(data, path.name, kind)
            else:
                try:
                    check = apply_file(data, path.name, kind, user_id)
                except FileRefused as refused:
                    check = refused.check
        if check.error_count:
            _print_errors(check)
            raise click.ClickException(f"Nothing imported: {check.error_count} error(s)")
        click.echo(_summary(check, dry_run))

    command.__doc__ = f"Import {what} from a spreadsheet (.xlsx or .csv): all of it, or nothing."
    return command


def _user_id(email):
    if not email:
        return None
    user = User.get_or_none(User.email == email.strip().lower())
    if user is None:
        raise click.ClickException(f"No user has the e-mail address {email}")
    return user.id


def _print_errors(check: FileCheck):
    for problem in check.problems:
        click.echo(problem, err=True)
    for line in check.lines:
        for error in line.errors:
            where = f"Row {line.row}" + (f", column {error.column}" if error.column else "")
            typed = f' ("{error.typed}")' if error.typed else ""
            click.echo(f"{where}{typed}: {error.message}", err=True)


def _summary(check: FileCheck, dry_run):
    counts = {action: 0 for action in Action}
    for line in check.lines:
        counts[line.action] += 1
    replaced = "corrections" if check.kind is Kind.SCORES else "new versions"
    verb = "Would import" if dry_run else "Imported"
    return (
        f"{verb} {len(check.lines)} row(s): {counts[Action.NEW]} new, {counts[Action.CORRECTION]} {replaced}, "
        f"{counts[Action.UNCHANGED]} unchanged"
        + (f"; {check.skipped} row(s) with nothing typed beyond the template skipped" if check.skipped else "")
        + (" (dry run: nothing written)" if dry_run else "")
    )


def init_app(app):
    for kind in Kind:
        if f"import-{kind.value}" not in app.cli.commands:
            app.cli.add_command(_command(kind))
