"""A PI's code (webapp/domain/pi_codes.py, docs/rating.md#indicators): the PI form's and the imports' one rule."""

import pytest

from webapp.domain.pi_codes import CODE_RULE, code_problem, pi_code


@pytest.mark.parametrize("typed, kept", [("WR01", "WR01"), (" wr01 ", "WR01"), ("hs 03/b.1_x-2", "HS 03/B.1_X-2")])
def test_a_code_is_kept_in_capitals(typed, kept):
    assert pi_code(typed) == kept and code_problem(kept) is None


@pytest.mark.parametrize("typed", ["<script>x</script>", "<b>X</b>", "-WR01", "_WR01", "WR01!", "WR\u00c901", "W\nR01"])
def test_a_code_of_anything_else_is_refused_by_the_rule(typed):
    assert code_problem(pi_code(typed)) == CODE_RULE


def test_a_line_break_after_a_code_is_not_part_of_it():
    assert code_problem("WR01\n") == CODE_RULE


def test_a_code_whose_capitals_are_longer_than_the_limit_is_refused():
    assert pi_code("stra\u00dfe" * 3) == "STRASSE" * 3
    assert code_problem(pi_code("stra\u00dfe" * 3)) == "must be 20 characters or fewer"
