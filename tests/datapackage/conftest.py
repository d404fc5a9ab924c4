import pytest

from teenlab.datapackage.services import package_import, package_read_and_validate
from tests.datapackage.helpers import base, write_csv_folder


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
