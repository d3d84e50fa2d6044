"""The plain data the builders read and make: dicts and lists of text, numbers, dates, true/false and None,
as JSON carries them. What each holds is the contract in its builder's docstring (pip_docx.py for a printed
plan, papers_docx.py for printed papers, pip_json.py for a plain plan and pip/v1)."""

from collections.abc import Mapping
from typing import Any, TypeAlias

# Plain data a builder reads: a printed plan or papers, a plain plan, a part of one, or an object read from a file.
Plain: TypeAlias = Mapping[str, Any]
# Plain data a builder makes: a pip/v1 document or a part of it, or a file's data once checked.
PlainDict: TypeAlias = dict[str, Any]
