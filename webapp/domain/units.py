"""Units of measure, PI levels, and how a value is written with its unit."""
from .words import Word

from .rating import rounded


class Unit(Word):
    PERCENT = "percent"
    NUMBER = "number"
    DAYS = "days"
    CURRENCY = "currency"
    RATIO = "ratio"

    @property
    def label(self):
        return {"percent": "Percent (%)", "number": "Number", "days": "Days",
                "currency": "Currency (£)", "ratio": "Ratio"}[self.value]


class Level(Word):
    CORPORATE = "corporate"
    SERVICE = "service"

    @property
    def label(self):
        return "Corporate KPI" if self is Level.CORPORATE else "Service PI"


def format_number(value, places: int = 0) -> str:
    """A number rounded to `places`, with thousands separators: 12,345.6"""
    if value is None:
        return ""
    return f"{rounded(value, places):,}"


def format_value(value, unit: Unit, places: int = 0) -> str:
    """A value with its unit, as a committee paper writes it: 91.2%, £18,000.00, 12.5 days."""
    if value is None:
        return ""
    number = format_number(value, places)
    unit = Unit(unit)
    if unit is Unit.PERCENT:
        return f"{number}%"
    if unit is Unit.CURRENCY:
        return f"-£{number[1:]}" if number.startswith("-") else f"£{number}"
    if unit is Unit.DAYS:
        return f"{number} day" if number == "1" else f"{number} days"
    return number
