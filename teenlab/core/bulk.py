"""Bulk writes for large imports: PostgreSQL's COPY instead of ``bulk_create``, and foreign keys
checked in one pass instead of one row at a time.

``bulk_create`` on PostgreSQL sends its rows as parameters of an INSERT, converted one by one,
and gets the ids back; COPY streams them, and the ids are reserved from the table's sequence
first. Other databases get ``bulk_create``. No signal is sent either way (as ``bulk_create``)."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any, TypeVar

from django.db import connection, connections, models

M = TypeVar("M", bound=models.Model)
BATCH = 5000


def copy_available() -> bool:
    """Whether this database takes COPY (PostgreSQL)."""
    return connection.vendor == "postgresql"


def ids_reserve(model: type[models.Model], count: int) -> list[int]:
    """``count`` new ids of ``model``'s table, taken from its sequence (PostgreSQL)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(
    model: type[models.Model],
    columns: list[str],
    rows: Iterable[Iterable[Any]],
    *,
    every: int = BATCH,
    done: Callable[[int], None] | None = None,
) -> int:
    """COPY ``rows`` (values ready for the database, in the order of the model fields'
    ``columns``) into ``model``'s table; ``done(rows so far)`` now and then. Returns the rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        iterator = iter(rows)
        while batch := list(islice(iterator, every)):
            for row in batch:
                copy.write_row(row)
            count += len(batch)
            if done is not None:
                done(count)
    return count


def bulk_insert(
    model: type[M],
    objects: Iterable[M],
    *,
    batch_size: int = 2000,
    done: Callable[[int], None] | None = None,
) -> list[M]:
    """Insert unsaved ``objects`` of ``model`` and give them their ids, as ``bulk_create``
    does (fields' ``pre_save`` included): with COPY on PostgreSQL."""
    objs = list(objects)
    if not objs:
        return objs
    if not copy_available():
        created = model._default_manager.bulk_create(objs, batch_size=batch_size)
        if done is not None:
            done(len(created))
        return created
    missing = [obj for obj in objs if obj.pk is None]
    for obj, pk in zip(missing, ids_reserve(model, len(missing)), strict=True):
        obj.pk = pk
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    database = connections[connection.alias]  # not the proxy: a lookup less per value
    steps = [(field.pre_save, field.get_db_prep_save) for field in fields]

    def rows() -> Iterator[list]:
        for obj in objs:
            yield [prepare(pre_save(obj, True), database) for pre_save, prepare in steps]
            obj._state.adding = False
            obj._state.db = database.alias

    copy_rows(model, [field.column for field in fields], rows(), done=done)
    return objs


def statistics_refresh(*models_written: type[models.Model]) -> None:
    """ANALYZE the tables just written (PostgreSQL), inside the transaction: its own rows count.

    Without it the planner still sees the tables as they were before a large COPY (empty, for
    a first import) and reads the whole attendance table for each batch of slots that follows
    (the ledger, the totals): minutes instead of seconds."""
    if not copy_available():
        return
    with connection.cursor() as cursor:
        for model in models_written:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@contextmanager
def foreign_keys_checked_after(model: type[models.Model]) -> Iterator[None]:
    """Inside a transaction on PostgreSQL: the table's foreign keys are dropped, and added back
    when the block ends, ``NOT VALID`` then validated, each in one pass over the table instead
    of one check per row written (the keys are Django's, deferred to the commit).

    DDL is transactional: if anything fails before the commit, the keys are as they were.
    ALTER TABLE holds the table (and those it refers to) for the rest of the transaction: the
    readers of those tables wait for the commit."""
    if not connection.in_atomic_block:
        raise RuntimeError("foreign_keys_checked_after needs a transaction")
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        # The checks pending in the transaction now, else ALTER TABLE refuses the table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = %s::regclass ORDER BY conname",
            [table],
        )
        keys = cursor.fetchall()
        for name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for name, definition in keys:
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition} NOT VALID")
            cursor.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {quoted}")
