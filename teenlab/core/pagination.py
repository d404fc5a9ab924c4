"""A paginator that counts a long list only up to a point (issue 14, target 3)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most ``cap`` + 1 rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``): a search
    matching most of a network's hundred thousand young people costs a few thousand rows read,
    not the table. Past ``cap``, ``capped`` is True and the page says "more than ``cap``"
    instead of a count nobody reads; the rows past ``cap`` + 1 are found by refining the
    search."""

    def __init__(self, object_list: QuerySet, per_page: int, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = object_list
        self.cap = cap

    @cached_property
    def count(self) -> int:
        # Unordered: which rows are counted does not matter, and the database stops early.
        return self.rows.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
