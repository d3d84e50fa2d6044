"""A plan as a PDF (docs/meetings-and-papers.md#pdf), made by a real LibreOffice and read back with poppler and
pypdf; the plan page without LibreOffice; and `export-pip` / `export-papers` writing .pdf files."""

import pytest

import webapp.papers.cli
import webapp.pips.cli
from tests.pdf_reading import read_pdf
from webapp.domain.pips import PipStatus

SECTIONS = ["Section 1", "Section 2", "Section 3", "Section 4", "Section 5", "Section 6"]


@pytest.fixture
def plan(make_pip):
    return make_pip(
        factors=[("external", "Heavy snowfall"), ("internal", "Two vacancies")],
        solutions=[("Agency drivers", ["E1", "I1"])],
        status=PipStatus.LIVE,
    )


def _check_plan(pdf, pip):
    assert pdf.tagged and pdf.language == "en-GB" and pdf.shows_title
    assert pdf.title.startswith("Performance Improvement Plan") and pip.pi_code in pdf.title
    assert "Heavy snowfall" in pdf.text and "Agency drivers" in pdf.text and pdf.pages >= 2
    titles = [title for _, title, _ in pdf.bookmarks]
    assert titles[0].startswith("Performance Improvement Plan")
    assert [title[:9] for title in titles[1:]] == SECTIONS
    pages = [page for _, _, page in pdf.bookmarks]
    assert pages == sorted(pages) and pages[-1] <= pdf.pages


def test_a_plan_as_pdf_for_whoever_may_read_it(client, login_as, plan, tmp_path):
    login_as("hos", services=[plan.service])
    page = client.get(f"/pips/{plan.id}").get_data(as_text=True)
    assert f'href="/pips/{plan.id}/plan.pdf"' in page and "Download PDF" in page
    response = client.get(f"/pips/{plan.id}/plan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="PIP-{plan.pi_code}-')
    _check_plan(read_pdf(response.data, tmp_path), plan)


def test_the_pdf_is_refused_to_whoever_may_not_read_the_plan(client, login_as, make_pip, make_service):
    draft = make_pip(factors=[("external", "Heavy snowfall")])
    login_as("hos", services=[make_service()])  # another service's Head of Service reads no Draft
    assert client.get(f"/pips/{draft.id}/plan.docx").status_code == 403
    assert client.get(f"/pips/{draft.id}/plan.pdf").status_code == 403
    assert client.get("/pips/9999/plan.pdf").status_code == 404


def test_without_libreoffice_the_plan_page_says_so_and_word_still_works(client, app, login_as, plan):
    app.config["SOFFICE_PATH"] = "/nowhere/soffice"
    login_as("performance")
    page = client.get(f"/pips/{plan.id}").get_data(as_text=True)
    assert "plan.pdf" not in page and "No PDF: LibreOffice is not installed on this server" in page
    assert client.get(f"/pips/{plan.id}/plan.docx").status_code == 200
    answer = client.get(f"/pips/{plan.id}/plan.pdf")
    assert answer.status_code == 503 and "This server cannot make PDFs" in answer.get_data(as_text=True)
    assert f'href="/pips/{plan.id}/plan.docx"' in answer.get_data(as_text=True)


@pytest.fixture
def runner(app, db):
    webapp.pips.cli.init_app(app)
    webapp.papers.cli.init_app(app)
    return app.test_cli_runner()


def test_export_pip_writes_a_pdf_when_the_file_ends_pdf(runner, plan, tmp_path):
    out = tmp_path / "plan.PDF"
    result = runner.invoke(args=["export-pip", str(plan.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    _check_plan(read_pdf(out, tmp_path), plan)


def test_export_papers_writes_a_pdf_with_its_contents_list(runner, papers_of_two_plans, tmp_path):
    out = tmp_path / "papers.pdf"
    result = runner.invoke(args=["export-papers", str(papers_of_two_plans.meeting_id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdf = read_pdf(out, tmp_path)
    assert pdf.tagged and pdf.language == "en-GB" and "Vacancy 1" in pdf.text
    top = {title: page for depth, title, page in pdf.bookmarks if depth == 0}
    assert len(top) == 3 and pdf.contents() == top


def test_export_to_pdf_without_libreoffice_says_so(runner, app, plan, tmp_path):
    app.config["SOFFICE_PATH"] = str(tmp_path / "no-soffice")
    out = tmp_path / "plan.pdf"
    result = runner.invoke(args=["export-pip", str(plan.id), "-o", str(out)])
    assert result.exit_code == 1 and "LibreOffice was not found" in result.output and "Traceback" not in result.output
    assert not out.exists()
    word = runner.invoke(args=["export-pip", str(plan.id), "-o", str(tmp_path / "plan.docx")])
    assert word.exit_code == 0 and (tmp_path / "plan.docx").exists()


def test_a_pdf_that_takes_too_long_is_stopped_and_the_next_one_is_made(client, app, login_as, plan, tmp_path):
    """LibreOffice is stopped at OFFICE_TIMEOUT_SECONDS: the user gets a page that says so, with the Word
    version's link (503), and the worker's next PDF is made in a fresh profile."""
    login_as("performance")
    app.config["OFFICE_TIMEOUT_SECONDS"] = 0.01
    answer = client.get(f"/pips/{plan.id}/plan.pdf")
    assert answer.status_code == 503 and "The PDF could not be made" in answer.get_data(as_text=True)
    assert f'href="/pips/{plan.id}/plan.docx"' in answer.get_data(as_text=True)
    app.config["OFFICE_TIMEOUT_SECONDS"] = 120
    again = client.get(f"/pips/{plan.id}/plan.pdf")
    assert again.status_code == 200 and read_pdf(again.data, tmp_path).tagged
