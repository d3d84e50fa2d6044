"""The password rules (docs/users-and-permissions.md#password-rules): length, the common list, the person's
e-mail; no composition rules."""

import pytest

from webapp.domain.passwords import (
    IS_EMAIL,
    TOO_COMMON,
    TOO_LONG,
    TOO_SHORT,
    common_passwords,
    password_problem,
)


def test_the_vendored_list_is_read_whole():
    passwords = common_passwords()
    assert len(passwords) > 19_000
    assert {"password", "123456", "qwerty123456", "1q2w3e4r5t6y"} <= passwords


@pytest.mark.parametrize(
    "password, problem",
    [
        ("", TOO_SHORT),
        ("elevenchars", TOO_SHORT),
        ("x" * 1025, TOO_LONG),
        ("qwerty123456", TOO_COMMON),
        ("QWERTY123456", TOO_COMMON),  # the list is lower-case; so is the comparison
        ("1q2w3e4r5t6y", TOO_COMMON),
        ("ada.lovelace@example.org", IS_EMAIL),
        ("Ada.Lovelace", IS_EMAIL),  # the part before the @ too
        ("ada.lovelace.1", None),
        ("correct horse battery", None),  # spaces count and are allowed
        ("alllowercaseletters", None),  # no composition rules
        ("twelve chars", None),
        ("x" * 1024, None),
        ("ünïcödé pässwörd", None),
    ],
)
def test_the_rules(password, problem):
    assert password_problem(password, "Ada.Lovelace@example.org") == problem


def test_the_local_part_of_the_email_is_refused():
    assert password_problem("ada.lovelace.council", "ada.lovelace.council@example.org") == IS_EMAIL
    assert password_problem("ada.lovelace.council") is None
