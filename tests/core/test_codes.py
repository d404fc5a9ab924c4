"""Codes follow one pattern, checked at import, in every form and by the database itself
(issue 7, point 2: a project coded ``X/../../../../tmp/victim`` once deleted a file by export)."""

import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.forms import modelform_factory
from hypothesis import given
from hypothesis import strategies as st

from teenlab.activities.models import Event, Exchange
from teenlab.core.codes import CODE_EXPECTED, CODE_INVALID, existing_codes_check, is_code
from teenlab.core.models import Organisation, Project, ResidenceZone
from teenlab.datapackage.services import package_import, package_read_and_validate
from teenlab.participants.models import InfoSession, Youth
from teenlab.training.models import Cohort, Module, Slot
from tests import factories as f
from tests.datapackage.helpers import base, write_csv_folder

GOOD = ["J001", "C21-DC-001", "a", "0", "x.y_z-1", "A" * 64, "TEENLAB"]
BAD = [
    "X/../../../../tmp/victim",
    "..",
    ".hidden",
    "-rf",
    "_x",
    "",
    "C 21",
    "CITTÀ",  # letters are ASCII letters: no look-alike of another alphabet either
    "\u0408001",  # a Cyrillic Je, not a J
    "J001\n",
    "J001/",
    "a\\b",
    "=1+1",
    "A" * 65,
]

FIELDS = {
    Organisation: ("code", f.OrganisationFactory),
    Project: ("code", f.ProjectFactory),
    ResidenceZone: ("zone", f.ResidenceZoneFactory),
    InfoSession: ("code", f.InfoSessionFactory),
    Youth: ("code", f.YouthFactory),
    Cohort: ("code", f.CohortFactory),
    Module: ("code", f.ModuleFactory),
    Slot: ("code", f.SlotFactory),
    Exchange: ("code", f.ExchangeFactory),
    Event: ("code", f.EventFactory),
}
MODELS = pytest.mark.parametrize("model", FIELDS, ids=lambda model: model.__name__)


def test_the_pattern():
    assert all(is_code(code) for code in GOOD)
    assert not any(is_code(code) for code in BAD)


@given(st.text(max_size=80))
def test_a_code_never_names_a_path_outside_its_folder(text):
    if is_code(text):
        assert "/" not in text and "\\" not in text and not text.startswith(".")
        assert text.isascii() and text.strip() == text and 1 <= len(text) <= 64


@MODELS
@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD, ids=repr)
def test_the_database_refuses_a_bad_code(model, bad):
    field, factory = FIELDS[model]
    obj = factory()
    before = getattr(obj, field)
    # update() runs no Python validation: only the database stands in the way (its CHECK
    # constraint; PostgreSQL's varchar(64) answers first for a longer code).
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        model.objects.filter(pk=obj.pk).update(**{field: bad})
    assert getattr(model.objects.get(pk=obj.pk), field) == before


@MODELS
@pytest.mark.django_db
def test_the_database_takes_a_good_code(model):
    field, factory = FIELDS[model]
    obj = factory()
    for good in GOOD:
        model.objects.filter(pk=obj.pk).update(**{field: good})
        assert getattr(model.objects.get(pk=obj.pk), field) == good


@MODELS
@pytest.mark.parametrize("bad", ["X/../../../../tmp/victim", "C 21", "CITTÀ"])
def test_every_form_refuses_a_bad_code(model, bad):
    """A ModelForm, as the web pages and the admin build them, checks the field's validator."""
    field, _factory = FIELDS[model]
    form = modelform_factory(model, fields=[field])(data={field: bad})
    assert not form.is_valid()
    assert form.errors[field] == [str(CODE_INVALID)]


@pytest.mark.django_db
def test_the_youth_page_refuses_a_bad_code(client):
    from django.urls import reverse

    from tests.web.conftest import login

    organisation = f.OrganisationFactory()
    project = f.ProjectFactory()
    f.ProjectPartnerFactory(project=project, organisation=organisation)
    coordinator = f.UserFactory(organisation=organisation, is_coordinator=True)
    login(client, coordinator)
    response = client.post(
        reverse("participants:youth_create"),
        {"code": "../../etc/passwd", "first_name": "Léa", "last_name": "Martin", "gender": "f"},
    )
    assert response.status_code in (200, 422)
    assert str(CODE_INVALID) in response.content.decode()
    assert not Youth.objects.exists()


@pytest.mark.django_db
def test_an_import_names_each_bad_code(tmp_path):
    tables = base()
    tables["project"][0]["code"] = "X/../../../../tmp/victim"
    tables["youth"][0]["code"] = "J 001"
    folder = write_csv_folder(tmp_path / "package", tables)
    validation = package_read_and_validate(source=folder)
    assert not validation.ok
    bad = [
        (issue.table, issue.row, issue.column, issue.value, str(issue.expected))
        for issue in validation.errors
        if issue.code == "bad_code"
    ]
    assert ("project", 2, "code", "X/../../../../tmp/victim", str(CODE_EXPECTED)) in bad
    assert ("youth", 2, "code", "J 001", str(CODE_EXPECTED)) in bad
    assert package_import(source=folder).ok is False
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_a_bad_residence_zone_is_an_import_error(tmp_path):
    tables = base()
    tables["residence_zones"][0]["zone"] = "centre ville"
    folder = write_csv_folder(tmp_path / "package", tables)
    validation = package_read_and_validate(source=folder)
    assert [(i.table, i.column, i.value) for i in validation.errors] == [
        ("residence_zones", "zone", "centre ville")
    ]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's pragma lifts CHECK constraints")
def test_the_migration_lists_stored_codes_that_break_the_pattern():
    from django.apps import apps

    project = f.ProjectFactory()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            Project.objects.filter(pk=project.pk).update(code="bad code")
        finally:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
    check = existing_codes_check(("core", "Project", "code"), ("core", "Organisation", "code"))
    with pytest.raises(RuntimeError, match=f"core_project id={project.pk} code='bad code'"):
        check(apps, connection.schema_editor())
