"""Files the app hands out (JSON, Word, PDF, CSV, Excel): safe download names and the attachment response."""

from io import BytesIO

from flask import Response

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JSON = "application/json"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_name(text, fallback="file"):
    """Letters, digits and hyphens only: a download name can carry nothing else (docs/quality.md)."""
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c == "-")) or fallback


def attachment(body, filename, mimetype):
    """A download of `body` (text or bytes) named `filename`, which must already be safe."""
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def word_attachment(document, filename):
    """A python-docx Document as a .docx download."""
    buffer = BytesIO()
    document.save(buffer)
    return attachment(buffer.getvalue(), filename, WORD)
