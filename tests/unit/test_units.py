import pytest

from webapp.domain.units import Unit, format_value


@pytest.mark.parametrize(
    "value, unit, places, text",
    [
        (91.24, Unit.PERCENT, 1, "91.2%"),
        (18000, Unit.CURRENCY, 2, "£18,000.00"),
        (-50, Unit.CURRENCY, 0, "-£50"),
        (12.5, Unit.DAYS, 1, "12.5 days"),
        (1, Unit.DAYS, 0, "1 day"),
        (12345, Unit.NUMBER, 0, "12,345"),
        (1.5, Unit.RATIO, 2, "1.50"),
        (None, Unit.PERCENT, 1, ""),
        (-0.04, Unit.PERCENT, 1, "0.0%"),  # nought has no sign
        (-0.4, Unit.NUMBER, 0, "0"),
        (-0.4, Unit.CURRENCY, 0, "£0"),
        (-0.05, Unit.PERCENT, 1, "-0.1%"),
    ],
)
def test_values_are_written_with_their_unit(value, unit, places, text):
    assert format_value(value, unit, places) == text
