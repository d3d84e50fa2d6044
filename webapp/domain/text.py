"""Cleaning text typed or pasted by users (docs/plans.md#validation-limits).

Printable text is kept exactly as typed: smart quotes, non-breaking spaces, emoji and
right-to-left scripts. What is not printable is cleaned, so that it can never break a page or
a Word export (python-docx refuses C0 control characters).
"""

import re
import unicodedata
from typing import overload

# Word's manual line break (vertical tab), form feed and the Unicode line/paragraph separators
# become ordinary line breaks.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Other C0 and C1 controls (tab and newline are kept), lone surrogates and non-characters.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Explicit bidirectional embeddings, overrides and isolates: unbalanced ones reorder the text
# around them on the page ("Trojan source"); right-to-left letters themselves need none of them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@overload
def clean_text(value: str, multiline: bool = True) -> str: ...
@overload
def clean_text(value: None, multiline: bool = True) -> None: ...


def clean_text(value: str | None, multiline: bool = True) -> str | None:
    """Printable text kept, unprintable text removed, line breaks made uniform, ends trimmed."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value))
    text = _LINE_BREAKS.sub("\n", text)
    text = _UNPRINTABLE.sub("", text)
    text = _BIDI_CONTROLS.sub("", text)
    if not multiline:
        text = " ".join(text.split("\n"))
        text = text.replace("\t", " ")
    return text.strip()
