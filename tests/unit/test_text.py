import pytest

from webapp.domain.text import clean_text


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("“Smart quotes” and ‘apostrophes’ – dashes", "“Smart quotes” and ‘apostrophes’ – dashes"),
        ("non\u00a0breaking space", "non\u00a0breaking space"),
        ("Bins 🗑️ emptied 👍🏽", "Bins 🗑️ emptied 👍🏽"),
        ("نفايات المنزل", "نفايات المنزل"),
        ("שלום", "שלום"),
        ("line\x0bbreak from Word", "line\nbreak from Word"),
        ("windows\r\nline\rends", "windows\nline\nends"),
        ("bell\x07 null\x00 escape\x1b", "bell null escape"),
        ("c1\x85next", "c1\nnext"),
        ("override\u202eevil\u202c text", "overrideevil text"),
        ("  padded  ", "padded"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # escaped on output, not mangled
        ("lone \ud800 surrogate", "lone  surrogate"),
    ],
)
def test_printable_text_is_kept_and_the_rest_cleaned(typed, stored):
    assert clean_text(typed) == stored


def test_single_line_text_folds_line_breaks_and_tabs():
    assert clean_text("one\x0btwo\tthree", multiline=False) == "one two three"


def test_none_stays_none():
    assert clean_text(None) is None
