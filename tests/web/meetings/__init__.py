"""Web tests of the meetings register (webapp/meetings.py)."""
