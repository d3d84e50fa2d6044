"""Who the council's directory says a person is (webapp/domain/directory.py), and the settings checked at start."""

import pytest

from webapp import create_app
from webapp.domain.directory import NotAccepted, person_from_claims, read_group_mapping
from webapp.domain.roles import Role

READ = {"email_claim": "email", "groups_claim": "groups", "trust_unverified_email": False}


def test_a_person_is_their_verified_email_in_lower_case_their_name_and_groups():
    person = person_from_claims(
        {"email": " Pat@Council.Example ", "email_verified": True, "name": "Pat Jones", "groups": ["a", 7, "b"]},
        **READ,
    )
    assert (person.email, person.name, person.groups) == ("pat@council.example", "Pat Jones", {"a", "b"})


def test_a_person_without_a_name_is_called_by_their_address():
    assert person_from_claims({"email": "pat@council.example", "email_verified": True}, **READ).name == "pat"


@pytest.mark.parametrize("claims", [{}, {"email": 42}, {"email": "not-an-address"}, {"email": "  "}])
def test_no_usable_email_is_refused(claims):
    with pytest.raises(NotAccepted, match="did not tell us your e-mail"):
        person_from_claims({**claims, "email_verified": True}, **READ)


def test_another_claim_can_carry_the_email():
    read = {**READ, "email_claim": "preferred_username", "trust_unverified_email": True}
    assert person_from_claims({"preferred_username": "pat@council.example"}, **read).email == "pat@council.example"


def test_an_explicitly_unverified_email_is_refused_even_when_unverified_ones_are_trusted():
    with pytest.raises(NotAccepted, match="not been verified"):
        person_from_claims(
            {"email": "p@c.example", "email_verified": False}, **{**READ, "trust_unverified_email": True}
        )


def test_the_group_mapping_gives_roles_and_services_and_knows_what_it_manages():
    mapping = read_group_mapping('{"g1": ["cmt", "clerk"], "g2": ["member"]}', '{"g3": ["Planning"]}')
    assert mapping.roles_for(["g1", "x"]) == {Role.CMT, Role.CLERK}
    assert mapping.managed_roles == {Role.CMT, Role.CLERK, Role.MEMBER}
    assert mapping.services_for(["g3"]) == {"Planning"} == mapping.managed_services
    assert read_group_mapping("", "").managed_roles == frozenset()
    committees = read_group_mapping("", "", '{"g4": ["Development Committee"], "g5": ["Resources Committee"]}')
    assert committees.committees_for(["g4", "g3"]) == {"Development Committee"}
    assert committees.managed_committees == {"Development Committee", "Resources Committee"}
    assert mapping.managed_committees == frozenset()


@pytest.mark.parametrize(
    "roles, services, words",
    [
        ("{not json", "", "not JSON"),
        ('["cmt"]', "", "JSON object of a group"),
        ('{"g": "cmt"}', "", "JSON object of a group"),
        ('{"g": ["boss"]}', "", '"boss" is not a role'),
        ("", '{"g": [""]}', "JSON object of a group"),
    ],
)
def test_a_mistyped_mapping_says_what_is_wrong(roles, services, words):
    with pytest.raises(ValueError, match=words):
        read_group_mapping(roles, services)


@pytest.mark.parametrize("committees", ["{not json", '["Development Committee"]', '{"g": "Development Committee"}'])
def test_a_mistyped_committees_mapping_says_what_is_wrong(committees):
    with pytest.raises(ValueError, match="not JSON|JSON object of a group"):
        read_group_mapping("", "", committees)


@pytest.mark.parametrize(
    "settings, words",
    [
        ({"OIDC_ISSUER": "https://login.example/tenant/v2.0"}, "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET"),
        ({"PASSWORD_SIGN_IN": False}, "nobody could sign in"),
        (
            {"OIDC_ISSUER": "https://x", "OIDC_CLIENT_ID": "a", "OIDC_CLIENT_SECRET": "b", "OIDC_GROUP_ROLES": "[]"},
            "OIDC_GROUP_ROLES, OIDC_GROUP_SERVICES or OIDC_GROUP_COMMITTEES is not right",
        ),
    ],
)
def test_settings_that_cannot_work_stop_the_app_at_start(settings, words):
    with pytest.raises(RuntimeError, match=words):
        create_app({"TESTING": True, "SECRET_KEY": "k", "DATABASE_URL": "sqlite:///:memory:", **settings})
