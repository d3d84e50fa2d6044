"""Command-line tasks of the plans (docs/pip-v1.md, docs/command-line.md#commands): flask --app webapp
export-json ID -o FILE.json | import-json FILE.json [--create-indicators] | export-pip ID -o FILE.docx|FILE.pdf."""

from datetime import UTC, date, datetime

import click
import peewee
from flask.cli import with_appcontext

from webapp.core.cli import EXPORTED_BY, OUTPUT, save_document
from webapp.domain.limits import MAX_IMPORT_BYTES
from webapp.exports.pip_docx import pip_document
from webapp.exports.pip_json import json_text, plan_to_json
from webapp.exports.pip_json_reading import parse, validate
from webapp.models import Pip, database, utcnow

from .import_cli import import_docx_command
from .interchange import ImportRefused, exported_plan, import_plan
from .printed import load_printed_plan
from .store import load_plan


def export_document(pip_id, exported_at=None):
    """The pip/v1 document for PIP `pip_id`, or None when there is no such PIP."""
    if Pip.get_or_none(Pip.id == pip_id) is None:
        return None
    return plan_to_json(exported_plan(load_plan(pip_id)), exported_at or datetime.now(UTC))


def init_app(app):
    if "export-json" in app.cli.commands:
        return
    for command in (export_json_command, import_json_command, export_pip_command, import_docx_command):
        app.cli.add_command(command)


@click.command("export-json")
@click.argument("pip_id", type=int)
@OUTPUT
@with_appcontext
def export_json_command(pip_id, output):
    """Write one PIP as a pip/v1 JSON file."""
    with database.connection_context():
        document = export_document(pip_id)
    if document is None:
        raise click.ClickException(f"No PIP with id {pip_id}")
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(json_text(document, indent=2) + "\n")
    click.echo(f"Wrote PIP {pip_id} to {output}")


@click.command("import-json")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--create-indicators", is_flag=True, help="Create the PI, its service and the meeting bodies the register lacks."
)
@with_appcontext
def import_json_command(path, create_indicators):
    """Create a PIP from a pip/v1 JSON file: all of it, or nothing."""
    try:
        with open(path, "rb") as handle:
            document, errors = parse(handle.read(MAX_IMPORT_BYTES + 1))
    except OSError as error:
        raise click.ClickException(f"{path}: not a readable file ({error.strerror})") from None
    if not errors:
        data, errors = validate(document, today=date.today())
    if not errors:
        pip, errors = _imported(data, create_indicators)
    if errors:
        for message in errors:
            click.echo(message, err=True)
        raise click.ClickException(f"Nothing imported: {len(errors)} error(s)")
    click.echo(pip.id)


def _imported(data, create_indicators):
    """(the new PIP, []) or (None, why not): one transaction, so nothing of a refused plan is kept."""
    with database.connection_context():
        try:
            return import_plan(data, create_indicators=create_indicators), []
        except ImportRefused as refused:
            return None, refused.errors
        except peewee.DatabaseError as error:
            return None, [f"The database refused the plan: {error}"]


@click.command("export-pip")
@click.argument("pip_id", type=int)
@OUTPUT
@EXPORTED_BY
@with_appcontext
def export_pip_command(pip_id, output, exported_by):
    """Write one PIP as a Word document, or a PDF when FILE ends .pdf (docs/meetings-and-papers.md#a-single-plan)."""
    with database.connection_context():
        if Pip.get_or_none(Pip.id == pip_id) is None:
            raise click.ClickException(f"No PIP with id {pip_id}")
        printed = load_printed_plan(pip_id, utcnow())
    save_document(pip_document(printed, exported_by=exported_by), output)
    click.echo(f"Wrote PIP {pip_id} to {output}")
