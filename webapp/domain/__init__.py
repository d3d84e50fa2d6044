"""Pure domain logic: no Flask, no peewee. Unit-tested with plain values."""
