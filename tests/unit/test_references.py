"""Factor and solution references (webapp/domain/pips.py): the one order every list of them is put in."""

from webapp.domain.pips import reference, reference_number, reference_order


def test_references_sort_by_letter_then_number():
    refs = ["I2", "E10", "S3", "E2", "I1", "S12", "E1"]
    assert sorted(refs, key=reference_order) == ["E1", "E2", "E10", "I1", "I2", "S3", "S12"]


def test_a_reference_and_its_number():
    assert reference("S", 12) == "S12"
    assert reference_number("S12", "S") == 12
    assert reference_number("E12", "S") is None
    assert reference_order(reference("E", 7)) == ("E", 7)
