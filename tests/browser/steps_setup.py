"""Browser steps of a project's set-up (issue 9, point 1), for tests that compose them
(tests/browser/test_whole_programme.py). Each drives the real pages with Playwright and returns
once the page has saved (it raises ``AssertionError`` with the page's errors otherwise).

    project_create(page, server, *, code, name, programme, start, end, organisations,
                   call="", cofinancing_total=None) -> None
        As a superuser (the page's session), from a database with no project or more: creates
        the project, then each organisation of ``organisations`` as its partner. An organisation
        is a dict: ``code``, ``name``, ``country`` (``"FR"``), and optionally ``city``,
        ``time_zone`` (``"Europe/Paris"``), ``role`` (``"lead_partner"``, ``"partner"``,
        ``"associated"``; default ``"partner"``), ``cofinancing`` (``"300000"``); with
        ``existing=True`` the organisation already in the database named ``name`` is picked.
        The new project becomes the session's current project.

    rules_set(page, server, *, threshold=None, excused=None, age_bands=None,
              eligible_min=None, eligible_max=None, project=None) -> None
        As a superuser or a coordinator of the lead partner: the project's rules (``None``
        leaves a rule as it is). ``threshold``: percent (70); ``excused``: ``"absent"``,
        ``"attended"`` or ``"excluded"``; ``age_bands``: ``"teenlab"``, ``"esf_plus"`` or
        ``"mission_locale"``; ``eligible_min``/``eligible_max``: ages. ``project``: its name
        (default: the first project the account sets up).

    zones_set(page, server, zones, *, project=None) -> None
        ``zones``: ``[(commune, zone code, zone label), …]``, e.g.
        ``[("Chambéry", "chambery", "Chambéry"), ("Barby", "agglomeration", "Grand Chambéry")]``.

    logo_upload(page, server, *, owner, path, project=None) -> None
        As a superuser or a coordinator of the lead partner: uploads the PNG or JPEG file at
        ``path`` as the logo of ``owner``: ``"programme"``, ``"funder"`` or a partner
        organisation's name; it replaces the logo before.

    account_create(page, server, *, username, password, organisation, roles,
                   first_name="", last_name="", email="") -> None
        As a superuser (who picks ``organisation``, by name) or a coordinator (their own
        organisation; ``organisation`` is then not asked): an account with ``roles``
        (``["coordinator"]``, ``["trainer", "counsellor"]``…) and a provisional password the
        person changes at their first login.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def _url(server, path: str) -> str:
    return f"{server.url}{path}"


def _fill(page, selector: str, value) -> None:
    if value is not None:
        page.locator(selector).fill(str(value))


def _submit(page, button: str) -> None:
    """Click ``button`` (a selector), wait for the answer; an error shown fails the step."""
    with page.expect_navigation():
        page.locator(button).click()
    errors = page.locator(".alert--error, .field__errors")
    if errors.count():
        raise AssertionError(f"{page.url}: {' | '.join(errors.all_inner_texts())}")


def _date(value: dt.date | str) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value


def _open_setup(page, server, tab: str, project: str | None) -> None:
    """The set-up ``tab`` (a link's text: "Partenaires", "Zones de résidence", "Règles") of
    ``project`` (its name; default the first one listed)."""
    page.goto(_url(server, "/projects/"))
    links = page.locator("a.row-link")
    link = links.first if project is None else page.get_by_role("link", name=project, exact=True)
    with page.expect_navigation():
        link.click()
    with page.expect_navigation():
        page.locator("#project-tabs").get_by_role("link", name=tab, exact=True).click()


def project_create(
    page,
    server,
    *,
    code: str,
    name: str,
    programme: str,
    start: dt.date | str,
    end: dt.date | str,
    organisations: list[dict],
    call: str = "",
    cofinancing_total: str | None = None,
) -> None:
    page.goto(_url(server, "/projects/new/"))
    _fill(page, "#id_code", code)
    _fill(page, "#id_name", name)
    _fill(page, "#id_programme", programme)
    _fill(page, "#id_call", call)
    _fill(page, "#id_start_date", _date(start))
    _fill(page, "#id_end_date", _date(end))
    _fill(page, "#id_cofinancing_total_eur", cofinancing_total)
    _submit(page, "#project-submit")
    assert "/partners/" in page.url, page.url
    for organisation in organisations:
        _partner_add(page, organisation)


def _partner_add(page, organisation: dict) -> None:
    if organisation.get("existing"):
        page.locator("#id_organisation").select_option(label=organisation["name"])
    else:
        page.locator("#id_organisation").select_option(value="")
        _fill(page, "#id_code", organisation["code"])
        _fill(page, "#id_name", organisation["name"])
        _fill(page, "#id_country", organisation["country"])
        _fill(page, "#id_city", organisation.get("city"))
        _fill(page, "#id_time_zone", organisation.get("time_zone"))
    page.locator("#id_role").select_option(value=organisation.get("role", "partner"))
    _fill(page, "#id_cofinancing_eur", organisation.get("cofinancing"))
    _submit(page, "#partner-submit")


def rules_set(
    page,
    server,
    *,
    threshold: int | None = None,
    excused: str | None = None,
    age_bands: str | None = None,
    eligible_min: int | None = None,
    eligible_max: int | None = None,
    project: str | None = None,
) -> None:
    _open_setup(page, server, "Règles", project)
    _fill(page, "#id_attendance_threshold", threshold)
    if excused is not None:
        page.locator(f'input[name="excused_absences"][value="{excused}"]').check()
    if age_bands is not None:
        page.locator(f'input[name="age_bands"][value="{age_bands}"]').check()
    _fill(page, "#id_eligible_age_min", eligible_min)
    _fill(page, "#id_eligible_age_max", eligible_max)
    _submit(page, "#rules-submit")


def zones_set(
    page, server, zones: Iterable[tuple[str, str, str]], *, project: str | None = None
) -> None:
    _open_setup(page, server, "Zones de résidence", project)
    for commune, code, label in zones:
        _fill(page, "#id_commune", commune)
        _fill(page, "#id_zone", code)
        _fill(page, "#id_label", label)
        _submit(page, "#zone-submit")


def logo_upload(page, server, *, owner: str, path: str, project: str | None = None) -> None:
    _open_setup(page, server, "Logos", project)
    chooser = page.locator("#id_owner")
    if owner in ("programme", "funder"):
        chooser.select_option(value=owner)
    else:
        chooser.select_option(label=owner)
    page.locator("#id_image").set_input_files(str(path))
    _submit(page, "#logo-submit")


def account_create(
    page,
    server,
    *,
    username: str,
    password: str,
    organisation: str,
    roles: Iterable[str],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> None:
    page.goto(_url(server, "/accounts/new/"))
    chooser = page.locator("#id_organisation")
    if chooser.count():
        chooser.select_option(label=organisation)
    _fill(page, "#id_username", username)
    _fill(page, "#id_password", password)
    _fill(page, "#id_first_name", first_name)
    _fill(page, "#id_last_name", last_name)
    _fill(page, "#id_email", email)
    for role in roles:
        page.locator(f"#id_is_{role}").check()
    _submit(page, ".form-actions button[type=submit]")
    assert page.url.rstrip("/").endswith("/accounts"), page.url
