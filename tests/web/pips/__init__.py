"""Web tests of the pips area (webapp/pips/)."""
