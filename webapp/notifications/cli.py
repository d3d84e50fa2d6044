"""Command-line tasks of notifications (docs/notifications.md, docs/command-line.md#commands), each run from cron
or a systemd timer (README, "E-mail"): flask --app webapp send-mail | send-reminders [--today DATE]."""

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.models import database

from .reminders import send_reminders
from .sending import send_waiting


def init_app(app):
    if "send-mail" in app.cli.commands:
        return
    app.cli.add_command(send_mail_command)
    app.cli.add_command(send_reminders_command)


@click.command("send-mail")
@with_appcontext
def send_mail_command():
    """Send the mail waiting in the outbox over SMTP (MAIL_SERVER, MAIL_PORT...): mail that cannot go now
    is tried again later."""
    with database.connection_context():
        done = send_waiting()
    click.echo(f"Sent {done.sent}; to try again later {done.retrying}; failed {done.failed}.")
    if done.server_down:
        click.echo(
            f"The mail server {current_app.config['MAIL_SERVER']}:{current_app.config['MAIL_PORT']} "
            "could not be reached.",
            err=True,
        )


@click.command("send-reminders")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Work out the reminders as on this day (YYYY-MM-DD), not today.",
)
@with_appcontext
def send_reminders_command(today):
    """Write the progress-update reminders (due, overdue, escalated) and weekly digests due today into the
    outbox. Running it again the same day writes nothing new."""
    day = today.date() if today else date.today()
    with database.connection_context():
        done = send_reminders(day, current_app.config["REMINDER_ESCALATION_DAYS"])
    click.echo(
        f"Reminders for {day.isoformat()}: {done.reminders} new ({done.notices} notices); {done.digests} digests."
    )
