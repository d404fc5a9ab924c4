"""Every URL pattern of teenlab.urls, with every role, on a record of the account's own
organisation and on one of the other organisation, answers as the table below says.

The table is the written access policy of the web application. A URL pattern missing from it
fails the test, so every new page must be added here, one line per URL name:

- ``object``: the kind of record the URL's arguments name (see ``KINDS``), ``-`` for none;
- one column per role, then ``anonymous``; a cell is the status code for the own record and the
  other organisation's record, ``200/404``, or one code for both (``404``);
  ``login`` is a redirect to the login page; ``405`` a POST-only URL asked with GET.

"Own" is a record of the account's organisation (for a trainer: of the cohort they teach);
"other" is the same kind of record of the other organisation of the same project, or, for
records that belong to the whole project (exchanges, phases, cooperations), of a project the
account's organisation does not take part in.

Only GET requests: the forms' POSTs are tested with each page. What the table cannot say (a
record of the own organisation outside a trainer's cohorts, a POST to another organisation's
record) is tested at the end of this file; the rules' querysets in test_access_rules.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.auth import login_verified
from tests.factories import (
    BudgetLineFactory,
    CooperationFactory,
    EventFactory,
    ExchangeFactory,
    ExpenseFactory,
    ModuleFactory,
    NarrativeRevisionFactory,
    OrganisationFactory,
    PartnerFundingFactory,
    PhaseFactory,
    PlannedCostFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ReportingPeriodFactory,
    ResidenceZoneFactory,
    SlotFactory,
)
from tests.web.conftest import ROLES

pytestmark = pytest.mark.django_db

COLUMNS = (*ROLES, "anonymous")
HEADINGS = ("coord", "trainer", "counsel", "partner", "auditor", "anon")  # COLUMNS, in short

# fmt: off
TABLE = """
url_name                          object       coord   trainer counsel partner auditor anon
login                             -            302     302     302     302     302     200
logout                            -            405     405     405     405     405     405
password_change                   -            200     200     200     200     200     login
password_change_done              -            200     200     200     200     200     login
password_reset                    -            200     200     200     200     200     200
password_reset_done               -            200     200     200     200     200     200
password_reset_confirm            reset_token  200     200     200     200     200     200
password_reset_complete           -            200     200     200     200     200     200
otp_setup                         -            200     200     200     200     200     login
otp_verify                        -            200     200     200     200     200     login
dashboard:index                   -            200     200     200     200     200     login
core:project_switch               -            405     405     405     405     405     login
core:account_list                 -            200     403     403     403     403     login
core:account_create               -            200     403     403     403     403     login
core:account_edit                 account      200/404 403     403     403     403     login
core:organisation_signatory       organisation 200/404 403     403     403     403     login
core:project_list                 -            200     403     403     403     403     login
core:project_create               -            403     403     403     403     403     login
core:project_edit                 project      200/404 403     403     403     403     login
core:project_rules                project      200/404 403     403     403     403     login
core:project_retention            project      200/404 403     403     403     403     login
core:project_partners             project      200/404 403     403     403     403     login
core:project_zones                project      200/404 403     403     403     403     login
core:project_logos                project      200/404 403     403     403     403     login
core:project_logo_remove          project      405     403     403     403     403     login
core:project_zone_remove          zone         405     403     403     403     403     login
dashboard:journal                 -            200     403     403     403     200     login
participants:youth_list           -            200     200     200     403     403     login
participants:youth_create         -            200     403     200     403     403     login
participants:youth_detail         youth        200/404 200/404 200/404 404     404     login
participants:youth_edit           youth        200/404 403     200/404 403     403     login
participants:consent_create        youth        200/404 403     200/404 403     403     login
participants:youth_sensitive       youth        403     403     200/404 403     403     login
privacy:subject_access            youth_format 200/404 403     200/404 403     403     login
privacy:notice_current            -            302     302     302     302     302     302
privacy:notice                    notice_lang  200     200     200     200     200     200
participants:youth_recruit        youth        200/404 403     200/404 403     403     login
participants:youth_decide         youth        200/404 403     200/404 403     403     login
participants:recruitment          -            200     403     200     403     403     login
participants:info_session_create  -            200     403     200     403     403     login
participants:info_session_options -            200     403     200     403     403     login
participants:info_session_detail  info_session 200/404 403     200/404 403     403     login
training:cohort_list              -            200     200     200     403     200     login
training:cohort_options           -            200     200     200     200     200     login
training:cohort_detail            cohort       200/404 200/404 200/404 403     200/404 login
training:cohort_create            -            200     403     403     403     403     login
training:cohort_edit              cohort       200/404 403     403     403     403     login
training:cohort_timetable         cohort       200/404 200/404 403     403     403     login
training:slot_create              cohort       200/404 403     403     403     403     login
training:slot_edit                slot         200/404 403     403     403     403     login
training:module_create            cohort       200/404 403     403     403     403     login
training:module_edit              module       200/404 403     403     403     403     login
training:module_delete            module       200/404 403     403     403     403     login
training:cohort_week_pdf          cohort       200/404 200/404 403     403     200/404 login
training:enrolment_complete       enrolment    200/404 403     200/404 403     403     login
training:enrolment_drop_out       enrolment    200/404 403     200/404 403     403     login
training:enrolment_early_exit     enrolment    200/404 403     200/404 403     403     login
training:today                    -            200     200     403     403     403     login
training:slot_attendance          slot         200/404 200/404 403     403     200/404 login
training:slot_sheet_pdf           slot         200/404 200/404 403     403     200/404 login
training:slot_countersign         slot         405     405     405     405     405     405
training:attendance_sign          slot_youth   405     405     405     405     405     405
training:attendance_mark          slot_youth   405     405     405     405     405     405
training:attendance_correct       slot_youth   200/404 200/404 403     403     403     login
training:attendance_late_entry    slot_youth   200/404 200/404 403     403     403     login
training:slot_absent_rest         slot         200/404 200/404 403     403     403     login
training:trainee_mode_enter       slot         405     405     405     405     405     405
training:trainee_mode_leave       slot         405     405     405     405     405     405
outcomes:outcome_cohort_list      -            200     403     200     403     403     login
outcomes:outcome_cohort_edit      cohort       200/404 403     200/404 403     403     login
outcomes:follow_up_record         follow_up    200/404 403     200/404 403     403     login
activities:exchange_list          -            200     200     200     200     200     login
activities:exchange_create        -            200     403     403     403     403     login
activities:exchange_edit          exchange     200/404 403     403     403     403     login
activities:event_list             -            200     200     200     200     200     login
activities:event_create           -            200     200     403     403     403     login
activities:event_edit             event        200/404 200/404 403     403     403     login
activities:phase_list             -            200     200     200     200     200     login
activities:phase_create           -            200     403     403     403     403     login
activities:phase_edit             phase        200/404 403     403     403     403     login
activities:cooperation_list       -            200     200     200     200     200     login
activities:cooperation_create     -            200     403     403     403     403     login
activities:cooperation_edit       cooperation  200/404 403     403     403     403     login
finance:budget_overview           -            200     403     403     403     200     login
finance:expense_list              -            200     403     403     403     200     login
finance:budget_line_create        -            200     403     403     403     403     login
finance:budget_line_edit          budget_line  200/404 403     403     403     403     login
finance:expense_create            -            200     403     403     403     403     login
finance:expense_edit              expense      200/404 403     403     403     403     login
finance:programme                 -            200     403     403     403     200     login
finance:period_create             -            200     403     403     403     403     login
finance:period_edit               period       200/404 403     403     403     403     login
finance:period_certify            period       200/404 403     403     403     403     login
finance:planned_create            -            200     403     403     403     403     login
finance:planned_edit              planned      200/404 403     403     403     403     login
finance:funding_create            -            200     403     403     403     403     login
finance:funding_edit              funding      200/404 403     403     403     403     login
reporting:bilan_page              -            200     200     200     200     200     login
reporting:bilan_download          bilan_format 200     200     200     200     200     login
reporting:indicators_page         -            200     403     403     200     200     login
reporting:indicator_records       -            404     403     403     404     404     login
reporting:indicators_download     bilan_format 200     403     403     200     200     login
reporting:attestation_pdf         enrolment    200/404 200/404 200/404 403     403     login
reporting:cohort_attestations_pdf cohort       200/404 200/404 200/404 403     403     login
reporting:narrative_list          -            200     403     403     403     403     login
reporting:narrative_edit          text_section 200     403     403     403     403     login
reporting:narrative_history       text_section 200     403     403     403     403     login
reporting:narrative_restore       revision     405     403     403     403     403     login
datapackage:package_import_start  -            200     403     403     403     403     login
datapackage:package_import_review upload_token 404     403     403     403     403     login
datapackage:package_import_cancel upload_token 405     405     405     405     405     405
datapackage:package_export        -            200     403     403     403     403     login
privacy:retention                 -            200     403     403     403     403     login
privacy:erasure                   youth        200/404 403     200/404 403     403     login
"""
# fmt: on

ANSWERS = {"login": "login"}


def _cell(text: str) -> tuple[int | str, int | str]:
    own, _, other = text.partition("/")
    values = [ANSWERS.get(part) or int(part) for part in (own, other or own)]
    return values[0], values[1]


def table_parse(text: str) -> tuple[dict[str, str], dict[tuple[str, str, str], int | str]]:
    """The table as ``kinds[name]`` and ``expected[(name, role, "own"|"other")]``."""
    lines = [line.split() for line in text.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header == ["url_name", "object", *HEADINGS], header
    kinds, expected = {}, {}
    for row in rows:
        name, kind, cells = row[0], row[1], row[2:]
        assert name not in kinds, f"{name} appears twice in the table"
        assert len(cells) == len(COLUMNS), f"{name}: {len(cells)} cells for {len(COLUMNS)} roles"
        kinds[name] = kind
        for role, cell in zip(COLUMNS, cells, strict=True):
            expected[name, role, "own"], expected[name, role, "other"] = _cell(cell)
    return kinds, expected


KIND_OF, EXPECTED = table_parse(TABLE)


# --- Every URL pattern ----------------------------------------------------------------------------

SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "<unnamed …>" (a pattern every page must name)
    route: str
    arguments: frozenset[str]


def routes(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """Every URL pattern under ``resolver`` (recursively), but the admin, i18n and static."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from routes(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            converters = getattr(pattern.pattern, "converters", None)
            arguments = (
                set(converters) if converters is not None else set(pattern.pattern.regex.groupindex)
            )
            for outer in _outer_arguments(prefix):
                arguments.add(outer)
            name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route}>"
            yield Route(name=name, route=route, arguments=frozenset(arguments))


def _outer_arguments(prefix: str) -> set[str]:
    # Included URL confs under a prefix with arguments ("<int:project>/…") add those arguments.
    return {part.split(":")[-1].rstrip(">") for part in prefix.split("<")[1:]}


ROUTES = {route.name: route for route in routes()}


# --- The records the URLs name ---------------------------------------------------------------


@pytest.fixture
def world(cast, today):
    """The web tests' cast (``tests/web/conftest.py``) and, for each kind of record, one of the
    own organisation (for the trainer: of the cohort they teach) and one of the other."""
    elsewhere = ProjectFactory(
        start_date=cast.project.start_date, end_date=cast.project.end_date, code="AILLEURS"
    )
    ProjectPartnerFactory(project=elsewhere, organisation=OrganisationFactory())
    own_slot = SlotFactory(cohort=cast.taught, module=ModuleFactory(cohort=cast.taught), date=today)
    other_slot = SlotFactory(
        cohort=cast.away_cohort, module=ModuleFactory(cohort=cast.away_cohort), date=today
    )
    sides = {}
    for side, org, cohort, slot, project, youth, session in (
        ("own", cast.home, cast.taught, own_slot, cast.project, cast.pupil, cast.session),
        (
            "other",
            cast.away,
            cast.away_cohort,
            other_slot,
            elsewhere,
            cast.stranger,
            cast.away_session,
        ),
    ):
        line = BudgetLineFactory(project=cast.project, organisation=org)
        sides[side] = SimpleNamespace(
            organisation=org,
            youth=youth,
            info_session=session,
            cohort=cohort,
            enrolment=youth.enrolments.get(),
            slot=slot,
            module=slot.module,
            event=EventFactory(cohort=cohort, date=today - dt.timedelta(days=3)),
            exchange=ExchangeFactory(project=project),
            phase=PhaseFactory(project=project),
            cooperation=CooperationFactory(project=project),
            budget_line=line,
            project=project,
            zone=ResidenceZoneFactory(project=project),
            revision=NarrativeRevisionFactory(project=project),
            expense=ExpenseFactory(
                project=cast.project,
                organisation=org,
                category=line.category,
                amount_eur=Decimal("120.00"),
            ),
            # The programme's reporting periods are the project's (like its exchanges).
            period=ReportingPeriodFactory(project=project),
            planned=PlannedCostFactory(project=cast.project, organisation=org),
            funding=PartnerFundingFactory(project=cast.project, organisation=org),
        )
    sides["own"].account, sides["other"].account = cast.trainer, cast.away_coordinator
    return SimpleNamespace(cast=cast, **sides)


def _pk(attribute: str):
    return lambda side: {"pk": getattr(side, attribute).pk}


# Kind of record → the URL's arguments for one side (own or other).
KINDS = {
    "-": lambda side: {},
    "youth": _pk("youth"),
    "account": _pk("account"),
    "organisation": _pk("organisation"),
    "info_session": _pk("info_session"),
    "cohort": _pk("cohort"),
    "enrolment": _pk("enrolment"),
    "follow_up": lambda side: {"pk": side.enrolment.pk, "kind": "exit"},
    "slot": _pk("slot"),
    "module": _pk("module"),
    "slot_youth": lambda side: {"pk": side.slot.pk, "youth_pk": side.youth.pk},
    "event": _pk("event"),
    "exchange": _pk("exchange"),
    "phase": _pk("phase"),
    "cooperation": _pk("cooperation"),
    "budget_line": _pk("budget_line"),
    "project": _pk("project"),
    "zone": lambda side: {"pk": side.project.pk, "zone_pk": side.zone.pk},
    "expense": _pk("expense"),
    "period": _pk("period"),
    "planned": _pk("planned"),
    "funding": _pk("funding"),
    # A text section of the bilan: the current project's (the code is the same for every one).
    "text_section": lambda side: {"section": "introduction"},
    "revision": _pk("revision"),
    # The bilan's downloads: the JSON is the cheapest to build (the PDF has its browser test).
    "bilan_format": lambda side: {"fmt": "json"},
    # A young person's subject-access export: the JSON (the PDF has its own tests).
    "youth_format": lambda side: {"pk": side.youth.pk, "fmt": "json"},
    "notice_lang": lambda side: {"lang": "it"},
    # An upload is reachable only from the session that sent it: a token no session holds.
    "upload_token": lambda side: {"token": "aucun-envoi-0123456789"},
    # A password reset link nobody was sent: the page says the link is not valid.
    "reset_token": lambda side: {"uidb64": "MA", "token": "aucun-jeton"},
}


# --- The tests --------------------------------------------------------------------------------


def test_every_url_pattern_is_in_the_table():
    missing = sorted(set(ROUTES) - set(KIND_OF))
    assert not missing, (
        "URL patterns missing from the access table of tests/web/test_url_walk.py "
        f"(add one line each): {missing}"
    )


def test_every_line_of_the_table_is_a_url_pattern():
    assert not sorted(set(KIND_OF) - set(ROUTES)), "lines of the table naming no URL pattern"


def test_every_kind_in_the_table_gives_exactly_the_arguments_of_its_url():
    side = SimpleNamespace(
        **{
            name: SimpleNamespace(pk=1)
            for name in ("youth", "slot", "info_session", "cohort", "module")
        },
        **{name: SimpleNamespace(pk=1) for name in ("enrolment", "event", "exchange", "phase")},
        **{name: SimpleNamespace(pk=1) for name in ("cooperation", "budget_line", "expense")},
        **{name: SimpleNamespace(pk=1) for name in ("period", "planned", "funding")},
        account=SimpleNamespace(pk=1),
        organisation=SimpleNamespace(pk=1),
        project=SimpleNamespace(pk=1),
        zone=SimpleNamespace(pk=1),
        revision=SimpleNamespace(pk=1),
    )
    wrong = {
        name: (sorted(KINDS[kind](side)), sorted(ROUTES[name].arguments))
        for name, kind in KIND_OF.items()
        if name in ROUTES and set(KINDS[kind](side)) != ROUTES[name].arguments
    }
    assert not wrong, f"kind's arguments ≠ URL's arguments: {wrong}"


def _answer(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    return response.status_code


@pytest.mark.parametrize("name", sorted(set(ROUTES) & set(KIND_OF)))
def test_each_url_answers_each_role_as_the_table_says(client, world, name):
    kind = KIND_OF[name]
    urls = {
        side: reverse(name, kwargs=KINDS[kind](getattr(world, side))) for side in ("own", "other")
    }
    observed = {}
    for role in COLUMNS:
        client.logout()
        if role != "anonymous":
            login_verified(client, getattr(world.cast, role))
        for side, url in urls.items():
            if side == "other" and url == urls["own"]:
                observed[role, side] = observed[role, "own"]
                continue
            observed[role, side] = _answer(client.get(url))
    wrong = {
        key: (EXPECTED[(name, *key)], answer)
        for key, answer in observed.items()
        if EXPECTED[(name, *key)] != answer
    }
    row = "  ".join(
        str(observed[role, "own"])
        if observed[role, "own"] == observed[role, "other"]
        else f"{observed[role, 'own']}/{observed[role, 'other']}"
        for role in COLUMNS
    )
    assert not wrong, f"{name}: (role, side): (expected, answered) {wrong}\nanswered: {row}"


# --- What the table cannot say ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "participants:youth_detail",
        "training:cohort_detail",
        "training:slot_attendance",
        "activities:event_edit",
    ],
)
def test_a_trainer_gets_404_on_a_record_of_a_cohort_they_do_not_teach(client, cast, today, name):
    """Of their own organisation, but not taught: outside a trainer's scope."""
    records = {
        "participants:youth_detail": lambda: cast.other_pupil,
        "training:cohort_detail": lambda: cast.untaught,
        "training:slot_attendance": lambda: SlotFactory(cohort=cast.untaught, date=today),
        "activities:event_edit": lambda: EventFactory(cohort=cast.untaught),
    }
    url = reverse(name, args=[records[name]().pk])
    login_verified(client, cast.trainer)
    assert client.get(url).status_code == 404


def test_a_post_to_another_organisation_youth_changes_nothing(client, cast):
    login_verified(client, cast.coordinator)
    url = reverse("participants:youth_edit", args=[cast.stranger.pk])
    response = client.post(
        url, {"code": "X", "first_name": "Pirate", "last_name": "X", "gender": "f"}
    )
    assert response.status_code == 404
    cast.stranger.refresh_from_db()
    assert cast.stranger.first_name != "Pirate"


def test_a_post_to_another_organisation_expense_changes_nothing(client, cast):
    expense = ExpenseFactory(project=cast.project, organisation=cast.away, label="Avant")
    login_verified(client, cast.coordinator)
    response = client.post(
        reverse("finance:expense_edit", args=[expense.pk]),
        {"category": "other", "date": "2022-01-01", "amount_eur": "1", "label": "Pirate"},
    )
    assert response.status_code == 404
    expense.refresh_from_db()
    assert expense.label == "Avant"
