"""The retention policy's columns of the project table (issue 12, point 3): optional, validated,
loaded and exported; a package without them leaves the default (2 years, no audit date)."""

import datetime as dt

import pytest

from teenlab.core.models import Project
from teenlab.datapackage.services import package_export
from tests.datapackage.helpers import base

pytestmark = pytest.mark.django_db


def with_policy(**values):
    tables = base()
    tables["project"][0].update(values)
    return tables


def test_the_policy_is_loaded_and_exported(packages, tmp_path):
    result = packages.load(with_policy(retention_years="5", audit_retention_until="2031-12-31"))
    assert result.ok, [str(issue) for issue in result.errors]
    project = Project.objects.get(code="TL")
    assert (project.retention_years, project.audit_retention_until) == (5, dt.date(2031, 12, 31))
    assert project.retention_period_years == 5

    folder = tmp_path / "out"
    package_export(project=project, destination=folder)
    header, row = (folder / "project.csv").read_text(encoding="utf-8").splitlines()[:2]
    values = dict(zip(header.split(","), row.split(","), strict=False))
    assert (values["retention_years"], values["audit_retention_until"]) == ("5", "2031-12-31")


def test_a_package_without_them_keeps_the_default(packages):
    assert packages.load(base()).ok
    project = Project.objects.get(code="TL")
    assert project.retention_years is None and project.audit_retention_until is None
    assert project.retention_period_years == 2


@pytest.mark.parametrize("years", ["0", "31", "deux"])
def test_a_wrong_number_of_years_is_refused(packages, years):
    result = packages.load(with_policy(retention_years=years))
    assert not result.ok
    assert {issue.column for issue in result.errors} == {"retention_years"}
