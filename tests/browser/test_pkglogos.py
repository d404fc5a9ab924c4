"""The logos in the data package, in the browser (issue 9, point 1): a coordinator's export
carries the programme's and the funder's logos and their organisation's own, as files of a
``logos/`` folder; a package whose logo is not an image is refused, its row named, and nothing
is written."""

import hashlib
import zipfile

from teenlab.core.logos import logo_png, logo_store
from teenlab.core.models import Logo
from tests.browser.steps_pkglogos import package_export_download, package_import_check
from tests.factories import png_image


def test_a_coordinator_exports_the_logos_and_a_bad_one_is_refused(
    page, programme, log_in, server, tmp_path
):
    project = programme.project
    home = programme.coordinator.organisation
    lead = project.partners.get(role="lead_partner").organisation
    stored = {}
    for owner, target, size in (
        ("programme", {"owner": "programme", "project": project, "organisation": None}, 40),
        ("funder", {"owner": "funder", "project": project, "organisation": None}, 30),
        (home.code, {"owner": "organisation", "organisation": home}, 20),
        (lead.code, {"owner": "organisation", "organisation": lead}, 10),
    ):
        stored[owner] = logo_store(target=target, png=logo_png(png_image(size, 8)), by=None).sha256

    log_in(programme.coordinator)
    page.goto(f"{server.url}/data/export/")
    assert "ne porte pas les logos" in page.locator("#export-form").inner_text()
    package = package_export_download(page, server, to=tmp_path / "paquet.zip")
    with zipfile.ZipFile(package) as archive:
        logos = {
            name: hashlib.sha256(archive.read(name)).hexdigest()
            for name in archive.namelist()
            if name.startswith("logos/")
        }
        listed = archive.read("logos.csv").decode()
    # The project's logos and the coordinator's organisation's, never the other partner's.
    assert logos == {
        "logos/programme.png": stored["programme"],
        "logos/funder.png": stored["funder"],
        f"logos/organisation-{home.code}.png": stored[home.code],
    }
    assert lead.code not in listed

    # The same package with the programme's logo swapped for an SVG: refused, row named.
    broken = tmp_path / "paquet-logo.zip"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(broken, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "logos/programme.png":
                data = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
            archive.writestr(name, data)
    errors = package_import_check(page, server, path=broken)
    lines = listed.splitlines()  # the header is row 1, as the error table counts
    row = 1 + lines.index(next(line for line in lines if line.startswith("programme,")))
    assert [r[:4] for r in errors] == [["logos", str(row), "file", "programme.png"]], errors
    assert "PNG ou JPEG" in errors[0][4]
    assert page.locator("#import-confirm").count() == 0
    assert Logo.objects.get(project=project, owner="programme").sha256 == stored["programme"]
