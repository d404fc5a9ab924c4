"""One organisation's part of a project's data package: what a coordinator exports from the web.

The package keeps the project-wide tables (project, organisations, residence zones, phases,
exchanges, narratives, cooperations: no personal data) and, of the other tables, only the
organisation's own records: its info sessions, youth, cohorts (with their modules, slots and
events), the enrolments, attendance and outcomes of its youth in its cohorts, its youth's
participations in its events and in the exchanges (the exchanges' staff, named, are the
project's), its budget lines and expenses, and the logos: the programme's and the funder's
(public project material) and its own. A youth received at another organisation's info session
keeps no session reference, so that the package stays valid (every reference points at a row of
the package).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from teenlab.activities.models import Event
from teenlab.core.logos import PROJECT_OWNERS
from teenlab.core.models import Organisation, Project
from teenlab.datapackage.writers import TableRows, package_tables
from teenlab.participants.models import InfoSession, Youth
from teenlab.training.models import Cohort, Enrolment, Slot


def _codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def organisation_package_tables(*, project: Project, organisation: Organisation) -> list[TableRows]:
    """The tables of ``project``'s package limited to ``organisation``'s own records."""
    code = organisation.code
    youth = _codes(Youth.objects.filter(project=project, organisation=organisation))
    cohorts = _codes(Cohort.objects.filter(project=project, organisation=organisation))
    sessions = _codes(InfoSession.objects.filter(project=project, organisation=organisation))
    slots = _codes(Slot.objects.filter(project=project, cohort__organisation=organisation))
    events = _codes(Event.objects.filter(project=project, cohort__organisation=organisation))
    enrolments = set(
        Enrolment.objects.filter(
            cohort__project=project,
            cohort__organisation=organisation,
            youth__organisation=organisation,
        ).values_list("youth__code", "cohort__code")
    )

    def youth_row(row: dict) -> dict:
        if row.get("info_session") and row["info_session"] not in sessions:
            row = {**row, "info_session": None}
        return row

    keep: dict[str, Callable[[dict], bool]] = {
        "info_sessions": lambda row: row["organisation"] == code,
        "youth": lambda row: row["organisation"] == code,
        "recruitment_decisions": lambda row: row["youth"] in youth,
        "consents": lambda row: row["youth"] in youth,
        "cohorts": lambda row: row["organisation"] == code,
        "modules": lambda row: row["cohort"] in cohorts,
        "slots": lambda row: row["cohort"] in cohorts,
        "enrolments": lambda row: (row["youth"], row["cohort"]) in enrolments,
        "attendance": lambda row: row["slot"] in slots and row["youth"] in youth,
        "outcomes": lambda row: (row["youth"], row["cohort"]) in enrolments,
        "follow_ups": lambda row: (row["youth"], row["cohort"]) in enrolments,
        "events": lambda row: row["cohort"] in cohorts,
        "event_participants": lambda row: row["event"] in events and row["youth"] in youth,
        # Its own young people; the staff, like the exchanges, belong to the project.
        "exchange_participants": lambda row: not row["youth"] or row["youth"] in youth,
        "closures": lambda row: row["cohort"] in cohorts,
        "budget": lambda row: row["organisation"] == code,
        "expenses": lambda row: row["organisation"] == code,
        "planned_costs": lambda row: row["organisation"] == code,
        "partner_funding": lambda row: row["organisation"] == code,
        # The programme's and the funder's logos are public project material; of the
        # partners' logos, only its own.
        "logos": lambda row: row["owner"] in PROJECT_OWNERS or row["owner"] == code,
    }

    def filtered(name: str, rows: Iterable[dict]) -> Iterator[dict]:
        test = keep[name]
        for row in rows:
            if test(row):
                yield youth_row(row) if name == "youth" else row

    return [
        TableRows(table.name, table.count, filtered(table.name, table.rows))
        if table.name in keep
        else table
        for table in package_tables(project=project)
    ]
