"""The path traversal of issue 7, point 2, replayed: a project coded ``X/../../../../tmp/victim``
exported as zip once overwrote, then deleted, ``/tmp/victim.zip``."""

import pytest
from django.db import connection
from django.urls import reverse

from teenlab.core.models import Project
from tests.factories import ProjectFactory, UserFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's pragma lifts the code's CHECK constraint"
)
def test_an_export_never_writes_outside_its_own_folder(client, tmp_path):
    victim = tmp_path / "victim.zip"
    victim.write_bytes(b"keep me")
    # As if the code had been stored before the pattern existed: the database refuses it now.
    code = "X/" + "../" * 40 + str(victim.with_suffix("")).lstrip("/")
    project = ProjectFactory()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            Project.objects.filter(pk=project.pk).update(code=code)
        finally:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
    login(client, UserFactory(username="root", is_superuser=True, is_staff=True))

    response = client.get(reverse("datapackage:package_export"), {"project": code, "format": "zip"})

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert victim.read_bytes() == b"keep me"
    disposition = response["Content-Disposition"]
    assert "/" not in disposition and 'filename="teenlab-X_.._' in disposition
