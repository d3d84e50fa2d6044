"""Web tests of the Exceptions report (webapp/exceptions_report.py)."""
