"""`flask --app webapp import-docx FILE [--create-indicators] [--service NAME]` (docs/word-import.md#the-command-line,
docs/command-line.md#commands): a plan written in Word created as a Draft, all or nothing; the new plan's id
printed, or each error on standard error and exit status 1."""

import click
import peewee
from flask.cli import with_appcontext

from webapp.domain.limits import MAX_IMPORT_BYTES
from webapp.models import database

from .from_word import Choices, import_word_plan
from .interchange import COMMAND_LINE


@click.command("import-docx")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--create-indicators", is_flag=True, help="Create the PI, its service and the bodies the register is missing."
)
@click.option("--service", default=None, help="The plan's service, when the document names none and its PI is new.")
@with_appcontext
def import_docx_command(path, create_indicators, service):
    """Create a Draft PIP from a Word document in the council's PIP template: all of it, or nothing."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        raise click.ClickException(f"{path}: not a readable file ({error.strerror})") from None
    choices = Choices(
        create_indicators=create_indicators,
        service=service,
        how_to_create=COMMAND_LINE,
        how_to_name_the_service="name it with --service",
    )
    pip, check, errors = _imported(data, choices, path)
    for note in check.unread if check else ():
        click.echo(f"Not read: {note}", err=True)
    if errors:
        for message in errors:
            click.echo(message, err=True)
        raise click.ClickException(f"Nothing imported: {len(errors)} error(s)")
    click.echo(pip.id)


def _imported(data, choices, path):
    """(the new PIP, its check, []) or (None, the check, why not): one transaction, so nothing is kept of a
    refused plan."""
    if len(data) > MAX_IMPORT_BYTES:
        return None, None, [f"The file must be {MAX_IMPORT_BYTES // (1024 * 1024)} MB or smaller"]
    with database.connection_context():
        try:
            pip, check = import_word_plan(data, choices, filename=click.format_filename(path, shorten=True))
        except peewee.DatabaseError as error:
            return None, None, [f"The database refused the plan: {error}"]
    return pip, check, [] if pip is not None else check.errors
