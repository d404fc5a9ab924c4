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
