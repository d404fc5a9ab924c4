"""Helpers for the web tests."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def assert_max_queries(limit: int):
    """Fail when the block runs more than ``limit`` queries, printing them all."""
    with CaptureQueriesContext(connection) as context:
        yield context
    count = len(context.captured_queries)
    if count > limit:
        listing = "\n".join(
            f"{n}. {query['sql']}" for n, query in enumerate(context.captured_queries, 1)
        )
        raise AssertionError(f"{count} queries, at most {limit} expected:\n{listing}")


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


def pattern_data(rows, closures=(), **fields):
    """The timetable generator's POST: its pattern rows and closures as formset fields."""
    data = {
        "pattern-TOTAL_FORMS": str(len(rows)),
        "pattern-INITIAL_FORMS": "0",
        "closures-TOTAL_FORMS": str(len(closures)),
        "closures-INITIAL_FORMS": "0",
        **fields,
    }
    for n, row in enumerate(rows):
        data.update({f"pattern-{n}-{key}": value for key, value in row.items()})
    for n, (start, end, label) in enumerate(closures):
        data.update(
            {
                f"closures-{n}-start_date": start,
                f"closures-{n}-end_date": end,
                f"closures-{n}-label": label,
            }
        )
    return data
