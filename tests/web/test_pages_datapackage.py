"""Import a data package from the web (review every error first, then confirm) and export one."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teenlab.core.models import Project
from teenlab.datapackage.services import package_import
from teenlab.participants.models import Youth
from tests.datapackage.helpers import base, write_xlsx, write_zip
from tests.factories import OrganisationFactory, ProjectFactory, ProjectPartnerFactory, UserFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def chambery(db):
    """A coordinator of CHY, the lead partner of the test package's project TL."""
    organisation = OrganisationFactory(
        code="CHY",
        name="Ville de Chambéry",
        country="FR",
        city="Chambéry",
        email="contact@chambery.fr",
    )
    return UserFactory(username="chy", organisation=organisation, is_coordinator=True)


def _zip(tmp_path, tables, name="paquet.zip"):
    return SimpleUploadedFile(name, write_zip(tmp_path / name, tables).read_bytes())


def _upload(client, upload):
    return client.post(reverse("datapackage:package_import_start"), {"package": upload})


def _chambery_only():
    """The test package without its other partner: what a coordinator may create alone."""
    tables = base()
    tables["organisations"] = tables["organisations"][:1]
    for name in ("youth", "budget", "expenses", "info_sessions"):
        tables[name] = [row for row in tables[name] if row.get("organisation") == "CHY"]
    for name in ("enrolments", "attendance"):
        tables[name] = [row for row in tables[name] if row["youth"] != "Y3"]
    return tables


def _broken():
    tables = base()
    tables["youth"][0]["birth_date"] = "04/05/2003"
    tables["enrolments"][0]["status"] = "fini"
    return tables


def test_a_broken_package_shows_every_error_in_a_table_and_writes_nothing(
    client, chambery, tmp_path
):
    login(client, chambery)
    response = _upload(client, _zip(tmp_path, _broken()))
    assert response.status_code == 302
    review = client.get(response["Location"])
    assert review.status_code == 200
    html = review.content.decode()
    assert 'id="import-errors-table"' in html and 'id="import-has-errors"' in html
    errors = review.context["review"].errors
    assert {(e.table, e.column, e.value) for e in errors} >= {
        ("youth", "birth_date", "04/05/2003"),
        ("enrolments", "status", "fini"),
    }
    for issue in errors:
        assert issue.value in html
    assert '<th scope="col">' in html
    assert 'id="import-confirm-form"' not in html
    # Even a forged confirmation writes nothing.
    assert client.post(response["Location"], {}).status_code == 200
    assert not Project.objects.filter(code="TL").exists()
    assert not Youth.objects.exists()


def test_a_valid_package_is_written_only_after_confirmation(client, chambery, tmp_path, settings):
    login(client, chambery)
    response = _upload(client, _zip(tmp_path, _chambery_only()))
    review_url = response["Location"]
    review = client.get(review_url)
    assert 'id="import-valid"' in review.content.decode()
    assert 'id="import-confirm-form"' in review.content.decode()
    assert not Project.objects.filter(code="TL").exists()
    stored = list((settings.TEENLAB_HOME / "uploads").glob("*/*.zip"))
    assert len(stored) == 1

    done = client.post(review_url, {})
    assert done.status_code == 302 and done["Location"] == review_url  # the worker loads it
    project = Project.objects.get(code="TL")
    assert Youth.objects.filter(project=project).count() == len(_chambery_only()["youth"])
    assert not list((settings.TEENLAB_HOME / "uploads").glob("*/*.zip"))
    finished = client.get(review_url, follow=True)
    assert "a été importé" in finished.content.decode()
    assert client.get(review_url).status_code == 404  # the token is spent


def test_an_xlsx_workbook_is_accepted_too(client, chambery, tmp_path):
    login(client, chambery)
    path = write_xlsx(tmp_path / "paquet.xlsx", _chambery_only())
    response = _upload(client, SimpleUploadedFile("paquet.xlsx", path.read_bytes()))
    assert client.get(response["Location"]).context["review"].ok


def test_replacing_a_project_needs_a_confirmation_naming_it(client, chambery, tmp_path):
    source = write_zip(tmp_path / "first.zip", base())
    assert package_import(source=source).ok
    tables = base()
    tables["project"][0]["name"] = "TEEN LAB, deuxième version"
    login(client, chambery)
    review_url = _upload(client, _zip(tmp_path, tables))["Location"]
    review = client.get(review_url)
    html = review.content.decode()
    assert 'id="import-replace-warning"' in html
    label = review.context["form"].fields["replace"].label
    assert "TL" in label and "TEEN LAB" in label

    refused = client.post(review_url, {})
    assert refused.status_code == 200
    assert "Cochez cette case" in refused.content.decode()
    assert Project.objects.get(code="TL").name == "TEEN LAB"

    assert client.post(review_url, {"replace": "on"}).status_code == 302
    assert Project.objects.get(code="TL").name == "TEEN LAB, deuxième version"


def test_a_coordinator_whose_organisation_is_not_in_the_package_may_not_import_it(
    client, cast, tmp_path
):
    login(client, cast.coordinator)
    review_url = _upload(client, _zip(tmp_path, base()))["Location"]
    review = client.get(review_url)
    assert 'id="import-refused"' in review.content.decode()
    client.post(review_url, {})
    assert not Project.objects.filter(code="TL").exists()


def test_a_coordinator_may_not_make_another_organisation_a_partner_of_a_new_project(
    client, chambery, tmp_path
):
    OrganisationFactory(code="PIN", name="Comune di Pinerolo")
    tables = base()
    tables["organisations"][1]["name"] = "Pinerolo (piraté)"
    login(client, chambery)
    review_url = _upload(client, _zip(tmp_path, tables))["Location"]
    review = client.get(review_url)
    html = review.content.decode()
    assert 'id="import-has-errors"' in html and 'id="import-confirm-form"' not in html
    errors = {(e.table, e.value, e.code) for e in review.context["review"].errors}
    assert ("organisations", "PIN", "not_yours") in errors
    assert client.post(review_url, {}).status_code == 200
    assert not Project.objects.filter(code="TL").exists()


def test_two_imports_at_once_the_second_is_told_so(client, chambery, tmp_path):
    import threading

    from django.db import connection

    from teenlab.datapackage.locks import import_lock

    held, done = threading.Event(), threading.Event()

    def other_import():  # another process's import of TL, on its own connection
        try:
            with import_lock(code="TL"):
                held.set()
                done.wait(60)
        finally:
            connection.close()

    login(client, chambery)
    review_url = _upload(client, _zip(tmp_path, _chambery_only()))["Location"]
    thread = threading.Thread(target=other_import)
    thread.start()
    try:
        assert held.wait(60)
        response = client.post(review_url, {})
    finally:
        done.set()
        thread.join(60)
    assert response.status_code == 302  # the worker tried, and the page says what happened
    page = client.get(review_url).content.decode()
    assert 'id="import-failed"' in page
    assert "un autre import du projet TL est en cours" in page
    assert not Project.objects.filter(code="TL").exists()
    # The failed upload is deleted (issue 7, point 13); sent again, it goes through.
    again = _upload(client, _zip(tmp_path, _chambery_only(), name="encore.zip"))["Location"]
    client.post(again, {})
    assert Project.objects.filter(code="TL").exists()


def test_a_partner_of_the_package_may_not_replace_a_project_it_is_not_part_of(
    client, chambery, tmp_path
):
    other = ProjectFactory(code="TL", name="Un autre projet")
    ProjectPartnerFactory(project=other, organisation=OrganisationFactory(code="ELSE"))
    login(client, chambery)
    review_url = _upload(client, _zip(tmp_path, base()))["Location"]
    assert 'id="import-refused"' in client.get(review_url).content.decode()
    client.post(review_url, {"replace": "on"})
    assert Project.objects.get(code="TL").name == "Un autre projet"


def test_the_uploaded_file_belongs_to_the_session_that_sent_it(client, chambery, tmp_path):
    from django.test import Client

    login(client, chambery)
    review_url = _upload(client, _zip(tmp_path, base()))["Location"]
    other = login(Client(), chambery)
    assert other.get(review_url).status_code == 404
    assert other.post(review_url, {}).status_code == 404
    assert not Project.objects.filter(code="TL").exists()


def test_a_file_of_another_kind_or_too_large_is_refused(client, chambery, settings):
    login(client, chambery)
    response = _upload(client, SimpleUploadedFile("notes.txt", b"hello"))
    assert response.status_code == 200
    assert ".zip" in response.content.decode()
    settings.TEENLAB_IMPORT_MAX_MB = 0
    response = _upload(client, SimpleUploadedFile("paquet.zip", b"PK" + b"0" * 100))
    assert response.status_code == 200
    assert "limite" in response.content.decode()
    assert not (settings.TEENLAB_HOME / "uploads").exists() or not list(
        (settings.TEENLAB_HOME / "uploads").iterdir()
    )


def test_a_corrupt_archive_is_an_error_not_a_traceback(client, chambery):
    login(client, chambery)
    response = _upload(client, SimpleUploadedFile("paquet.zip", b"not a zip at all"))
    review = client.get(response["Location"])
    assert review.status_code == 200
    assert review.context["review"].errors_total == 1
    assert 'id="import-has-errors"' in review.content.decode()


def test_cancelling_deletes_the_uploaded_file(client, chambery, tmp_path, settings):
    login(client, chambery)
    review_url = _upload(client, _zip(tmp_path, base()))["Location"]
    token = review_url.rstrip("/").rsplit("/", 1)[-1]
    response = client.post(reverse("datapackage:package_import_cancel", args=[token]))
    assert response.status_code == 302
    assert not (settings.TEENLAB_HOME / "uploads" / token).exists()
    assert client.get(review_url).status_code == 404


def _export(client, project, fmt="zip") -> bytes:
    response = client.get(
        reverse("datapackage:package_export"), {"project": project.code, "format": fmt}
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_coordinator_exports_a_valid_package_of_their_organisation_only(
    client, chambery, tmp_path
):
    tables = base()
    pinerolo_youth = {
        "code": "YP",
        "organisation": "PIN",
        "first_name": "Giulia",
        "last_name": "Bianchi",
        "gender": "f",
        "received_on": "2021-09-03",
    }
    tables["youth"].append(pinerolo_youth)
    assert package_import(source=write_zip(tmp_path / "in.zip", tables)).ok
    project = Project.objects.get(code="TL")
    login(client, chambery)
    content = _export(client, project)
    exported = tmp_path / "out.zip"
    exported.write_bytes(content)
    with zipfile.ZipFile(exported) as archive:
        youth_csv = archive.read("youth.csv").decode()
        assert "Giulia" not in youth_csv and "YP" not in youth_csv
        assert tables["youth"][0]["first_name"] in youth_csv
        assert "PIN" in archive.read("organisations.csv").decode()
    # The part is a package of its own: it validates.
    from teenlab.datapackage.services import package_read_and_validate

    assert package_read_and_validate(source=exported, replace=True).ok


def test_a_superuser_exports_the_whole_project(client, chambery, tmp_path):
    tables = base()
    tables["youth"].append(
        {
            "code": "YP",
            "organisation": "PIN",
            "first_name": "Giulia",
            "last_name": "Bianchi",
            "gender": "f",
        }
    )
    assert package_import(source=write_zip(tmp_path / "in.zip", tables)).ok
    login(client, UserFactory(username="root", is_superuser=True, is_staff=True))
    content = _export(client, Project.objects.get(code="TL"))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "Giulia" in archive.read("youth.csv").decode()


@pytest.mark.parametrize("fmt,first", [("zip", b"PK"), ("xlsx", b"PK")])
def test_a_coordinator_exports_their_project(client, cast, fmt, first):
    login(client, cast.coordinator)
    response = client.get(
        reverse("datapackage:package_export"), {"project": cast.project.code, "format": fmt}
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(first)
    assert f"teenlab-{cast.project.code}.{fmt}" in response["Content-Disposition"]
    if fmt == "zip":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert "project.csv" in archive.namelist()
            rows = csv.DictReader(io.StringIO(archive.read("youth.csv").decode()))
            codes = {row["code"] for row in rows}
            assert cast.pupil.code in codes
            assert cast.stranger.code not in codes


def test_a_project_of_other_organisations_is_not_exportable(client, cast):
    elsewhere = ProjectFactory(code="AILLEURS")
    login(client, cast.coordinator)
    response = client.get(
        reverse("datapackage:package_export"), {"project": elsewhere.code, "format": "zip"}
    )
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "ne pouvez pas" in response.content.decode()


@pytest.mark.parametrize("role", ["partner", "auditor", "trainer", "counsellor"])
def test_other_roles_may_not_export(client, cast, role):
    login(client, getattr(cast, role))
    response = client.get(
        reverse("datapackage:package_export"), {"project": cast.project.code, "format": "zip"}
    )
    assert response.status_code == 403


def test_the_upload_form_still_needs_its_csrf_token(chambery, tmp_path, settings):
    from django.test import Client

    client = login(Client(enforce_csrf_checks=True), chambery)
    response = _upload(client, _zip(tmp_path, base()))
    assert response.status_code == 403
    assert not (settings.TEENLAB_HOME / "uploads").exists() or not list(
        (settings.TEENLAB_HOME / "uploads").iterdir()
    )


def test_a_file_over_the_limit_is_not_stored(client, chambery, tmp_path, settings):
    settings.TEENLAB_IMPORT_MAX_MB = 1
    login(client, chambery)
    big = SimpleUploadedFile("paquet.zip", b"PK" + b"0" * (1024 * 1024 + 10))
    response = _upload(client, big)
    assert response.status_code == 200
    assert "dépasse la limite de 1 Mo" in response.content.decode()
    assert not (settings.TEENLAB_HOME / "uploads").exists() or not list(
        (settings.TEENLAB_HOME / "uploads").iterdir()
    )


def test_the_attack_replayed_a_coordinators_export_replaced_from_the_web_keeps_the_partner(
    client, chambery, tmp_path
):
    """Issue 7, point 1: Chambéry's coordinator exported the project and imported it back with
    "replace"; Pinerolo's youth, cohorts, budget and expenses are still there."""
    from teenlab.finance.models import BudgetLine, Expense
    from teenlab.training.models import Cohort

    tables = base()
    tables["cohorts"].append(
        {
            "code": "CP",
            "organisation": "PIN",
            "name": "Sessione Pinerolo",
            "start_date": "2022-01-10",
            "end_date": "2022-03-31",
        }
    )
    tables["expenses"].append(
        {
            "organisation": "PIN",
            "category": "cross_border",
            "date": "2022-05-02",
            "amount_eur": "800",
            "label": "Pullman",
        }
    )
    assert package_import(source=write_zip(tmp_path / "in.zip", tables)).ok

    def pinerolo():
        return (
            sorted(Youth.objects.filter(organisation__code="PIN").values_list("pk", "code")),
            sorted(Cohort.objects.filter(organisation__code="PIN").values_list("pk", "code")),
            BudgetLine.objects.filter(organisation__code="PIN").count(),
            Expense.objects.filter(organisation__code="PIN").count(),
        )

    before = pinerolo()
    assert all(before)
    login(client, chambery)
    exported = _export(client, Project.objects.get(code="TL"))
    upload = SimpleUploadedFile("teenlab-TL.zip", exported)
    review_url = _upload(client, upload)["Location"]
    assert client.get(review_url).context["review"].ok
    assert client.post(review_url, {"replace": "on"}).status_code == 302
    assert pinerolo() == before
