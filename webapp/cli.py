"""Command-line tasks: flask --app webapp init-db | demo-data | create-user | backup | refresh-standings."""
import click

from webapp.accounts import MINIMUM_PASSWORD_LENGTH
from webapp.domain.roles import Role
from webapp.migrations import init_db
from webapp.models import Service, database


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
            click.echo("Demo data loaded. Sign in with any of these (password: %s):" % DEMO_PASSWORD)
        else:
            click.echo("The database already has data; demo sign-ins (password: %s):" % DEMO_PASSWORD)
        for email, name, roles, _services in DEMO_USERS:
            click.echo(f"  {email:<22} {name} ({', '.join(Role(r).label for r in roles)})")

    @app.cli.command("create-user")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option("--role", "roles", multiple=True, required=True,
                  type=click.Choice([role.value for role in Role]), help="Repeat for several roles.")
    @click.option("--service", "services", multiple=True, help="A service name the user heads. Repeatable.")
    @click.password_option()
    def create_user_command(email, name, roles, services, password):
        """Add a user who can sign in."""
        from webapp.accounts import AccountError, create_user

        if len(password) < MINIMUM_PASSWORD_LENGTH:
            raise click.ClickException(f"The password must be at least {MINIMUM_PASSWORD_LENGTH} characters")
        if (Role.HEAD_OF_SERVICE.value in roles) != bool(services):
            raise click.ClickException("A Head of Service (--role hos) needs at least one --service, "
                                       "and only a Head of Service has services")
        with database.connection_context():
            init_db()
            found = {s.name: s.id for s in Service.select().where(Service.name.in_(services))} if services else {}
            unknown = sorted(set(services) - set(found))
            if unknown:
                raise click.ClickException(f"Unknown service: {', '.join(unknown)}")
            try:
                user = create_user(email, name, password, [Role(r) for r in roles], found.values())
            except AccountError as error:
                raise click.ClickException(str(error)) from None
        click.echo(f"Created user {user.id}: {user.email}")

    @app.cli.command("refresh-standings")
    def refresh_standings_command():
        """Work out again where every PI stands, after the database was changed outside the app."""
        from webapp.standings import refresh_all

        with database.connection_context():
            count = refresh_all()
        click.echo(f"Worked out again where {count} PI{'' if count == 1 else 's'} stand{'s' if count == 1 else ''}.")

    @app.cli.command("backup")
    @click.argument("target", type=click.Path(dir_okay=False))
    def backup_command(target):
        """Write a consistent copy of the database to TARGET, while the app runs."""
        from webapp.backup import BackupError, backup

        with database.connection_context():
            try:
                backup(database.obj, target, app.config["DATABASE_URL"])
            except BackupError as error:
                raise click.ClickException(str(error)) from None
        click.echo(f"Backed up the database to {target}")
