"""Property-based: whatever people type into the template's cells, the Word reader gives a plan or says what
is wrong, quickly, and never raises; the pip/v1 document made of it is one the pip/v1 checks can judge
(docs/word-import.md#errors)."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.pips import word_plans
from webapp.exports.pip_docx_document import Register, plan_document
from webapp.exports.pip_docx_reading import read_word_plan
from webapp.exports.pip_json_reading import validate

# Text as people paste it: dates and numbers of every form, references, separators, control characters
# (python-docx refuses those, so they are left out of what is written), other scripts, long runs.
PIECES = [
    "30/09/2026",
    "31/02/2026",
    "Sept 2026",
    "30.09.26",
    "E1",
    "I2",
    "S1",
    "S106",
    "91.2%",
    "£18,000",
    "-",
    "•",
    "–",
    ":",
    ", ",
    "As at",
    "minute",
    "Approves S1.",
    "None recorded.",
    "Final entry: the plan is complete.",
    "مؤشر",
    "1" * 50,
    "a" * 300,
    "\n",
    "\t",
    " ",
]
typed = st.lists(
    st.sampled_from(PIECES) | st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=20),
    max_size=12,
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.lists(typed, min_size=12, max_size=12))
def test_whatever_is_typed_in_the_cells_is_read_or_refused_quickly(cells):
    builder = word_plans.classic()
    tables = builder.document.tables
    places = [(1, 3, 3), (1, 4, 1), (2, 0, 1), (2, 1, 1), (3, 0, 1), (4, 1, 0), (4, 1, 1), (4, 1, 2), (5, 1, 1)]
    places += [(6, 1, 0), (6, 1, 1), (6, 1, 2)]
    for (table, row, column), text in zip(places, cells):
        tables[table].cell(row, column).text = text
    started = time.perf_counter()
    plan = read_word_plan(builder.bytes())
    completed = plan_document(plan, Register(bodies=[("CMT", "cmt")]))
    validate(completed.document)
    assert time.perf_counter() - started < 5
