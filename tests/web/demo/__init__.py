"""Web tests of the demo data (webapp/demo)."""
