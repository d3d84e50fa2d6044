"""python -m bench [name ...]: run the named benchmarks (all when none is named)."""

import logging
import sys

from . import (
    fixed_cost,
    papers_download,
    pdf_export,
    pip_page,
    register_pages,
    row_actions,
    score_import,
    search,
    word_export,
)
from .report import summary

BENCHMARKS = {
    "fixed-cost": fixed_cost.run,
    "pip-page": pip_page.run,
    "register": register_pages.run,
    "row-actions": row_actions.run,
    "word": word_export.run,
    "papers-download": papers_download.run,
    "pdf": pdf_export.run,
    "score-import": score_import.run,
    "search": search.run,
}


def main(names):
    logging.disable(logging.INFO)
    for name in names or BENCHMARKS:
        BENCHMARKS[name]()
    summary()


if __name__ == "__main__":
    main(sys.argv[1:])
