"""LibreOffice and poppler for tests: convert a .docx to PDF as an office suite would open it, then
read the PDF's text and page count. These tests never skip: a missing tool fails them, naming it."""

import atexit
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

INSTALL_HINT = "apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation poppler-utils"
_profile = None


def _command(name, fallback):
    found = shutil.which(name) or (fallback if Path(fallback).exists() else None)
    if not found:
        pytest.fail(f"{name} is not installed; these tests need it ({INSTALL_HINT})", pytrace=False)
    return found


def _profile_url():
    """One throwaway LibreOffice profile per test run: never the user's own, and made only once (~1 s)."""
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
        atexit.register(shutil.rmtree, _profile, ignore_errors=True)
    return _profile.as_uri()


def to_pdf(docx_path, out_dir):
    """Convert with headless LibreOffice; returns the PDF's path. Fails with LibreOffice's own output."""
    soffice = _command("soffice", "/usr/bin/soffice")
    docx_path, out_dir = Path(docx_path), Path(out_dir)
    result = subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={_profile_url()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = out_dir / f"{docx_path.stem}.pdf"
    if result.returncode != 0 or not pdf.exists():
        pytest.fail(
            f"LibreOffice could not convert {docx_path.name} (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return pdf


def pdf_text(pdf):
    """The PDF's text laid out as on the page; pages are separated by form feeds (\\f)."""
    pdftotext = _command("pdftotext", "/usr/bin/pdftotext")
    return subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def pdf_pages(pdf):
    pdfinfo = _command("pdfinfo", "/usr/bin/pdfinfo")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def pdf_image_count(pdf):
    """How many pictures the PDF's pages draw (poppler's `pdfimages -list`: a line per picture drawn,
    after two heading lines; a picture's transparency is a line of type "smask", not counted)."""
    pdfimages = _command("pdfimages", "/usr/bin/pdfimages")
    listing = subprocess.run(
        [pdfimages, "-list", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return sum(1 for line in listing.splitlines()[2:] if line.split()[2] == "image")
