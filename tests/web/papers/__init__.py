"""Web tests of the papers area (webapp/papers/)."""
