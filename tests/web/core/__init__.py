"""Web tests of what every area shares (webapp/core): errors, backups, query counting."""
