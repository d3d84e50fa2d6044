"""Each package imports on its own, whatever is imported first: the PIP, papers and export modules
import one another, and a cycle only shows when one of them is the first thing imported."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIRST_IMPORTS = [
    "webapp",
    "webapp.pips",
    "webapp.pips.printed",
    "webapp.papers",
    "webapp.papers.item",
    "webapp.papers.printed",
    "webapp.exports.papers_docx",
    "webapp.demo",
    "webapp.pips.cli",
    "webapp.papers.cli",
]


@pytest.mark.parametrize("module", FIRST_IMPORTS)
def test_the_module_imports_first_in_a_fresh_interpreter(module):
    result = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
