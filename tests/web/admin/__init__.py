"""Web tests of the admin area (webapp/admin/)."""
