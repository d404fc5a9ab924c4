"""Browser steps of the data package's logos (issue 9, point 1): a coordinator downloads the
package from the export page and sends one to the import page, as plain functions."""

from pathlib import Path


def _url(server, path: str) -> str:
    return f"{server.url}{path}"


def package_export_download(page, server, *, to: Path, file_format: str = "zip") -> Path:
    """Download the package of the account's project from the export page ("zip" or "xlsx");
    the file is saved at ``to``."""
    page.goto(_url(server, "/data/export/"))
    page.locator("#id_format").select_option(value=file_format)
    with page.expect_download() as download:
        page.locator("#export-download").click()
    download.value.save_as(to)
    return to


def package_import_check(page, server, *, path: Path) -> list[list[str]]:
    """Send the package at ``path`` to the import page and return the rows of its error table
    (table, row, column, value, expected), empty when the package is valid."""
    page.goto(_url(server, "/data/import/"))
    page.get_by_label("Paquet de données").set_input_files(str(path))
    page.locator("#import-check").click()
    page.locator("#import-has-errors, #import-valid").first.wait_for()
    rows = page.locator("#import-errors-table tbody tr")
    return [
        [cell.strip() for cell in row]
        for row in rows.evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText))")
    ]
