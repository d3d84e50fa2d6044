"""Command-line tasks of administration: flask --app webapp create-user."""

import click

from webapp.core.migrations import init_db
from webapp.domain.passwords import password_problem
from webapp.domain.roles import Role
from webapp.models import Service, database

from .accounts import AccountError, committees, create_user


def init_app(app):
    @app.cli.command("create-user")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option(
        "--role",
        "roles",
        multiple=True,
        required=True,
        type=click.Choice([role.value for role in Role]),
        help="Repeat for several roles.",
    )
    @click.option("--service", "services", multiple=True, help="A service name the user heads. Repeatable.")
    @click.option("--committee", "committee_names", multiple=True, help="A committee a Member sits on. Repeatable.")
    @click.password_option()
    def create_user_command(email, name, roles, services, committee_names, password):
        """Add a user who can sign in."""
        problem = password_problem(password, email)
        if problem:
            raise click.ClickException(problem)
        if (Role.HEAD_OF_SERVICE.value in roles) != bool(services):
            raise click.ClickException(
                "A Head of Service (--role hos) needs at least one --service, and only a Head of Service has services"
            )
        if committee_names and Role.MEMBER.value not in roles:
            raise click.ClickException("Only a Member (--role member) sits on committees")
        with database.connection_context():
            init_db()
            found = {s.name: s.id for s in Service.select().where(Service.name.in_(services))} if services else {}
            unknown = sorted(set(services) - set(found))
            if unknown:
                raise click.ClickException(f"Unknown service: {', '.join(unknown)}")
            seats = {body.name: body.id for body in committees()}
            unknown = sorted(set(committee_names) - set(seats))
            if unknown:
                raise click.ClickException(f"Not a committee: {', '.join(unknown)}")
            try:
                user = create_user(
                    email,
                    name,
                    password,
                    [Role(r) for r in roles],
                    found.values(),
                    committee_ids=[seats[name] for name in committee_names],
                )
            except AccountError as error:
                raise click.ClickException(str(error)) from None
        click.echo(f"Created user {user.id}: {user.email}")
