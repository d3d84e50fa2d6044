"""Command-line tasks of the committee papers (docs/meetings-and-papers.md#command-line,
docs/command-line.md#commands): flask --app webapp export-papers MEETING_ID -o FILE.docx
(or FILE.pdf: the PDF, with a contents list, docs/meetings-and-papers.md#pdf)."""

import click
from flask.cli import with_appcontext

from webapp.core.cli import EXPORTED_BY, OUTPUT, save_document
from webapp.models import AgendaItem, Body, Meeting, database

from .documents import generate_papers


def init_app(app):
    if "export-papers" in app.cli.commands:
        return
    app.cli.add_command(export_papers_command)


@click.command("export-papers")
@click.argument("meeting_id", type=int)
@OUTPUT
@EXPORTED_BY
@with_appcontext
def export_papers_command(meeting_id, output, exported_by):
    """Write the committee papers for an A&P meeting as a Word document, or a PDF when FILE ends .pdf
    (docs/meetings-and-papers.md#the-committee-papers)."""
    with database.connection_context():
        item = (
            AgendaItem.select(AgendaItem, Meeting, Body)
            .join(Meeting)
            .join(Body)
            .where(Meeting.id == meeting_id)
            .first()
        )
        if item is None:
            raise click.ClickException(f"Meeting {meeting_id} has no Performance Improvement Plans item")
        papers = generate_papers(item, exported_by=exported_by)
    save_document(papers.document, output, contents_levels=1)
    state = "published" if item.published else "draft, not yet published"
    click.echo(f"Wrote the papers for meeting {meeting_id} ({state}, {papers.plan_count} plans) to {output}")
