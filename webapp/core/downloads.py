"""Files the app hands out (JSON, Word, PDF, CSV, Excel): safe download names and the attachment response."""

from io import BytesIO

from flask import Response
from werkzeug.utils import get_content_type

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JSON = "application/json"
PDF = "application/pdf"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_name(text, fallback="file"):
    """Letters, digits and hyphens only: a download name can carry nothing else (docs/quality.md)."""
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c == "-")) or fallback


def attachment(body, filename, mimetype):
    """A download of `body` (text or bytes) named `filename`, which must already be safe. A text type names
    its charset once: UTF-8, unless `mimetype` already names one (Werkzeug would add a second)."""
    return Response(
        body,
        content_type=mimetype if "charset=" in mimetype.lower() else get_content_type(mimetype, "utf-8"),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def word_attachment(document, filename):
    """A python-docx Document as a .docx download."""
    buffer = BytesIO()
    document.save(buffer)
    return attachment(buffer.getvalue(), filename, WORD)
