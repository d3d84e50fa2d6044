"""pip/v1's words are the domain's: each choice the format writes and reads is its enum's values, in the
enum's order, and those values are pinned here, since a file written today must still import tomorrow.

Renaming an enum's value changes the published format: this test then fails, on purpose."""

import pytest

from webapp.domain.limits import LONG_TEXT
from webapp.domain.periods import Frequency
from webapp.domain.pips import SOLUTION_PREFIX, CommentRole, Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.domain.rating import Polarity
from webapp.domain.units import Unit
from webapp.exports import pip_json


@pytest.mark.parametrize(
    "vocabulary, word, published",
    [
        (pip_json.STATUSES, PipStatus, ("draft", "live", "completed", "withdrawn")),
        (pip_json.KINDS, FactorKind, ("external", "internal")),
        (pip_json.DURATIONS, Duration, ("temporary", "long_term")),
        (pip_json.POLARITIES, Polarity, ("higher_is_better", "lower_is_better")),
        (pip_json.UNITS, Unit, ("percent", "number", "days", "currency", "ratio")),
        (pip_json.FREQUENCIES, Frequency, ("monthly", "quarterly", "annual")),
        (pip_json.RESOURCING, Resourcing, ("within_service", "extra_funding")),
        (pip_json.SOLUTION_STATUSES, SolutionStatus, ("proposed", "approved", "not_approved", "in_place")),
        (pip_json.ROLES, CommentRole, ("head_of_service", "cmt", "omt", "members")),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_each_vocabulary_is_its_enum_and_the_published_values(vocabulary, word, published):
    assert vocabulary == tuple(member.value for member in word)
    assert vocabulary == published


def test_references_take_the_domain_prefixes():
    assert (
        pip_json.KIND_PREFIX == {kind.value: kind.prefix for kind in FactorKind} == {"external": "E", "internal": "I"}
    )
    assert SOLUTION_PREFIX == "S"
    assert not hasattr(pip_json, "SOLUTION_PREFIX")  # one definition, in webapp/domain/pips.py


def test_the_long_text_limit_is_the_domain_one():
    from forms.pips import details
    from webapp.exports import pip_json_checker

    assert pip_json_checker.LONG_TEXT is LONG_TEXT and details.LONG_TEXT is LONG_TEXT
