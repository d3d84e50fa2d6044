"""WTForms form classes, one module per area. Forms never touch the database."""
