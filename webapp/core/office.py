"""A Word document as a PDF for the website, made by LibreOffice headless (docs/meetings-and-papers.md#pdf).

One conversion at a time in each worker process, in a LibreOffice profile of the process's own (made at its
first conversion, removed when it exits), so two requests never start two LibreOffice instances on one
profile. Each conversion works in a temporary folder removed afterwards, and is stopped after
`OFFICE_TIMEOUT_SECONDS`.

The conversion runs a small LibreOffice Basic macro kept in that profile (`MACRO` below) rather than a
plain `--convert-to pdf`: a plain conversion never refreshes a contents list, so the macro inserts one
built from the document's Heading paragraphs (or refreshes one the document has), updates it, and only
then saves the PDF, tagged, with a bookmark for every heading and the document's title shown in the
viewer's title bar. Before that it lets every table row break across pages (`LetRowsBreak`): the Word file
keeps each row whole, but LibreOffice 7.4 lost a row that could not break when a table began at a page's
foot (tests/exports/test_pdf.py), and a row split in a PDF is better than a row missing.
Basic needs nothing beyond the `libreoffice-writer-nogui` package, where a Python macro would also need
LibreOffice's Python bridge.
"""

import atexit
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from flask import current_app, render_template

from webapp.core.downloads import PDF, attachment

log = logging.getLogger(__name__)

# Export(source, target, levels): loads `source` hidden; with `levels` > 0 and no contents list (index) in the
# document, adds one of the headings to that level (AddContents); updates every index twice (the contents
# list's own length moves the pages after it), then saves a tagged PDF with bookmarks and closes LibreOffice.
#
# AddContents: where the document has its own static list under a heading "Contents" (the committee papers,
# docs/meetings-and-papers.md#the-committee-papers), the list's entries are replaced by the same headings with
# their page numbers; a document without one gets the list, titled "Contents", before its first Heading 1,
# which then starts a new page.
MACRO = """
Sub Export(source As String, target As String, levels As Integer)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden" : load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, load())
  If levels > 0 And doc.getDocumentIndexes().getCount() = 0 Then AddContents(doc, levels)
  LetRowsBreak(doc)
  For round = 1 To 2
    For i = 0 To doc.getDocumentIndexes().getCount() - 1
      doc.getDocumentIndexes().getByIndex(i).update()
    Next
  Next
  Dim options(2) As New com.sun.star.beans.PropertyValue
  options(0).Name = "UseTaggedPDF" : options(0).Value = True
  options(1).Name = "ExportBookmarks" : options(1).Value = True
  options(2).Name = "DisplayPDFDocumentTitle" : options(2).Value = True
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName" : store(0).Value = "writer_pdf_Export"
  store(1).Name = "FilterData" : store(1).Value = options()
  doc.storeToURL(ConvertToURL(target), store())
  doc.close(True)
  StarDesktop.terminate()
End Sub

Sub LetRowsBreak(doc As Object)
  tables = doc.getTextTables()
  For t = 0 To tables.getCount() - 1
    rows = tables.getByIndex(t).getRows()
    For r = 0 To rows.getCount() - 1
      rows.getByIndex(r).IsSplitAllowed = True
    Next
  Next
End Sub

Sub AddContents(doc As Object, levels As Integer)
  Dim heading As Object, first As Object, last As Object, title As Object
  index = doc.createInstance("com.sun.star.text.ContentIndex")
  index.CreateFromOutline = True
  index.Level = levels
  paragraphs = doc.Text.createEnumeration()
  Do While paragraphs.hasMoreElements()
    para = paragraphs.nextElement()
    If Not para.supportsService("com.sun.star.text.Paragraph") Then
      If Not IsNull(heading) Then Exit Do
    ElseIf para.OutlineLevel > 0 Then
      If Not IsNull(heading) Then Exit Do
      If IsNull(title) And para.OutlineLevel = 1 Then title = para
      If para.getString() = "Contents" Then heading = para
    ElseIf Not IsNull(heading) Then
      If IsNull(first) Then first = para
      last = para
    End If
  Loop
  If Not IsNull(first) Then
    cursor = doc.Text.createTextCursorByRange(first.getStart())
    cursor.gotoRange(last.getEnd(), True)
    cursor.setString("")
    index.Title = ""
    doc.Text.insertTextContent(cursor, index, True)
  ElseIf Not IsNull(title) Then
    index.Title = "Contents"
    doc.Text.insertTextContent(title.getStart(), index, False)
    title.BreakType = com.sun.star.style.BreakType.PAGE_BEFORE
  End If
End Sub
"""

_MODULE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
    '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Pdf" '
    f'script:language="StarBasic">{escape(MACRO)}</script:module>\n'
)
_LIBRARY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">\n'
    '<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" '
    'library:readonly="false" library:passwordprotected="false">\n'
    ' <library:element library:name="Module1"/>\n <library:element library:name="Pdf"/>\n</library:library>\n'
)

_MACRO_FILE = Path("user", "basic", "Standard", "Pdf.xba")
_lock = threading.Lock()
_profile: dict[int, Path] = {}  # the profile of this process (by its id: a forked worker makes its own)


class OfficeUnavailable(Exception):
    """LibreOffice is not installed where SOFFICE_PATH says."""


class ConversionFailed(Exception):
    """LibreOffice ran but gave no PDF (it failed, or took longer than OFFICE_TIMEOUT_SECONDS)."""


def soffice_path(configured: str | None = None) -> str | None:
    """The LibreOffice program SOFFICE_PATH names (a path, or a name looked up on PATH), or None."""
    configured = configured if configured is not None else current_app.config["SOFFICE_PATH"]
    if not configured:
        return None
    if os.sep in configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which(configured)


def pdf_available() -> bool:
    """Whether this server can make PDFs: the pages say so beside their Word buttons when it cannot."""
    return soffice_path() is not None


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Runs LibreOffice in a process group of its own, so a timeout stops its every process."""
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(f"LibreOffice took longer than {timeout:.0f} seconds") from None
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _profile_dir(soffice: str, timeout: float) -> Path:
    """This process's LibreOffice profile: made at the first conversion, with the macro in its Standard
    library (written after LibreOffice has made the profile, which would otherwise replace the library)."""
    profile = _profile.get(os.getpid())
    if profile is None or not (profile / _MACRO_FILE).exists():  # none yet, or a cleaner removed it
        profile = Path(tempfile.mkdtemp(prefix="pips-office-profile-"))
        atexit.register(shutil.rmtree, profile, ignore_errors=True)
        _run([soffice, "--headless", "--norestore", "--terminate_after_init", _profile_option(profile)], timeout)
        (profile / _MACRO_FILE).parent.mkdir(parents=True, exist_ok=True)
        (profile / _MACRO_FILE).write_text(_MODULE, encoding="utf-8")
        (profile / _MACRO_FILE).with_name("script.xlb").write_text(_LIBRARY, encoding="utf-8")
        _profile[os.getpid()] = profile
    return profile


def _profile_option(profile: Path) -> str:
    return f"-env:UserInstallation={profile.as_uri()}"


def to_pdf(document: Any, *, contents_levels: int = 0) -> bytes:
    """The PDF of `document` (a python-docx Document, saved as it would be downloaded). With
    `contents_levels`, a contents list of the headings to that level, with page numbers, comes first."""
    soffice = soffice_path()
    if soffice is None:
        raise OfficeUnavailable(f"LibreOffice was not found (SOFFICE_PATH={current_app.config['SOFFICE_PATH']!r})")
    # One deadline for waiting for this worker's LibreOffice and for the conversion itself.
    deadline = time.monotonic() + float(current_app.config["OFFICE_TIMEOUT_SECONDS"])
    if not _lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
        raise ConversionFailed("Another PDF was being made for longer than the timeout")
    try:
        with tempfile.TemporaryDirectory(prefix="pips-pdf-") as folder:
            source, target = Path(folder) / "document.docx", Path(folder) / "document.pdf"
            document.save(source)
            macro = f'macro:///Standard.Pdf.Export("{source}","{target}",{int(contents_levels)})'
            profile = _profile_dir(soffice, _time_left(deadline))
            command = [soffice, "--headless", "--norestore", "--nologo", _profile_option(profile), macro]
            try:
                result = _run(command, _time_left(deadline))
            except ConversionFailed:
                _discard(profile)  # a LibreOffice stopped midway may leave its profile locked
                raise
            if not target.exists():
                log.error("LibreOffice made no PDF (exit %s): %s %s", result.returncode, result.stdout, result.stderr)
                _discard(profile)
                raise ConversionFailed(f"LibreOffice made no PDF (exit {result.returncode})")
            return target.read_bytes()
    finally:
        _lock.release()


def _time_left(deadline: float) -> float:
    """The seconds left before `deadline`; none left is a conversion that took too long."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise ConversionFailed("LibreOffice took longer than the timeout")
    return left


def _discard(profile: Path) -> None:
    """Forget this process's profile and remove it: the next conversion makes a new one."""
    _profile.pop(os.getpid(), None)
    shutil.rmtree(profile, ignore_errors=True)


def pdf_download(make_pdf: Any, filename: str, word_url: str) -> Any:
    """The download of the PDF `make_pdf()` makes (with `to_pdf`), or, when this server cannot make one, a page
    that says so and links to the Word version (503), never an error without words."""
    if not pdf_available():
        return _no_pdf(
            "This server cannot make PDFs",
            "LibreOffice, which makes them, is not installed here. Ask the administrator to install it, or "
            "download the Word version and save it as a PDF.",
            word_url,
        )
    try:
        return attachment(make_pdf(), filename, PDF)
    except (OfficeUnavailable, ConversionFailed) as error:
        log.error("No PDF for %s: %s", filename, error)
        return _no_pdf(
            "The PDF could not be made: try again",
            "LibreOffice did not finish making it. The Word version is ready to download.",
            word_url,
        )


def _no_pdf(title: str, body: str, word_url: str) -> Any:
    link = {"href": word_url, "text": "Download the Word version", "after": ""}
    context = {"status": 503, "title": title, "paragraphs": [body], "link": link, "refresh_token_url": None}
    return render_template("errors/error.html", **context), 503
