"""Command-line tasks of the PI register: flask --app webapp refresh-standings, import-scores and import-targets."""

import click

from webapp.models import database

from . import import_cli
from .standings import refresh_all


def init_app(app):
    import_cli.init_app(app)  # docs/score-imports.md#the-command-line

    @app.cli.command("refresh-standings")
    def refresh_standings_command():
        """Work out again where every PI stands, after the database was changed outside the app."""
        with database.connection_context():
            count = refresh_all()
        click.echo(f"Worked out again where {count} PI{'' if count == 1 else 's'} stand{'s' if count == 1 else ''}.")
