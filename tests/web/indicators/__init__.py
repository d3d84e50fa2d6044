"""Web tests of the indicators area (webapp/indicators/)."""
