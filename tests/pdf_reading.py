"""A PDF read back as a reader's software reads it (docs/meetings-and-papers.md#pdf): its text and page count
by poppler (tests/office.py), and with pypdf its bookmarks (the outline), whether it is tagged (a structure
tree and MarkInfo /Marked), its title and its language."""

import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from tests.office import pdf_pages, pdf_text


@dataclass(frozen=True)
class ReadPdf:
    text: str
    pages: int
    bookmarks: list[tuple[int, str, int]]  # (depth from 0, title, page from 1)
    tagged: bool
    title: str
    language: str
    shows_title: bool  # the viewer's title bar shows the title, not the file name

    def contents(self):
        """The contents list's entries on the first page, after its title "Contents": {title: page}, from
        entries (of one line or more) ending in dot leaders and a page number."""
        found = {}
        page = self.text.split("\f", 1)[0]
        for paragraph in re.split(r"\n\s*\n", page.split("\nContents\n", 1)[-1]):
            matched = re.match(r"(.+?)[\s.]*\.\s*(\d+)$", " ".join(paragraph.split()))
            if matched:
                found[matched.group(1).strip()] = int(matched.group(2))
        return found


def read_pdf(data, folder):
    """`data` (bytes, or a path) read back; bytes are written to `folder` first, for poppler."""
    path = Path(data) if isinstance(data, (str, Path)) else Path(folder) / "read.pdf"
    if not isinstance(data, (str, Path)):
        assert data.startswith(b"%PDF-"), data[:200]
        path.write_bytes(data)
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    bookmarks = []

    def walk(items, depth):
        for entry in items:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                bookmarks.append((depth, entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    mark_info = root.get("/MarkInfo") or {}
    preferences = root.get("/ViewerPreferences") or {}
    return ReadPdf(
        text=pdf_text(path),
        pages=pdf_pages(path),
        bookmarks=bookmarks,
        tagged="/StructTreeRoot" in root and bool(mark_info.get("/Marked")),
        title=(reader.metadata or {}).get("/Title", ""),
        language=str(root.get("/Lang", "")),
        shows_title=bool(preferences.get("/DisplayDocTitle")),
    )
