"""What an import may change, and what it must leave as it is (docs/data-package.md,
"Who may import what").

An import is made by an *actor*. The command line's operator (``by=None``) and a superuser may
change every row of the project; a coordinator only the rows of their organisation:

- its info sessions, youth, cohorts (with their modules, slots and events), budget lines and
  expenses, and the enrolments, attendance and outcomes of its youth in its cohorts;
- the project's own rows (the project, its partners' roles and cofinancing, residence zones,
  phases, exchanges, narratives, cooperations) and its organisation's own row (name, e-mail…)
  only when it is the lead partner of the project as the database records it;
- never another organisation's row, never a partner added to a project.

A row the actor may not change may be left out of the package (it stays as it is) or be carried
unchanged (an export holds it); a new or changed one is an error that names it. A replace by a
coordinator deletes and reloads only their rows.

Whatever the actor, the attendance proof of a countersigned slot (the slot, its attendance, its
signatures, its countersignature and corrections) is never changed or deleted by an import: the
package must carry the slot and its attendance exactly as they are, and they are kept.

A kept row keeps its id, and so do the actor's rows it refers to ("pinned": a kept slot's cohort
and module, the youth of its attendance…): those are updated in place instead of being deleted
and created again, so that what hangs on them stays.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from teenlab.activities.models import Event, EventParticipant, Exchange, ExchangeParticipant
from teenlab.core.choices import PartnerRole
from teenlab.core.models import Organisation, Project, ProjectPartner
from teenlab.datapackage.messages import Issue, Level
from teenlab.datapackage.readers import Package
from teenlab.datapackage.schema import ORGANISATION_FIELDS, PARTNER_FIELDS, TABLE_BY_NAME, cell_text
from teenlab.datapackage.validation import ParsedRow, Validation
from teenlab.datapackage.writers import package_tables
from teenlab.participants.models import InfoSession, Youth
from teenlab.training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceSignature,
    Cohort,
    Enrolment,
    Module,
    Slot,
    SlotCountersignature,
)

PROJECT = ""  # the owner of the project's own rows (no organisation code is empty)
# Issue codes.
REFUSED = "import_refused"  # the actor may not import this package at all
NOT_YOURS = "not_yours"
LOCKED_SLOT = "locked_slot"
PINNED = "pinned_row"

PROJECT_WIDE = ("residence_zones", "phases", "exchanges", "narratives", "cooperations")


@dataclass(frozen=True)
class Actor:
    """Who imports: ``everything`` for the operator or a superuser, else the coordinator of
    ``organisation`` (an account that is neither may import nothing)."""

    user: Any = None
    everything: bool = False
    organisation: Organisation | None = None
    coordinator: bool = False

    @property
    def code(self) -> str | None:
        return self.organisation.code if self.organisation is not None else None


def actor_of(by) -> Actor:
    """``by`` None is the command line's operator, who may change everything."""
    if by is None:
        return Actor(everything=True)
    if not by.is_active:
        return Actor(user=by)
    if by.is_superuser:
        return Actor(user=by, everything=True)
    return Actor(user=by, organisation=by.organisation, coordinator=bool(by.is_coordinator))


@dataclass
class Plan:
    """What the import writes: which package rows it loads, which it leaves, what it deletes."""

    actor: Actor
    project: Project | None
    lead: bool = True  # may change the project's own rows
    errors: list[Issue] = field(default_factory=list)
    # table -> keys (text tuples) of package rows left as they are in the database.
    skip: dict[str, set[tuple]] = field(default_factory=lambda: defaultdict(set))
    # table -> code -> id of the actor's rows kept in the database and updated in place.
    pinned: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    # table -> the Q selecting its pinned rows (a subquery: there may be many).
    pinned_q: dict[str, Q] = field(default_factory=dict)
    locked_slots: dict[str, int] = field(default_factory=dict)  # code -> id

    def locked_q(self, path: str = "pk") -> Q:
        """The Q selecting the proof slots (``path`` leads to a slot's id), as a subquery."""
        return Q(**{f"{path}__in": proof_slots(self.project).values("pk")})

    # Package maps, to tell the owner of an attendance row while streaming it.
    youth_org: dict[str, str] = field(default_factory=dict)
    cohort_org: dict[str, str] = field(default_factory=dict)
    slot_cohort: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def mine(self, owners: Iterable[str]) -> bool:
        if self.actor.everything:
            return True
        return all((owner == PROJECT and self.lead) or owner == self.actor.code for owner in owners)

    def attendance_owners(self, slot: str, youth: str) -> set[str]:
        cohort = self.cohort_org.get(self.slot_cohort.get(slot, ""), "")
        return {self.youth_org.get(youth, ""), cohort}

    def loads_attendance(self, slot: str, youth: str) -> bool:
        """Whether the loader writes this (valid) attendance row of the package."""
        if slot in self.locked_slots:
            return False
        return self.actor.everything or self.mine(self.attendance_owners(slot, youth))

    def loads(self, table: str, row: ParsedRow) -> bool:
        return key_of(table, text_row(table, row.values)) not in self.skip[table]


def issue(table: str, row: int | None, column: str | None, value, expected, code: str) -> Issue:
    return Issue(Level.ERROR, table, row, column, value, expected, code)


# --- rows as text -------------------------------------------------------------------------------


def norm(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def text_row(table: str, values: dict) -> dict[str, str]:
    """A row as the text of its cells, the same for a package's parsed row and a database row."""
    return {
        column.name: norm(cell_text(column, values.get(column.name)))
        for column in TABLE_BY_NAME[table].columns
    }


def key_of(table: str, row: dict[str, str]) -> tuple:
    key = TABLE_BY_NAME[table].key or tuple(TABLE_BY_NAME[table].column_names)
    return tuple(row[name] for name in key)


def row_label(table: str, row: dict[str, str]) -> str:
    if table == "expenses":
        return f"{row['organisation']} {row['date']} {row['label']} {row['amount_eur']}"
    return " + ".join(key_of(table, row))


@dataclass
class Maps:
    """Who owns the rows that others refer to: youth, cohorts, slots (by code)."""

    youth_org: dict[str, str] = field(default_factory=dict)
    cohort_org: dict[str, str] = field(default_factory=dict)
    slot_cohort: dict[str, str] = field(default_factory=dict)
    event_cohort: dict[str, str] = field(default_factory=dict)

    def owners(self, table: str, row: dict[str, str]) -> set[str]:
        if table in (
            "info_sessions",
            "youth",
            "cohorts",
            "budget",
            "expenses",
            "planned_costs",
            "partner_funding",
        ):
            return {row["organisation"]}
        if table in ("recruitment_decisions", "consents"):
            return {self.youth_org.get(row["youth"], "?")}
        if table == "event_participants":
            cohort = self.event_cohort.get(row["event"], "")
            return {self.youth_org.get(row["youth"], "?"), self.cohort_org.get(cohort, "?")}
        if table == "exchange_participants":
            # A young person's participation is their organisation's; staff, the project's.
            return {self.youth_org.get(row["youth"], "?")} if row["youth"] else {PROJECT}
        if table in ("modules", "slots", "closures", "events"):
            return {self.cohort_org.get(row["cohort"], "?")}
        if table in ("enrolments", "outcomes", "follow_ups"):
            return {self.youth_org.get(row["youth"], "?"), self.cohort_org.get(row["cohort"], "?")}
        if table == "attendance":
            cohort = self.slot_cohort.get(row["slot"], "")
            return {self.youth_org.get(row["youth"], "?"), self.cohort_org.get(cohort, "?")}
        if table == "logos":
            from teenlab.datapackage.logos import owners_of

            return owners_of(row["owner"])
        return {PROJECT}


def package_maps(validation: Validation) -> Maps:
    def mapping(table, column):
        return {
            str(r.values["code"]): str(r.values[column]) for r in validation.tables.get(table, [])
        }

    return Maps(
        youth_org=mapping("youth", "organisation"),
        cohort_org=mapping("cohorts", "organisation"),
        slot_cohort=mapping("slots", "cohort"),
        event_cohort=mapping("events", "cohort"),
    )


def database_maps(project: Project) -> Maps:
    return Maps(
        youth_org=dict(
            Youth.objects.filter(project=project).values_list("code", "organisation__code")
        ),
        cohort_org=dict(
            Cohort.objects.filter(project=project).values_list("code", "organisation__code")
        ),
        slot_cohort=dict(Slot.objects.filter(project=project).values_list("code", "cohort__code")),
        event_cohort=dict(
            Event.objects.filter(project=project).values_list("code", "cohort__code")
        ),
    )


# --- the plan -------------------------------------------------------------------------------------


def import_plan(
    *, validation: Validation, package: Package, project: Project | None, actor: Actor
) -> Plan:
    """Check what ``actor`` may change with this valid package and say what the load writes.

    ``project`` is the project the package replaces (None: a new project). Every refusal is an
    error of the plan, which then writes nothing."""
    plan = Plan(actor=actor, project=project)
    maps = package_maps(validation)
    plan.youth_org, plan.cohort_org, plan.slot_cohort = (
        maps.youth_org,
        maps.cohort_org,
        maps.slot_cohort,
    )
    if not actor.everything and not refuse(plan, validation):
        return plan
    if project is not None:
        plan.locked_slots = dict(proof_slots(project).values_list("code", "pk"))
    db_maps = database_maps(project) if project is not None and not actor.everything else Maps()
    if not actor.everything:
        check_rows(plan, validation, package, maps, db_maps)
    if plan.locked_slots:
        check_locked_slots(plan, validation, package, db_maps)
    if project is not None and plan.ok and not (actor.everything and not plan.locked_slots):
        pin(plan, validation)
    return plan


def proof_slots(project: Project | None) -> QuerySet[Slot]:
    """The slots whose sign-in sheet holds proof: a signature or a countersignature."""
    return Slot.objects.filter(project=project).filter(
        Q(pk__in=SlotCountersignature.objects.values("slot_id"))
        | Q(pk__in=AttendanceSignature.objects.values("attendance__slot_id"))
    )


def refuse(plan: Plan, validation: Validation) -> bool:
    """The coarse checks of a coordinator's import; False when refused outright."""
    actor, project = plan.actor, plan.project
    listed = {r.values["code"]: r for r in validation.tables.get("organisations", [])}
    if actor.organisation is None or not actor.coordinator:
        message = _("un compte de coordinateur·rice d'une organisation partenaire")
        plan.errors.append(issue("project", None, None, None, message, REFUSED))
        return False
    if actor.code not in listed:
        plan.errors.append(
            issue(
                "organisations",
                None,
                "code",
                actor.code,
                _(
                    "votre organisation parmi les partenaires du projet : seul·e un·e "
                    "coordinateur·rice d'un partenaire peut importer ce paquet"
                ),
                REFUSED,
            )
        )
        return False
    partners = {}
    if project is not None:
        partners = {
            p.organisation.code: p
            for p in ProjectPartner.objects.filter(project=project).select_related("organisation")
        }
        if actor.code not in partners:
            plan.errors.append(
                issue(
                    "project",
                    validation.tables["project"][0].number,
                    "code",
                    project.code,
                    format_lazy(
                        _(
                            "un projet dont votre organisation est partenaire : le projet {code} "
                            "existe déjà et votre organisation n'en est pas partenaire"
                        ),
                        code=project.code,
                    ),
                    REFUSED,
                )
            )
            return False
        plan.lead = partners[actor.code].role == PartnerRole.LEAD_PARTNER
    # New project: the coordinator creates its project row; an existing one is the lead's.
    plan.lead = plan.lead if project is not None else True
    check_organisations(plan, validation, listed, partners)
    return True


def check_organisations(plan: Plan, validation: Validation, listed: dict, partners: dict) -> None:
    """Organisations are shared by every project: a coordinator never adds a partner, and
    changes an organisation's own row (name, e-mail…) only as the recorded lead partner, for
    their own organisation; the partners' roles and cofinancing are the lead partner's."""
    actor = plan.actor
    present = set(validation.columns.get("organisations", []))
    existing = Organisation.objects.in_bulk(list(listed), field_name="code")
    lead_of_existing = plan.project is not None and plan.lead
    for code, row in listed.items():
        text = text_row("organisations", row.values)
        if code != actor.code and code not in partners:
            plan.errors.append(
                issue(
                    "organisations",
                    row.number,
                    "code",
                    code,
                    _(
                        "une organisation déjà partenaire du projet : seul·e un·e "
                        "superutilisateur·rice ajoute un partenaire à un projet"
                    ),
                    NOT_YOURS,
                )
            )
            continue
        organisation = existing.get(code)
        if organisation is not None and not (lead_of_existing and code == actor.code):
            for name, field in ORGANISATION_FIELDS.items():
                if name in present or name in ("name", "country"):
                    before = norm(cell_text(None, getattr(organisation, field)))
                    if text[name] != before:
                        plan.errors.append(changed("organisations", row.number, name, text, {code}))
        partner = partners.get(code)
        if partner is not None and not plan.lead:
            for name in PARTNER_FIELDS:
                if name in present or name == "role":
                    column = TABLE_BY_NAME["organisations"].column_by_name[name]
                    before = norm(cell_text(column, getattr(partner, name)))
                    if text[name] != before:
                        plan.errors.append(
                            changed("organisations", row.number, name, text, {PROJECT})
                        )


def changed(table: str, number: int, column: str, text: dict[str, str], owners: set[str]) -> Issue:
    """A row the actor may not change differs from the database. The recorded value is not
    shown: it may be another organisation's, which this account may not read."""
    return issue(
        table,
        number,
        column,
        text[column],
        format_lazy(
            _(
                "la valeur enregistrée : la ligne {row} n'est pas de votre organisation (elle "
                "relève de : {owners}) ; l'import peut l'omettre ou la laisser telle quelle, pas "
                "la changer"
            ),
            row=row_label(table, text),
            owners=owners_text(owners),
        ),
        NOT_YOURS,
    )


def owners_text(owners: set[str]) -> Any:
    others = sorted(owner for owner in owners if owner and owner != "?")
    if PROJECT in owners or not others:
        return _("le chef de file du projet")
    return ", ".join(others)


def check_rows(
    plan: Plan, validation: Validation, package: Package, maps: Maps, db_maps: Maps
) -> None:
    """A coordinator's package: every row that is not theirs is left out or as it is."""
    project = plan.project
    db_rows: dict[str, dict[tuple, dict[str, str]]] = defaultdict(dict)
    db_expenses: Counter = Counter()
    if project is not None:
        for table in package_tables(project=project):
            if table.name in ("project", "organisations", "attendance"):
                continue
            for values in table.rows:
                text = text_row(table.name, values)
                if table.name == "expenses":
                    if not plan.mine(db_maps.owners("expenses", text)):
                        db_expenses[key_of("expenses", text)] += 1
                else:
                    db_rows[table.name][key_of(table.name, text)] = text
    project_row = validation.tables["project"][0]
    if project is not None and not plan.lead:
        text = text_row("project", project_row.values)
        recorded = text_row("project", package_project_values(project))
        for name in validation.columns.get("project", []):
            if text[name] != recorded[name]:
                plan.errors.append(changed("project", project_row.number, name, text, {PROJECT}))
    for name, rows in validation.tables.items():
        if name in ("project", "organisations", "attendance"):
            continue
        present = validation.columns.get(name, [])
        for row in rows:
            text = text_row(name, row.values)
            key = key_of(name, text)
            if name == "expenses":
                if plan.mine(maps.owners(name, text)):
                    continue
                if db_expenses[key] > 0:
                    db_expenses[key] -= 1
                    plan.skip[name].add(key)
                else:
                    plan.errors.append(not_yours(name, row.number, text, maps.owners(name, text)))
                continue
            before = db_rows[name].get(key)
            owners = maps.owners(name, text)
            if before is not None:
                owners |= db_maps.owners(name, before)
            if plan.mine(owners):
                continue
            if before is None:
                plan.errors.append(not_yours(name, row.number, text, owners))
                continue
            plan.skip[name].add(key)
            for column in present:
                if text[column] != before[column]:
                    plan.errors.append(changed(name, row.number, column, text, owners))
                    break
    check_attendance(plan, package, maps, db_maps)


def package_project_values(project: Project) -> dict:
    return {
        column.name: getattr(project, column.model_field)
        for column in TABLE_BY_NAME["project"].columns
    }


def not_yours(table: str, number: int, text: dict[str, str], owners: set[str]) -> Issue:
    return issue(
        table,
        number,
        None,
        row_label(table, text),
        format_lazy(
            _(
                "une ligne de votre organisation : cette ligne relève de : {owners} ; l'import "
                "d'une organisation ne crée, ne change ni ne supprime les lignes des autres"
            ),
            owners=owners_text(owners),
        ),
        NOT_YOURS,
    )


def attendance_rows(package: Package) -> Iterable[tuple[int, dict[str, str]]]:
    """The package's attendance rows as text (the table is valid: every row is whole)."""
    source = package.tables.get("attendance")
    if source is None:
        return
    positions, rows = source.data_rows()
    at = {
        name: positions[name]
        for name in TABLE_BY_NAME["attendance"].column_names
        if name in positions
    }
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        row = {name: cells[i].strip() if i < len(cells) else "" for name, i in at.items()}
        row["status"] = row["status"].lower()
        row.setdefault("minutes", "")
        yield number, row


def check_attendance(plan: Plan, package: Package, maps: Maps, db_maps: Maps) -> None:
    """The package's attendance rows that are not the coordinator's must be those recorded.

    Only the slots such rows name are read back from the database: a small package does not
    read a large project's attendance."""
    given: dict[tuple, tuple] = {}
    for number, row in attendance_rows(package):
        if row["slot"] in plan.locked_slots:
            continue  # checked with the proof slots
        owners = maps.owners("attendance", row)
        if plan.project is not None:
            owners |= db_maps.owners("attendance", row) - {"?"}
        if not plan.mine(owners):
            given[(row["slot"], row["youth"])] = (number, row, owners)
    recorded: dict[tuple, tuple] = {}
    if plan.project is not None:
        for codes in batched(sorted({slot for slot, _youth in given}), 500):
            for slot, youth, status, minutes in Attendance.objects.filter(
                slot__project=plan.project, slot__code__in=codes
            ).values_list("slot__code", "youth__code", "status", "minutes"):
                recorded[(slot, youth)] = (status, "" if minutes is None else str(minutes))
    for key, (number, row, owners) in given.items():
        was = recorded.get(key)
        if was is None:
            plan.errors.append(not_yours("attendance", number, row, owners))
        elif was != (row["status"], row["minutes"]):
            plan.errors.append(changed("attendance", number, "status", row, owners))


def batched(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def check_locked_slots(plan: Plan, validation: Validation, package: Package, db_maps: Maps):
    """A slot whose sign-in sheet holds proof (a signature, a countersignature) and its
    attendance stay exactly as they are: the actor's rows must be in the package as recorded;
    another organisation's may be left out, or be as recorded.

    A project where every slot is signed has millions of such rows: each side is first reduced
    to one order-free digest per slot, and only the slots whose digests differ are compared
    row by row."""

    def mine(slot: str, youth: str) -> bool:
        return plan.actor.everything or plan.mine(
            db_maps.owners("attendance", {"slot": slot, "youth": youth})
        )

    def digest_of(youth: str, status: str, minutes: str) -> int:
        return hash((youth, status, minutes)) & MASK

    digests: dict[str, int] = defaultdict(int)  # slot code -> digest of the package's rows
    others: dict[tuple, tuple] = {}  # another organisation's rows the package carries
    for _number, row in attendance_rows(package):
        slot, youth = row["slot"], row["youth"]
        if slot in plan.locked_slots:
            if mine(slot, youth):
                digests[slot] += digest_of(youth, row["status"], row["minutes"])
            else:
                others[(slot, youth)] = (row["status"], row["minutes"])
    recorded: dict[str, int] = defaultdict(int)
    differ: set[str] = set()
    for slot, youth, status, minutes in (
        Attendance.objects.filter(plan.locked_q("slot_id"))
        .values_list("slot__code", "youth__code", "status", "minutes")
        .iterator(5000)
    ):
        minutes_text = "" if minutes is None else str(minutes)
        if mine(slot, youth):
            recorded[slot] += digest_of(youth, status, minutes_text)
        elif others.pop((slot, youth), (status, minutes_text)) != (status, minutes_text):
            differ.add(slot)
    differ |= {slot for slot, _youth in others}  # rows of another organisation added
    differ |= {slot for slot in plan.locked_slots if digests[slot] & MASK != recorded[slot] & MASK}
    slots = {r.values["code"]: r for r in validation.tables.get("slots", [])}
    details = locked_differences(plan, package, sorted(differ), mine)
    for code, recorded_slot in locked_slot_rows(plan):
        slot_row = slots.get(code)
        # Only a slot of a cohort the actor runs is described: another's is not theirs to read.
        visible = plan.actor.everything or plan.mine(db_maps.owners("slots", recorded_slot))
        differences = []
        if slot_row is None:
            if visible:
                differences.append(str(_("le créneau n'est plus dans le paquet")))
        else:
            text = text_row("slots", slot_row.values)
            differences += [
                f"{name} {recorded_slot[name]} → {text[name]}"
                for name in ("cohort", "module", "date", "start", "end", "place")
                if text[name] != recorded_slot[name]
            ]
        differences += details.get(code, [])
        if differences:
            plan.errors.append(
                issue(
                    "slots",
                    slot_row.number if slot_row is not None else None,
                    "code",
                    code,
                    format_lazy(
                        _(
                            "le créneau et ses présences tels qu'ils sont enregistrés : la "
                            "feuille d'émargement de ce créneau porte des signatures, un import "
                            "ne la change ni ne la supprime (corrigez-la sur la page "
                            "d'émargement) ; différences : {differences}"
                        ),
                        differences="; ".join(differences) if visible else "…",
                    ),
                    LOCKED_SLOT,
                )
            )
        elif slot_row is not None:
            plan.skip["slots"].add((code,))


MASK = (1 << 64) - 1


def locked_differences(plan: Plan, package: Package, codes: list[str], mine) -> dict[str, list]:
    """Row by row, what differs in the attendance of the proof slots ``codes``."""
    if not codes:
        return {}
    wanted = set(codes)
    recorded: dict[str, dict[str, tuple]] = defaultdict(dict)
    for chunk in batched(codes, 500):
        for slot, youth, status, minutes in Attendance.objects.filter(
            slot__project=plan.project, slot__code__in=chunk
        ).values_list("slot__code", "youth__code", "status", "minutes"):
            recorded[slot][youth] = (status, "" if minutes is None else str(minutes))
    given: dict[str, dict[str, tuple]] = defaultdict(dict)
    for _number, row in attendance_rows(package):
        if row["slot"] in wanted:
            given[row["slot"]][row["youth"]] = (row["status"], row["minutes"])
    details: dict[str, list] = defaultdict(list)
    for code in codes:
        for youth in sorted(set(recorded[code]) | set(given[code])):
            was, now = recorded[code].get(youth), given[code].get(youth)
            if was != now and (mine(code, youth) or now is not None):
                details[code].append(f"{youth} {shown(was)} → {shown(now)}")
    return details


def shown(attendance: tuple | None) -> str:
    return " ".join(part for part in attendance if part) if attendance else "—"


def locked_slot_rows(plan: Plan) -> Iterable[tuple[str, dict[str, str]]]:
    """Each proof slot's code and row as text, in code order (read as a stream)."""
    table = TABLE_BY_NAME["slots"]
    paths = [column.path for column in table.columns]
    for values in (
        Slot.objects.filter(plan.locked_q()).order_by("code").values_list(*paths).iterator(5000)
    ):
        row = dict(zip(table.column_names, values, strict=True))
        yield row["code"], text_row("slots", row)


# --- pinned rows ------------------------------------------------------------------------------


def pin(plan: Plan, validation: Validation) -> None:
    """The actor's rows that kept rows refer to stay (updated in place); each must still be in
    the package, else deleting it would delete or change a row the import must keep."""
    project = plan.project
    mine = DatabaseScope(plan)
    kept_slots = outside(Slot.objects.filter(project=project), mine.slots)
    kept_attendance = outside(Attendance.objects.filter(slot__project=project), mine.attendance)
    kept_enrolments = outside(Enrolment.objects.filter(cohort__project=project), mine.enrolments)
    kept_youth = outside(Youth.objects.filter(project=project), mine.youth)
    kept_event_participants = outside(
        EventParticipant.objects.filter(event__project=project), mine.event_participants
    )
    kept_exchange_participants = outside(
        ExchangeParticipant.objects.filter(exchange__project=project), mine.exchange_participants
    )
    corrections = AttendanceCorrection.objects.filter(slot__in=kept_slots.values("pk"))
    pinned_slots = Q(pk__in=kept_attendance.values("slot_id"))
    wanted = {
        "slots": (Slot, pinned_slots),
        "youth": (
            Youth,
            Q(pk__in=kept_attendance.values("youth_id"))
            | Q(pk__in=kept_enrolments.values("youth_id"))
            | Q(pk__in=corrections.values("youth_id"))
            | Q(pk__in=kept_event_participants.values("youth_id")),
        ),
        "events": (Event, Q(pk__in=kept_event_participants.values("event_id"))),
        "exchanges": (Exchange, Q(pk__in=kept_exchange_participants.values("exchange_id"))),
        "modules": (Module, Q(pk__in=kept_slots.values("module_id"))),
        "info_sessions": (InfoSession, Q(pk__in=kept_youth.values("info_session_id"))),
        "cohorts": (
            Cohort,
            Q(pk__in=kept_slots.values("cohort_id"))
            | Q(pk__in=kept_enrolments.values("cohort_id"))
            | Q(
                pk__in=Slot.objects.filter(project=project)
                .filter(mine.slots)
                .filter(pinned_slots)
                .values("cohort_id")
            ),
        ),
    }
    for table, (model, q) in wanted.items():
        plan.pinned_q[table] = q
        plan.pinned[table] = dict(
            model._default_manager.filter(project=project)
            .filter(getattr(mine, table))
            .filter(q)
            .values_list("code", "pk")
        )
    for table, pinned in plan.pinned.items():
        codes = {r.values["code"] for r in validation.tables.get(table, [])}
        for code in sorted(set(pinned) - codes):
            plan.errors.append(
                issue(
                    table,
                    None,
                    "code",
                    code,
                    _(
                        "cette ligne dans le paquet : un créneau contre-signé ou une ligne d'une "
                        "autre organisation qui doit rester en dépend"
                    ),
                    PINNED,
                )
            )


def outside(queryset, q: Q):
    """The rows of ``queryset`` not matched by ``q`` (none when ``q`` is empty: it matches all)."""
    return queryset.exclude(q) if q else queryset.none()


class DatabaseScope:
    """The database rows of the project an actor's import replaces, as Q objects per table."""

    def __init__(self, plan: Plan):
        actor = plan.actor
        # Never ~Q(pk__in=[]): Django makes an empty IN match nothing, and its negation too.
        unlocked = ~plan.locked_q() if plan.locked_slots else Q()
        unlocked_attendance = ~plan.locked_q("slot_id") if plan.locked_slots else Q()
        if actor.everything:
            org = Q()
            self.info_sessions = self.youth = self.cohorts = self.budget = self.expenses = org
            self.planned_costs = self.partner_funding = org
            self.modules = self.events = self.closures = Q()
            self.slots = unlocked
            self.enrolments = self.outcomes = self.follow_ups = Q()
            self.recruitment_decisions = self.consents = Q()
            self.event_participants = self.exchange_participants = self.exchanges = Q()
            self.attendance = unlocked_attendance
            self.project_wide = True
            return
        if actor.organisation is None:
            raise ValueError("an import limited to an organisation's rows needs its organisation")
        pk = actor.organisation.pk
        self.info_sessions = self.youth = self.cohorts = self.budget = self.expenses = Q(
            organisation_id=pk
        )
        self.planned_costs = self.partner_funding = Q(organisation_id=pk)
        self.modules = self.events = self.closures = Q(cohort__organisation_id=pk)
        self.slots = Q(cohort__organisation_id=pk) & unlocked
        self.enrolments = Q(youth__organisation_id=pk, cohort__organisation_id=pk)
        self.recruitment_decisions = self.consents = Q(youth__organisation_id=pk)
        self.event_participants = Q(youth__organisation_id=pk, event__cohort__organisation_id=pk)
        self.exchange_participants = Q(youth__organisation_id=pk)
        # The project's exchanges (and their staff) are the lead partner's to replace.
        self.exchanges = Q() if plan.lead else Q(pk__in=[])
        if plan.lead:
            self.exchange_participants |= Q(youth__isnull=True)
        self.outcomes = Q(
            enrolment__youth__organisation_id=pk, enrolment__cohort__organisation_id=pk
        )
        self.follow_ups = self.outcomes
        self.attendance = (
            Q(slot__cohort__organisation_id=pk, youth__organisation_id=pk) & unlocked_attendance
        )
        self.project_wide = plan.lead
