"""Command-line tasks for the pip/v1 JSON format (PRODUCT §7-8):
flask --app webapp export-json ID -o FILE.json | import-json FILE.json [--create-indicators]."""
import json
from datetime import datetime, timezone

import click

from webapp.exports.pip_json import plan_to_json, validate
from webapp.models import Pip, database


def export_document(pip_id, exported_at=None):
    """The pip/v1 document for PIP `pip_id`, or None when there is no such PIP."""
    from webapp.pips.interchange import plan_snapshot
    from webapp.pips.store import load_plan

    if Pip.get_or_none(Pip.id == pip_id) is None:
        return None
    return plan_to_json(plan_snapshot(load_plan(pip_id)), exported_at or datetime.now(timezone.utc))


def init_app(app):
    if "export-json" in app.cli.commands:
        return

    @app.cli.command("export-json")
    @click.argument("pip_id", type=int)
    @click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, writable=True))
    def export_json_command(pip_id, output):
        """Write one PIP as a pip/v1 JSON file."""
        with database.connection_context():
            document = export_document(pip_id)
        if document is None:
            raise click.ClickException(f"No PIP with id {pip_id}")
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        click.echo(f"Wrote PIP {pip_id} to {output}")

    @app.cli.command("import-json")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--create-indicators", is_flag=True, help="Create the PI when its code is unknown.")
    def import_json_command(path, create_indicators):
        """Create a PIP from a pip/v1 JSON file: all of it, or nothing."""
        from webapp.pips.interchange import ImportRefused, import_plan

        try:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise click.ClickException(f"{path}: not a readable JSON file ({error})") from None
        data, errors = validate(document)
        if not errors:
            with database.connection_context():
                try:
                    pip = import_plan(data, create_indicators=create_indicators)
                except ImportRefused as refused:
                    errors = refused.errors
        if errors:
            for error in errors:
                click.echo(error, err=True)
            raise click.ClickException(f"Nothing imported: {len(errors)} error(s)")
        click.echo(pip.id)
