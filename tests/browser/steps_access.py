"""Browser steps of subject access and the information notice (issue 12, points 4 and 5), for
composed browser tests.

- ``subject_access_download(page, server, *, youth_id, fmt) -> bytes``: a coordinator or
  counsellor opens the youth's page and clicks "Ses données (PDF)" (``fmt="pdf"``) or
  "Ses données (JSON)" (``fmt="json"``); returns the downloaded file's bytes.
- ``notice_open(page, server, *, lang=None) -> str``: opens the information notice from the
  login page's link (``lang=None``, logged in or not) or at ``/privacy/notice/<lang>/``;
  returns the version the page shows (its ``data-version``).
"""

from __future__ import annotations

# A PDF of a long record takes WeasyPrint a few seconds, more on a busy machine.
DOWNLOAD_TIMEOUT_MS = 120_000


def subject_access_download(page, server, *, youth_id: int, fmt: str) -> bytes:
    page.goto(f"{server.url}/youth/{youth_id}/")
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as download:
        page.locator(f"#subject-access-{fmt}").click(no_wait_after=True)
    return download.value.path().read_bytes()


def notice_open(page, server, *, lang: str | None = None) -> str:
    if lang is None:
        page.goto(f"{server.url}/login/")
        page.locator("#notice-link").click()
    else:
        page.goto(f"{server.url}/privacy/notice/{lang}/")
    notice = page.locator("#notice")
    notice.wait_for()
    return notice.get_attribute("data-version") or ""
