"""Issue 7, point 4: no database connection survives into a forked gunicorn worker.

``teenlab serve`` checks for pending migrations before gunicorn forks; with ``CONN_MAX_AGE`` that
connection stayed open and every worker inherited the same socket, so that on PostgreSQL one
worker read another's results (500s, timeouts, "the last operation didn't produce records").
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.hashers import make_password

from teenlab.core.models import User

from .realserver import Browser, server_database_url, teenlab_serve

LOGINS = 50
PASSWORD = "a long and correct passphrase"


def _log_in(base_url: str, username: str) -> str:
    """'ok', or what went wrong."""
    try:
        answer = Browser(base_url).log_in(username, PASSWORD)
    except Exception as error:  # a timeout or a dropped connection is an error to count
        return f"{username}: {error!r}"
    if answer.status == 302 and "/login/" not in answer.headers.get("Location", ""):
        return "ok"
    return f"{username}: {answer.status} {answer.body[:200]!r}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_parallel_logins_in_the_first_seconds_after_start_all_succeed(tmp_path):
    hashed = make_password(PASSWORD)  # one hash for all: the test measures the server, not Argon2
    User.objects.bulk_create(
        User(username=f"login-{number:02}", password=hashed) for number in range(LOGINS)
    )
    database_url = server_database_url(tmp_path)
    with teenlab_serve(database_url=database_url, home=tmp_path / "home", workers=4) as server:
        with ThreadPoolExecutor(max_workers=LOGINS) as pool:
            results = list(
                pool.map(lambda number: _log_in(server.url, f"login-{number:02}"), range(LOGINS))
            )
        log = server.output()
    errors = [result for result in results if result != "ok"]
    assert errors == [], "\n".join(errors) + "\n" + log
    assert "Traceback" not in log, log


def test_the_server_closes_connections_before_forking_and_in_each_worker():
    from teenlab.core.management.commands import serve

    options = serve.gunicorn_options(host="127.0.0.1", port=8000, workers=2)
    assert options["post_fork"] is serve.post_fork


def test_the_server_loads_and_warms_the_application_once_before_forking():
    """The first page of each worker (the bilan's charts above all) does not pay for imports."""
    import sys

    from teenlab.core.management.commands import serve
    from teenlab.reporting import charts

    options = serve.gunicorn_options(host="127.0.0.1", port=8000, workers=2)
    assert options["preload_app"] is True
    charts._fonts_registered = False
    application = serve.TeenlabServer(options).load()
    assert callable(application)
    assert charts._fonts_registered
    assert "matplotlib.backends.backend_svg" in sys.modules


def test_the_server_runs_one_worker_per_core_by_default(monkeypatch):
    from teenlab.core.management.commands import serve

    for cores, workers in ((1, 2), (2, 2), (4, 4), (32, 8)):
        monkeypatch.setattr(serve.multiprocessing, "cpu_count", lambda cores=cores: cores)
        assert serve.default_workers() == workers
