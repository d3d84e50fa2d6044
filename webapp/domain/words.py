"""The base of every fixed choice in the domain (statuses, roles, units...)."""

from enum import Enum


class Word(str, Enum):
    """A choice stored and shown by its value: str() and f-strings give "long_term", never
    "Duration.LONG_TERM", so a choice can go straight into a URL, an id or a form."""

    _value_: str

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)
