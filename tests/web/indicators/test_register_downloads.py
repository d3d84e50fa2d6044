"""The PI register as CSV and Excel (docs/rating.md#downloading-the-register): every PI the filters select."""

import csv
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import openpyxl
import pytest

from tests.querycount import count_queries
from webapp.domain.periods import financial_year
from webapp.domain.units import Unit

YEAR = financial_year(date(2026, 9, 30))


def csv_rows(response):
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(StringIO(body[1:])))


def xlsx_rows(response):
    book = openpyxl.load_workbook(BytesIO(response.get_data()))
    return [[cell.value for cell in row] for row in book.active.iter_rows()], book.active


@pytest.fixture
def register(make_indicator, make_service):
    waste, housing = make_service("Waste"), make_service("Housing")
    return {
        "green": make_indicator(
            code="WR01",
            name="Bins collected",
            service=waste,
            target=Decimal(90),
            financial_year=YEAR,
            scores=[(date(2026, 8, 31), Decimal("88.25")), (date(2026, 9, 30), Decimal("91.25"))],
        ),
        "red": make_indicator(
            code="HS01",
            name='=HYPERLINK("http://evil.example","Click")',
            service=housing,
            unit=Unit.CURRENCY,
            decimal_places=0,
            target=Decimal(1000),
            financial_year=YEAR,
            scores=[(date(2026, 9, 30), Decimal(500))],
        ),
        "inactive": make_indicator(code="OLD1", name="@SUM(1)", service=housing, active=False),
        "waste": waste,
    }


def test_the_csv_holds_every_pi_with_its_latest_score_target_rag_and_direction(client, login_as, register):
    login_as("member")
    response = client.get("/indicators/register.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="performance-indicators-{date.today().isoformat()}.csv"'
    header, *rows = csv_rows(response)
    assert header[:3] == ["Code", "Name", "Service"] and "RAG rating" in header
    assert [row[0] for row in rows] == ["HS01", "WR01"]  # by service then code; inactive left out
    waste = dict(zip(header, rows[1]))
    assert waste["Latest score"] == "91.25" and waste["Target"] == "90" and waste["Latest period end"] == "2026-09-30"
    assert (waste["RAG rating"], waste["Against previous period"]) == ("Green", "Improving")
    assert dict(zip(header, rows[0]))["RAG rating"] == "Red"


def test_a_cell_that_looks_like_a_formula_is_written_as_text(client, login_as, register):
    login_as("member")
    header, *rows = csv_rows(client.get("/indicators/register.csv?inactive=y"))
    names = {row[0]: row[1] for row in rows}
    assert names["HS01"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert names["OLD1"] == "'@SUM(1)"
    values, sheet = xlsx_rows(client.get("/indicators/register.xlsx?inactive=y"))
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert cells["HS01"].data_type == "s" and cells["HS01"].value.startswith("=HYPERLINK")
    assert cells["OLD1"].data_type == "s" and cells["OLD1"].quotePrefix


def test_the_downloads_follow_the_lists_filters(client, login_as, register):
    login_as("member")
    waste = register["waste"]
    assert [row[0] for row in csv_rows(client.get(f"/indicators/register.csv?service={waste.id}"))[1:]] == ["WR01"]
    assert [row[0] for row in csv_rows(client.get("/indicators/register.csv?rag=red"))[1:]] == ["HS01"]
    assert [row[0] for row in csv_rows(client.get("/indicators/register.csv?inactive=y"))[1:]] == [
        "HS01",
        "OLD1",
        "WR01",
    ]
    assert len(csv_rows(client.get("/indicators/register.csv?service=nonsense&page=3"))) == 3  # ignored, as on the list
    html = client.get(f"/indicators/?service={waste.id}&rag=green&page=1").get_data(as_text=True)
    assert f'href="/indicators/register.xlsx?service={waste.id}&amp;rag=green"' in html
    assert f'href="/indicators/register.csv?service={waste.id}&amp;rag=green"' in html


def test_the_workbook_keeps_numbers_and_dates_as_excel_does(client, login_as, register):
    login_as("member")
    response = client.get("/indicators/register.xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    values, sheet = xlsx_rows(response)
    header = values[0]
    waste = dict(zip(header, values[2]))
    assert waste["Latest score"] == 91.25 and waste["Target"] == 90
    assert waste["Latest period end"].date() == date(2026, 9, 30)
    assert sheet.freeze_panes == "A2"
    row = {cell.column_letter: cell for cell in sheet[3]}
    assert row["J"].number_format == "#,##0.0"


@pytest.mark.parametrize(
    "url",
    ["/indicators/register.csv", "/indicators/import/scores/template.csv", "/indicators/import/targets/template.csv"],
)
def test_every_csv_download_names_its_charset_once(client, login_as, register, url):
    """Werkzeug adds a charset to a text type that names none: it once said "charset=utf-8" twice."""
    login_as("performance")
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_downloads_need_a_signed_in_user(client):
    assert client.get("/indicators/register.csv").status_code == 302


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_queries_do_not_grow_with_the_number_of_pis(client, login_as, make_indicator, make_service, kind):
    login_as("member")
    service = make_service("Housing")
    pis = []

    def cost(count):
        while len(pis) < count:
            pis.append(
                make_indicator(
                    code=f"Q{len(pis):03d}",
                    service=service,
                    target=Decimal(50),
                    financial_year=YEAR,
                    scores=[(date(2026, 9, 30), Decimal(40))] if len(pis) % 2 else (),
                )
            )
        with count_queries() as statements:
            response = client.get(f"/indicators/register.{kind}")
        assert response.status_code == 200
        return len(statements)

    assert cost(10) == cost(200)
