"""Web tests of the auth area (webapp/auth/)."""
