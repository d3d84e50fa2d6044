"""Command-line tasks for the whole app: flask --app webapp init-db | demo-data | backup.
Each area adds its own (webapp/admin/cli.py, webapp/indicators/cli.py, webapp/pips/cli.py, webapp/papers/cli.py);
the exports share the -o option and saving a Word file (or its PDF), here."""

import getpass

import click

from webapp.core.migrations import init_db
from webapp.core.office import ConversionFailed, OfficeUnavailable, to_pdf
from webapp.domain.roles import Role
from webapp.models import database

# The file an export writes: -o/--output FILE.
OUTPUT = click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, writable=True))


def _login_name():
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


# Who is exporting: named as the Word document's author (docs/meetings-and-papers.md#every-document).
EXPORTED_BY = click.option(
    "--by", "exported_by", default=_login_name, show_default="your login name", help="Your name, as the author."
)


def save_document(document, output, *, contents_levels=0):
    """Saves a Word document where the command was told to, or says why it could not. A name ending `.pdf`
    gets the document as a PDF, made by LibreOffice (webapp/core/office.py), with a contents list of the
    headings to `contents_levels` when that is more than 0 (docs/meetings-and-papers.md#pdf)."""
    try:
        if output.lower().endswith(".pdf"):
            data = to_pdf(document, contents_levels=contents_levels)
            with open(output, "wb") as handle:
                handle.write(data)
        else:
            document.save(output)
    except (OfficeUnavailable, ConversionFailed) as error:
        raise click.ClickException(f"Could not make {output}: {error}") from None
    except OSError as error:
        raise click.ClickException(f"Could not write {output}: {error.strerror}") from None


def init_app(app):
    @app.cli.command("init-db")
    def init_db_command():
        """Create the database, or upgrade an existing one in place."""
        with database.connection_context():
            steps = init_db()
        click.echo(f"Database ready{' (upgraded: ' + ', '.join(map(str, steps)) + ')' if steps else ''}.")

    @app.cli.command("demo-data")
    @click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
    def demo_data_command(if_empty):
        """Fill the database with a plausible district council's data."""
        from webapp.demo import DEMO_PASSWORD, DEMO_USERS, DemoDataError, load_demo_data

        with database.connection_context():
            init_db()
            try:
                loaded = load_demo_data(only_if_empty=if_empty)
            except DemoDataError as error:
                raise click.ClickException(str(error)) from None
        if loaded:
            click.echo(f"Demo data loaded. Sign in with any of these (password: {DEMO_PASSWORD}):")
        else:
            click.echo(f"The database already has data; demo sign-ins (password: {DEMO_PASSWORD}):")
        for email, name, roles, _services in DEMO_USERS:
            click.echo(f"  {email:<22} {name} ({', '.join(Role(r).label for r in roles)})")

    @app.cli.command("backup")
    @click.argument("target", type=click.Path(dir_okay=False))
    def backup_command(target):
        """Write a consistent copy of the database to TARGET, while the app runs."""
        from webapp.core.backup import BackupError, backup

        with database.connection_context():
            try:
                backup(database.obj, target, app.config["DATABASE_URL"])
            except BackupError as error:
                raise click.ClickException(str(error)) from None
        click.echo(f"Backed up the database to {target}")
