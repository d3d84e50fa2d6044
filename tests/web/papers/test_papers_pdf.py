"""The committee papers as a PDF (docs/meetings-and-papers.md#pdf): made by a real LibreOffice from the Word
papers, read back with poppler and pypdf; and, where LibreOffice is not installed, the page that says so
while the Word papers still download."""

from datetime import date

import pytest
from pypdf import PdfReader

from tests.pdf_reading import read_pdf
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import PipStatus
from webapp.models import AgendaItem, AgendaPip, Body, Factor, Meeting, Pip, PublishedPdf, utcnow
from webapp.papers.item import publish
from webapp.papers.versions import issue_revision, latest_version


@pytest.fixture
def papers(a_and_p, make_pip, make_service, make_user):
    """Published papers of three Live plans, for PIs AA1, BB2 and CC3."""
    item = AgendaItem.create(meeting=a_and_p, item_number="7", contact_officer="Tom Hughes")
    for position, code in enumerate(("AA1", "BB2", "CC3"), 1):
        pip = make_pip(
            service=make_service(f"Service {code}"),
            factors=[("external", f"Snow for {code}")],
            solutions=[(f"Grit for {code}", ["E1"])],
            status=PipStatus.LIVE,
        )
        Pip.update(pi_code=code).where(Pip.id == pip.id).execute()
        AgendaPip.create(item=item, pip=pip, position=position)
    publish(item, make_user("clerk", name="Clare Clerk").id, "Borsetshire District Council")
    return a_and_p


def test_the_papers_pdf_is_tagged_with_bookmarks_title_language_and_a_contents_list(client, login_as, papers, tmp_path):
    login_as("member")
    page = client.get(f"/meetings/{papers.id}/papers/").get_data(as_text=True)
    assert f"/meetings/{papers.id}/papers/download.pdf" in page and "Download PDF" in page

    response = client.get(f"/meetings/{papers.id}/papers/download.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="Audit-and-Performance-Committee-2026-12-10-PIPs.pdf"'
    )
    pdf = read_pdf(response.data, tmp_path)
    assert pdf.tagged and pdf.language == "en-GB" and pdf.shows_title
    assert pdf.title.startswith("Performance Improvement Plans") and "10 December 2026" in pdf.title
    assert "Snow for AA1" in pdf.text and "Grit for CC3" in pdf.text and "Contents" in pdf.text
    assert pdf.pages >= 5

    top = {title: page for depth, title, page in pdf.bookmarks if depth == 0}
    appendices = [title for title in top if title.startswith("Appendix ")]
    assert [title[:10] for title in appendices] == ["Appendix A", "Appendix B", "Appendix C"]
    assert any(title.startswith("Section 1") for _, title, _ in pdf.bookmarks)
    # The contents list names the report and each appendix with the page the bookmark opens.
    contents = pdf.contents()
    assert set(top) <= set(contents), (top, contents)
    assert all(contents[title] == page for title, page in top.items()), (top, contents)
    assert sorted(contents.values()) == list(contents.values()) and contents[appendices[0]] > 1
    for title, page in top.items():
        assert title.split(" – ")[-1][:20] in pdf.text.split("\f")[page - 1], title


def test_without_libreoffice_the_page_says_so_and_the_word_papers_still_download(client, app, login_as, papers):
    app.config["SOFFICE_PATH"] = "/nowhere/libreoffice/soffice"
    login_as("member")
    page = client.get(f"/meetings/{papers.id}/papers/").get_data(as_text=True)
    assert "download.pdf" not in page and "LibreOffice, which makes it, is not installed on this server" in page
    assert client.get(f"/meetings/{papers.id}/papers/download").status_code == 200

    answer = client.get(f"/meetings/{papers.id}/papers/download.pdf")
    assert answer.status_code == 503 and answer.mimetype == "text/html"
    text = answer.get_data(as_text=True)
    assert "This server cannot make PDFs" in text and f'href="/meetings/{papers.id}/papers/download"' in text


def test_the_pdf_is_for_whoever_may_read_the_word_papers(client, login_as, a_and_p):
    """A draft is the clerk's: a Member gets 403 for its PDF as for its Word papers, before anything is made."""
    AgendaItem.create(meeting=a_and_p, item_number="7")
    login_as("member")
    assert client.get(f"/meetings/{a_and_p.id}/papers/download").status_code == 403
    assert client.get(f"/meetings/{a_and_p.id}/papers/download.pdf").status_code == 403
    other = Meeting.create(body=Body.create(name="CMT", kind=BodyKind.CMT), date=date(2026, 12, 11))
    assert client.get(f"/meetings/{other.id}/papers/download.pdf").status_code == 404


def test_the_clerk_downloads_the_draft_as_a_pdf_marked_draft(client, a_and_p, clerk, tmp_path):
    AgendaItem.create(meeting=a_and_p, item_number="7")
    response = client.get(f"/meetings/{a_and_p.id}/papers/download.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('-2026-12-10-PIPs-DRAFT.pdf"')
    pdf = read_pdf(response.data, tmp_path)
    assert "DRAFT" in pdf.text and pdf.tagged and pdf.language == "en-GB"


def test_published_papers_pdf_is_made_once_a_version_and_kept(app, client, make_user, sign_in, papers, tmp_path):
    """docs/meetings-and-papers.md#pdf: the first download makes it; later ones, by anyone, get the same file
    without LibreOffice; a revision is a new version with a PDF of its own."""
    url = f"/meetings/{papers.id}/papers/download.pdf"
    sign_in(make_user("member", name="Cllr First"))
    first = client.get(url)
    assert first.status_code == 200 and PublishedPdf.select().count() == 1
    # Named for the clerk who published them, not for whoever downloaded them first.
    assert "Snow for AA1" in read_pdf(first.data, tmp_path).text  # written to read.pdf
    assert PdfReader(tmp_path / "read.pdf").metadata.author == "Clare Clerk"

    libreoffice = app.config["SOFFICE_PATH"]
    app.config["SOFFICE_PATH"] = "/nowhere/libreoffice/soffice"  # no LibreOffice now: the kept PDF needs none
    sign_in(make_user("performance", name="Pat Officer"))
    again = client.get(url)
    assert again.status_code == 200 and again.mimetype == "application/pdf" and again.data == first.data
    assert again.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    assert "no-store" in again.headers["Cache-Control"]

    item = AgendaItem.get(AgendaItem.meeting == papers.id)
    Factor.update(description="Snow, corrected").where(Factor.description == "Snow for AA1").execute()
    entries = list(AgendaPip.select().where(AgendaPip.item == item).order_by(AgendaPip.position))
    issue_revision(item, entries, make_user("clerk").id, "Appendix A corrected.", False, utcnow())
    assert client.get(url).status_code == 503  # version 2 is not made yet, and cannot be here
    app.config["SOFFICE_PATH"] = libreoffice
    revised = client.get(url)
    assert revised.status_code == 200 and revised.data != first.data
    assert "Snow, corrected" in read_pdf(revised.data, tmp_path).text
    kept = PublishedPdf.select().order_by(PublishedPdf.id)
    assert [pdf.version_id for pdf in kept][-1] == latest_version(item).id and kept.count() == 2
