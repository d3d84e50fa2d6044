"""The import contracts (pyproject.toml, `make lint`) name every module that adds routes, so a new view
module cannot import another area's views unnoticed."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _view_modules():
    for path in sorted((ROOT / "webapp").rglob("*.py")):
        if "@bp.route" in path.read_text():
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_every_module_with_routes_is_named_in_its_areas_contract():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    named = {module for contract in contracts if "views" in contract["name"] for module in contract["source_modules"]}
    assert set(_view_modules()) - named == set(), "run scripts/view-contracts to name them"
