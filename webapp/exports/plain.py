"""The plain data the builders read and make: dicts and lists of text, numbers, dates, true/false and None,
as JSON carries them. What each holds is the contract in its builder's docstring (pip_docx.py for a PIP
snapshot, papers_docx.py for committee papers, pip_json.py for pip/v1)."""
from collections.abc import Mapping
from typing import Any, TypeAlias

# Plain data a builder reads: a snapshot, a part of one, or an object read from a file.
Plain: TypeAlias = Mapping[str, Any]
# Plain data a builder makes: a pip/v1 document or a part of it, or a file's data once checked.
PlainDict: TypeAlias = dict[str, Any]
