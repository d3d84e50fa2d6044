"""The PIP area's forms: one module per part of the plan, as in webapp/pips/."""
