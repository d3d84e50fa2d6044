"""Every page and export that shows a plan, fetched and checked: the plan page, the plan list, History,
the Word file, the JSON file and the draft committee papers (docs/plans.md#validation-limits: no stored value may break
one).
The client must be signed in as someone who may read the plan and build papers (performance and clerk)."""

import io
import json
from datetime import date
from decimal import Decimal

from docx import Document

from webapp.domain.bodies import BodyKind
from webapp.models import AgendaItem, AgendaPip, Body, Meeting

A_AND_P = "Audit and Performance Committee"


def _draft_papers(pip):
    """A draft A&P item presenting the plan; the clerk downloads its papers before publishing."""
    body, _ = Body.get_or_create(name=A_AND_P, defaults={"kind": BodyKind.AUDIT_AND_PERFORMANCE})
    meeting, _ = Meeting.get_or_create(body=body, date=date(2026, 12, 10))
    item, _ = AgendaItem.get_or_create(meeting=meeting)
    AgendaPip.get_or_create(item=item, pip=pip, defaults={"position": 1})
    return meeting


def _word_text(data):
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def every_view(client, pip):
    """{view: text} for each page and export of the plan; each must answer 200."""
    meeting = _draft_papers(pip)
    urls = {
        "plan": f"/pips/{pip.id}",
        "list": "/pips/",
        "history": f"/pips/{pip.id}/history",
        "word": f"/pips/{pip.id}/plan.docx",
        "json": f"/pips/{pip.id}/plan.json",
        "papers": f"/meetings/{meeting.id}/papers/download",
    }
    shown = {}
    for view, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (view, response.status_code)
        if view in ("word", "papers"):
            shown[view] = _word_text(response.data)
        elif view == "json":
            shown[view] = json.loads(response.get_data(as_text=True), parse_float=Decimal)  # its exact digits
        else:
            shown[view] = response.get_data(as_text=True)
    return shown
