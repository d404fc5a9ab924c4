"""The logos in the data package (issue 9, point 1; docs/data-package.md, "Logos"): an optional
``logos`` table naming image files of a ``logos/`` folder, checked as an upload is."""

import csv
import hashlib
import io
import zipfile

import pytest
from django.core.management import call_command
from django.utils import translation
from PIL import Image

from teenlab.core.logos import logo_png
from teenlab.core.models import AuditEntry, Logo, Organisation, Project
from teenlab.datapackage.ownership import NOT_YOURS
from teenlab.datapackage.scoped import organisation_package_tables
from teenlab.datapackage.services import package_import
from teenlab.datapackage.writers import package_write
from tests.datapackage.helpers import base, found, image, logos_of, write_csv_folder, write_xlsx
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(with_logos_project):
    return with_logos_project


def with_logos(folder, files: dict[str, bytes]):
    (folder / "logos").mkdir()
    for name, data in files.items():
        (folder / "logos" / name).write_bytes(data)
    return folder


def logo_package(tmp_path, rows, files, *, name="pkg"):
    tables = base()
    tables["logos"] = rows
    return with_logos(write_csv_folder(tmp_path / name, tables), files)


def test_a_package_with_logos_imports_them_checked_and_re_encoded(tmp_path):
    jpeg = image("purple", kind="JPEG")
    source = logo_package(
        tmp_path,
        [
            {"owner": "programme", "file": "alcotra.png"},
            {"owner": "CHY", "file": "chy.jpg", "sha256": hashlib.sha256(jpeg).hexdigest()},
        ],
        {"alcotra.png": image("red"), "chy.jpg": jpeg},
    )
    result = package_import(source=source)
    assert result.ok, [str(issue) for issue in result.errors]
    assert result.counts["logos"] == 2
    project = result.loaded
    programme = Logo.objects.get(project=project, owner="programme")
    assert Image.open(io.BytesIO(bytes(programme.image))).format == "PNG"
    assert programme.sha256 == hashlib.sha256(bytes(programme.image)).hexdigest()
    chambery = Logo.objects.get(organisation__code="CHY")
    assert chambery.sha256 == hashlib.sha256(logo_png(jpeg)).hexdigest()
    # Each logo is journaled (its SHA-256, never its bytes).
    journaled = AuditEntry.objects.filter(model="core.logo", action=AuditEntry.Action.CREATE)
    assert {entry.after["sha256"] for entry in journaled} == {programme.sha256, chambery.sha256}


def test_a_package_without_logos_table_leaves_the_logos_as_they_are(project, packages):
    before = logos_of(project)
    again = packages.load(replace=True)
    assert again.ok, [str(issue) for issue in again.errors]
    assert logos_of(again.loaded) == before


def test_a_logos_table_is_the_projects_programme_and_funder_logos(project, tmp_path):
    """A replace with a logos table: the programme's and the funder's are the table's (one it
    leaves out is removed); an organisation's logo is never removed by an import."""
    new = image("black")
    source = logo_package(tmp_path, [{"owner": "programme", "file": "p.png"}], {"p.png": new})
    result = package_import(source=source, replace=True)
    assert result.ok, [str(issue) for issue in result.errors]
    after = logos_of(project)
    assert after.keys() == {"programme", "CHY", "PIN"}
    assert after["programme"] == hashlib.sha256(logo_png(new)).hexdigest()


def test_bad_logos_are_errors_of_their_row_and_nothing_is_written(tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    good = image("red")
    source = logo_package(
        tmp_path,
        [
            {"owner": "programme", "file": "logo.svg"},
            {"owner": "funder", "file": "absent.png"},
            {"owner": "NOPE", "file": "good.png"},
            {"owner": "CHY", "file": "good.png", "sha256": "0" * 64},
            {"owner": "PIN", "file": "../youth.csv"},
        ],
        {"logo.svg": svg, "good.png": good, "stray.png": good},
    )
    result = package_import(source=source)
    assert not result.ok
    assert found(result, "bad_logo") == [("logos", 2, "file", "logo.svg")]
    assert found(result, "missing_logo_file") == [("logos", 3, "file", "absent.png")]
    assert found(result, "unknown_logo_owner") == [("logos", 4, "owner", "NOPE")]
    assert found(result, "logo_sha256_differs") == [("logos", 5, "sha256", "0" * 64)]
    assert found(result, "bad_logo_file") == [("logos", 6, "file", "../youth.csv")]
    assert found(result, "unused_logo_file", warnings=True) == [
        ("logos", None, None, "logos/stray.png")
    ]
    # The message says what was expected, translated (French here, the source language).
    (bad,) = [issue for issue in result.errors if issue.code == "bad_logo"]
    assert "PNG ou JPEG" in str(bad)
    with translation.override("it"):
        assert "PNG o JPEG" in str(bad) and "logos, riga 2" in str(bad)
    assert not Project.objects.exists()
    assert not Logo.objects.exists()


def test_a_zip_cannot_reach_outside_its_logos_folder_nor_hold_a_huge_logo(tmp_path):
    folder = write_csv_folder(
        tmp_path / "src", {**base(), "logos": [{"owner": "programme", "file": "big.png"}]}
    )
    path = tmp_path / "package.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, file.name)
        # A zip bomb: 3 MB of zeros compressed to a few kilobytes, refused by its stated size
        # before anything is decoded.
        archive.writestr("logos/big.png", b"\0" * (3 * 1024 * 1024))
        for name in ("logos/../project.csv", "logos/sub/x.png", "logos/..", "/logos/x.png"):
            archive.writestr(name, image("red"))
    result = package_import(source=path)
    assert not result.ok
    assert found(result, "bad_logo") == [("logos", 2, "file", "big.png")]
    assert sorted(found(result, "bad_logo_path")) == sorted(
        ("logos", None, None, name)
        for name in ("logos/../project.csv", "logos/sub/x.png", "logos/..")
    )
    assert found(result, "unknown_file") == [("/logos/x.png", None, None, "/logos/x.png")]
    assert not Project.objects.exists()


def test_a_folders_logos_may_not_be_links(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(image("red"))
    source = logo_package(tmp_path, [{"owner": "programme", "file": "link.png"}], {})
    (source / "logos" / "link.png").symlink_to(outside)
    result = package_import(source=source)
    assert found(result, "bad_logo_path") == [("logos", None, None, "logos/link.png")]
    assert found(result, "missing_logo_file") == [("logos", 2, "file", "link.png")]


def test_a_workbook_leaves_the_logos_out_and_says_so(project, tmp_path):
    out = io.StringIO()
    call_command("export", str(tmp_path / "export.xlsx"), stdout=out)
    assert "  youth: 3\n" in out.getvalue() and "  logos:" not in out.getvalue()
    assert "Un classeur .xlsx ne porte pas les logos" in out.getvalue()
    tables = base()
    tables["logos"] = [{"owner": "programme", "file": "p.png"}]
    source = write_xlsx(tmp_path / "in.xlsx", tables)
    before = logos_of(project)
    result = package_import(source=source, replace=True)
    assert result.ok, [str(issue) for issue in result.errors]
    assert found(result, "logos_in_workbook", warnings=True) == [("logos", None, None, "logos")]
    assert logos_of(project) == before


def test_an_organisations_export_carries_the_project_logos_and_its_own(project, tmp_path):
    tables = organisation_package_tables(
        project=project, organisation=Organisation.objects.get(code="PIN")
    )
    package_write(tables=tables, destination=tmp_path / "pin")
    with (tmp_path / "pin" / "logos.csv").open(encoding="utf-8", newline="") as handle:
        owners = [row["owner"] for row in csv.DictReader(handle)]
    assert sorted(owners) == ["PIN", "funder", "programme"]
    assert sorted(path.name for path in (tmp_path / "pin" / "logos").iterdir()) == [
        "funder.png",
        "organisation-PIN.png",
        "programme.png",
    ]


def test_only_the_lead_partner_changes_the_logos_by_import(project, tmp_path):
    """A partner's coordinator carries the logos unchanged (or leaves them out); a changed one
    is refused. The lead partner's coordinator changes the project's and its own."""
    users = {
        code: UserFactory(
            username=code, organisation=Organisation.objects.get(code=code), is_coordinator=True
        )
        for code in ("PIN", "CHY")
    }
    white = logo_png(image("white"))
    for code, user in users.items():
        folder = tmp_path / code
        package_write(
            tables=organisation_package_tables(project=project, organisation=user.organisation),
            destination=folder,
        )
        unchanged = package_import(source=folder, replace=True, by=user)
        assert unchanged.ok, [str(issue) for issue in unchanged.errors]
        (folder / "logos" / "programme.png").write_bytes(white)
        (folder / "logos" / f"organisation-{code}.png").write_bytes(white)
        with (folder / "logos.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        with (folder / "logos.csv").open("w", encoding="utf-8", newline="") as handle:
            handle.write("owner,file\n")  # no sha256 column: the files are compared
            handle.writelines(f"{row['owner']},{row['file']}\n" for row in rows)

    before = logos_of(project)
    refused = package_import(source=tmp_path / "PIN", replace=True, by=users["PIN"])
    assert (
        sorted((i.table, i.value) for i in refused.errors if i.code == NOT_YOURS)
        == [("logos", hashlib.sha256(white).hexdigest())] * 2
    )
    assert logos_of(project) == before

    lead = package_import(source=tmp_path / "CHY", replace=True, by=users["CHY"])
    assert lead.ok, [str(issue) for issue in lead.errors]
    after = logos_of(project)
    sha = hashlib.sha256(white).hexdigest()
    assert (after["programme"], after["CHY"]) == (sha, sha)
    assert (after["funder"], after["PIN"]) == (before["funder"], before["PIN"])
