"""Names that are unique whatever their case: "Housing" and "housing" are one service, "CMT" and "cmt" one body."""

from peewee import fn


def name_taken(model, name, row_id=None):
    """The name, as saved, of another row of `model` called `name` whatever the case; None when there is none."""
    query = model.select(model.name).where(fn.LOWER(model.name) == name.lower())
    if row_id:
        query = query.where(model.id != row_id)
    taken = query.first()
    return taken.name if taken else None


def name_taken_message(model, taken):
    """The error beside the name field: the name as it is saved, not as it was typed."""
    return f"There is already a {model.__name__.lower()} called {taken}"
