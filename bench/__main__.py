"""python -m bench [name ...]: run the named benchmarks (all when none is named)."""
import logging
import sys

from . import pip_page, register_pages, row_actions

BENCHMARKS = {"pip-page": pip_page.run, "register": register_pages.run, "row-actions": row_actions.run}


def main(names):
    logging.disable(logging.INFO)
    for name in names or BENCHMARKS:
        BENCHMARKS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
