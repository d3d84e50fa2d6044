"""The accessibility statement (docs/accessibility.md): public, linked from every page's footer, in the GOV.UK
sample statement's structure, with the council's name and contact from its configuration."""

import pytest

SECTIONS = [
    "Accessibility statement for Performance Improvement Plans",
    "How accessible this service is",
    "Feedback and contact information",
    "Reporting accessibility problems with this service",
    "Enforcement procedure",
    "Technical information about this service's accessibility",
    "Compliance status",
    "Non-accessible content",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def test_the_statement_is_public_and_in_the_sample_statements_structure(client, db):
    page = client.get("/accessibility/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    positions = [html.find(f">{section}<") for section in SECTIONS]
    assert -1 not in positions, [s for s, p in zip(SECTIONS, positions) if p == -1]
    assert positions == sorted(positions)
    assert "partially compliant" in html and "axe-core" in html and "JavaScript switched off" in html
    assert "only the keyboard" in html


def test_the_councils_name_and_contact_come_from_the_configuration(app, client, db):
    app.config.update(
        COUNCIL_NAME="Ambridge Borough Council",
        ACCESSIBILITY_CONTACT_EMAIL="access@ambridge.example",
        ACCESSIBILITY_CONTACT_PHONE="01632 960 001",
        ACCESSIBILITY_RESPONSE_DAYS=10,
    )
    html = client.get("/accessibility/").get_data(as_text=True)
    assert "This service is run by Ambridge Borough Council." in html
    assert 'href="mailto:access@ambridge.example"' in html and "call 01632 960 001" in html
    assert "get back to you in 10 working days" in html


def test_no_telephone_line_when_none_is_set(client, db):
    assert "call " not in client.get("/accessibility/").get_data(as_text=True)


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_links_to_it_from_the_footer(client, login_as, signed_in):
    if signed_in:
        login_as("member")
    for url in ["/sign-in", "/forgotten-password", "/accessibility/"] + (["/", "/account/"] if signed_in else []):
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        footer = html[html.index('<footer class="govuk-footer">') :]
        assert 'href="/accessibility/">Accessibility statement</a>' in footer, url
