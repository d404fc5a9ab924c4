import pytest

from teenlab.datapackage.services import package_import, package_read_and_validate
from tests.datapackage.helpers import base, image, write_csv_folder


class Packages:
    """Writes packages under a test's temporary folder and runs them through the services."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.count = 0

    def folder(self, tables=None):
        self.count += 1
        return write_csv_folder(
            self.tmp_path / f"pkg{self.count}", base() if tables is None else tables
        )

    def validate(self, tables=None, **kwargs):
        return package_read_and_validate(source=self.folder(tables), **kwargs)

    def load(self, tables=None, **kwargs):
        return package_import(source=self.folder(tables), **kwargs)


@pytest.fixture
def packages(tmp_path):
    return Packages(tmp_path)


@pytest.fixture
def with_logos_project(packages):
    """The base package loaded, with a logo for the programme, the funder and both partners."""
    from teenlab.core.logos import logo_png, logo_store
    from teenlab.core.models import Organisation

    result = packages.load()
    assert result.ok, [str(issue) for issue in result.errors]
    project = result.loaded
    for target, colour in (
        ({"owner": "programme", "project": project, "organisation": None}, "red"),
        ({"owner": "funder", "project": project, "organisation": None}, "blue"),
        ({"owner": "organisation", "organisation": Organisation.objects.get(code="CHY")}, "green"),
        ({"owner": "organisation", "organisation": Organisation.objects.get(code="PIN")}, "gold"),
    ):
        logo_store(target=target, png=logo_png(image(colour)), by=None)
    return project
