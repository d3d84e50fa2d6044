"""The PI list a hundred at a time, with pagination links that keep the filters."""

from datetime import date


def test_the_pi_list_shows_a_hundred_pis_a_page(client, login_as, make_indicator, make_service):
    login_as("member")
    service = make_service("Housing")
    for n in range(130):
        make_indicator(code=f"P{n:03d}", service=service, target=90.0, scores=[(date(2026, 10, 31), 80.0)])
    first = client.get("/indicators/").get_data(as_text=True)
    assert "130 performance indicators" in first and "(1 to 100 shown)" in first
    assert "P099" in first and "P100" not in first
    assert f'href="/indicators/?service={service.id}&amp;page=2"' in client.get(
        f"/indicators/?service={service.id}"
    ).get_data(as_text=True)
    second = client.get("/indicators/?page=2").get_data(as_text=True)
    assert "P100" in second and "P129" in second and "(101 to 130 shown)" in second
    assert 'aria-current="page">2<' in second
    assert "P129" in client.get("/indicators/?page=99").get_data(as_text=True)  # beyond the end: the last page


def test_one_page_needs_no_pagination(client, login_as, make_indicator):
    login_as("member")
    make_indicator(code="ONE1")
    html = client.get("/indicators/").get_data(as_text=True)
    assert "govuk-pagination" not in html and "ONE1" in html
