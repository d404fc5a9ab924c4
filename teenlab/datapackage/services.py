"""Import and export a data package: the services behind ``teenlab import`` and ``teenlab export``
(and, later, the web upload page)."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from teenlab.activities.models import Cooperation, Event, Exchange, Phase
from teenlab.core.models import (
    AuditEntry,
    Narrative,
    Organisation,
    Project,
    ProjectPartner,
    ResidenceZone,
    User,
)
from teenlab.datapackage.locks import ImportRunning, import_lock
from teenlab.datapackage.messages import Issue, Level, PackageError
from teenlab.datapackage.ownership import REFUSED, DatabaseScope, Plan, actor_of, import_plan
from teenlab.datapackage.readers import Package, ReadError, package_open
from teenlab.datapackage.validation import INVALID, ParsedRow, Validation, package_validate
from teenlab.finance.models import BudgetLine, Expense
from teenlab.outcomes.models import Outcome
from teenlab.participants.models import InfoSession, Youth
from teenlab.training.models import Attendance, Cohort, Enrolment, Module, Slot

BATCH_SIZE = 2000
ATTENDANCE_BATCH_SIZE = 10_000
# progress(step, rows done, rows in all or None): called now and then during long steps.
Progress = Callable[[str, int, int | None], None]
# Youth fields kept across a replace: recorded in the web application, not in the package.
YOUTH_KEPT_ON_REPLACE = ("data_notice_given", "image_rights", "guardian_contact")


@dataclass
class ImportResult:
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    errors_total: int = 0
    warnings_total: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # rows per table of the package
    project: Project | None = None  # the project loaded (None unless it was)
    project_code: str | None = None
    replaced: dict[str, int] | None = None  # what the existing project held, when replaced

    @property
    def ok(self) -> bool:
        return self.errors_total == 0

    @classmethod
    def of(cls, validation: Validation) -> "ImportResult":
        return cls(
            errors=validation.errors,
            warnings=validation.warnings,
            errors_total=validation.errors_total,
            warnings_total=validation.warnings_total,
            counts=dict(validation.counts),
            project_code=validation.project_code,
        )


# --- what a project holds ---------------------------------------------------------------------

COUNTED = (
    ("youth", Youth, "project"),
    ("info_sessions", InfoSession, "project"),
    ("cohorts", Cohort, "project"),
    ("modules", Module, "project"),
    ("slots", Slot, "project"),
    ("enrolments", Enrolment, "cohort__project"),
    ("attendance", Attendance, "slot__project"),
    ("outcomes", Outcome, "enrolment__cohort__project"),
    ("exchanges", Exchange, "project"),
    ("events", Event, "project"),
    ("budget", BudgetLine, "project"),
    ("expenses", Expense, "project"),
)


def project_counts(*, project: Project) -> dict[str, int]:
    """How many records of each kind a project holds."""
    return {name: model.objects.filter(**{path: project}).count() for name, model, path in COUNTED}


def counts_text(counts: dict[str, int]) -> Any:
    """ "80 jeunes, 2 sessions de formation…", translated when shown."""
    models = {name: model for name, model, _path in COUNTED}
    parts = [
        format_lazy("{label} : {n}", n=count, label=models[name]._meta.verbose_name_plural)
        for name, count in counts.items()
        if count
    ]
    if not parts:
        return _("aucun enregistrement")
    return format_lazy(", ".join(["{}"] * len(parts)), *parts)


def existing_project_issue(*, validation: Validation, project: Project) -> Issue:
    row = validation.tables["project"][0]
    return Issue(
        Level.ERROR,
        "project",
        row.number,
        "code",
        project.code,
        format_lazy(
            _(
                "un code de projet qui n'est pas encore dans la base, ou un import avec "
                "remplacement (--replace) ; le projet {code} existe déjà et serait remplacé : "
                "{counts}"
            ),
            code=project.code,
            counts=counts_text(project_counts(project=project)),
        ),
        "project_exists",
    )


# --- reading and validating -------------------------------------------------------------------


def read_and_validate(
    *, package: Package, replace: bool, by: User | None = None, progress: Progress | None = None
) -> Validation:
    """Every error of the package, and, when it is valid, every refusal of what ``by`` (None:
    the command line's operator) may change with it (:mod:`teenlab.datapackage.ownership`)."""
    validation = validate(package=package, replace=replace, progress=progress)
    if validation.ok:
        project = Project.objects.filter(code=validation.project_code).first()
        plan = import_plan(
            validation=validation, package=package, project=project, actor=actor_of(by)
        )
        for error in plan.errors:
            validation.add(error)
    return validation


def validate(*, package: Package, replace: bool, progress: Progress | None = None) -> Validation:
    validation = package_validate(package=package, progress=progress)
    code = validation.project_code
    if code and not replace:
        existing = Project.objects.filter(code=code).first()
        if existing is not None:
            validation.add(existing_project_issue(validation=validation, project=existing))
    return validation


def package_read_and_validate(
    *, source: Path, replace: bool = False, by: User | None = None
) -> ImportResult:
    """Every error and warning of the package at ``source``, nothing written."""
    try:
        with package_open(source=source) as package:
            return ImportResult.of(read_and_validate(package=package, replace=replace, by=by))
    except PackageError as exc:
        return ImportResult(errors=[exc.issue], errors_total=1)


class Refused(Exception):
    """What the database holds forbids this import (found inside its transaction)."""

    def __init__(self, issues: list[Issue]):
        super().__init__(issues)
        self.issues = issues


def package_import(
    *,
    source: Path,
    replace: bool = False,
    progress: Progress | None = None,
    by: User | None = None,
) -> ImportResult:
    """Read, validate and, only if the package has no error at all, load it in one transaction.

    ``by`` is the account that imports (a superuser, or a coordinator who may change only the
    rows of their organisation); None is the command line's operator, who may change everything.
    A project whose code is already in the database is an error unless ``replace``: then its
    records (a coordinator's: their organisation's) are deleted and the package's loaded in
    their place, in the same transaction. A countersigned slot is never changed. Two imports of
    one project never run at once: the second is refused with an error."""
    try:
        with package_open(source=source) as package:
            validation = validate(package=package, replace=replace, progress=progress)
            result = ImportResult.of(validation)
            if not validation.ok:
                return result
            try:
                with import_lock(code=validation.project_code):
                    result.project, result.replaced = load(
                        validation=validation,
                        package=package,
                        progress=progress,
                        replace=replace,
                        by=by,
                    )
            except ReadError as exc:
                # The file changed between the two readings of the attendance table.
                return ImportResult(errors=[exc.issue], errors_total=1)
            except (Refused, ImportRunning) as exc:
                refused = ImportResult.of(validation)
                issues = exc.issues if isinstance(exc, Refused) else [exc.issue]
                refused.errors, refused.errors_total = issues, len(issues)
                return refused
            return result
    except PackageError as exc:
        return ImportResult(errors=[exc.issue], errors_total=1)


def refusals(issues: Iterable[Issue]) -> list[Issue]:
    """The issues that refuse the account the import as a whole (not one row of it)."""
    return [issue for issue in issues if issue.code == REFUSED]


# --- loading ----------------------------------------------------------------------------------


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def value(row: ParsedRow, name: str, default: Any = "") -> Any:
    """A parsed cell, with the model's empty value for an absent or empty one."""
    got = row.values.get(name)
    assert got is not INVALID  # the package is valid: no cell was wrong
    return default if got is None else got


def project_clear(*, project: Project, plan: Plan | None = None) -> None:
    """Delete every record of a project that the import replaces, but the project itself (and
    its audit trail): all of them, or only those of ``plan``'s actor, never its kept rows
    (a countersigned slot…) nor the rows pinned by them.

    Leaves first, each model with one DELETE statement (after what cascades from it)."""
    if plan is None or (plan.actor.everything and not plan.locked_slots):
        scope = None
    else:
        scope = DatabaseScope(plan)

    def rows(model, path: str, name: str, pinned: str | None = None):
        queryset = model.objects.filter(**{path: project})
        if scope is not None:
            queryset = queryset.filter(getattr(scope, name))
            if pinned and plan.pinned.get(pinned):
                queryset = queryset.exclude(plan.pinned_q[pinned])
        return queryset

    delete_cascading(rows(Outcome, "enrolment__cohort__project", "outcomes"))
    delete_cascading(rows(Attendance, "slot__project", "attendance"))
    delete_cascading(rows(Enrolment, "cohort__project", "enrolments"))
    delete_cascading(rows(Event, "project", "events"))
    for model, name in (
        (Slot, "slots"),
        (Module, "modules"),
        (Cohort, "cohorts"),
        (Youth, "youth"),
        (InfoSession, "info_sessions"),
    ):
        delete_cascading(rows(model, "project", name, pinned=name))
    delete_cascading(rows(BudgetLine, "project", "budget"))
    delete_cascading(rows(Expense, "project", "expenses"))
    if scope is None or scope.project_wide:
        for model in (ResidenceZone, Phase, Exchange, Cooperation, Narrative):
            delete_cascading(model.objects.filter(project=project))
    if plan is None or plan.actor.everything:
        delete_cascading(ProjectPartner.objects.filter(project=project))


def delete_cascading(queryset) -> None:
    """``queryset.delete()`` without loading the rows.

    Django's delete() fetches every row of a model that others refer to (attendance has
    signatures) to cascade by hand: minutes and gigabytes for millions of attendance rows.
    This walks the relations instead and deletes with one statement per model, children first:
    CASCADE deletes, SET_NULL clears, and anything else (PROTECT…) is left to Django's own
    delete(), which raises as it should. No delete signals are sent."""
    model = queryset.model
    keys = queryset.values("pk")
    for relation in model._meta.related_objects:
        field = relation.field
        if relation.many_to_many:
            through = relation.through
            name = field.m2m_reverse_field_name()
            through._base_manager.filter(**{f"{name}__in": keys})._raw_delete(queryset.db)
            continue
        related = relation.related_model._base_manager.filter(**{f"{field.name}__in": keys})
        on_delete = field.remote_field.on_delete
        if on_delete is models.CASCADE:
            delete_cascading(related)
        elif on_delete is models.SET_NULL:
            related.update(**{field.name: None})
        elif on_delete is not models.DO_NOTHING and related.exists():
            queryset.delete()  # raises ProtectedError / RestrictedError
            return
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        name = field.m2m_field_name()
        through._base_manager.filter(**{f"{name}__in": keys})._raw_delete(queryset.db)
    queryset._raw_delete(queryset.db)


def load(
    *,
    validation: Validation,
    package: Package,
    progress: Progress | None,
    replace: bool = True,
    by: User | None = None,
) -> tuple[Project, dict[str, int] | None]:
    tables = validation.tables
    project_row = tables["project"][0]
    with transaction.atomic():
        project = Project.objects.select_for_update().filter(code=value(project_row, "code"))
        project = project.first()
        if project is not None and not replace:
            # Created by another import since the package was validated.
            raise Refused([existing_project_issue(validation=validation, project=project)])
        # Checked here, in the transaction, against what the database holds now.
        plan = import_plan(
            validation=validation, package=package, project=project, actor=actor_of(by)
        )
        if not plan.ok:
            raise Refused(plan.errors)
        replaced = None
        kept_youth: dict[str, dict] = {}
        if project is not None:
            replaced = project_counts(project=project)
            kept_youth = {
                row.pop("code"): row
                for row in Youth.objects.filter(project=project)
                .exclude(data_notice_given=False, image_rights=False, guardian_contact="")
                .values("code", *YOUTH_KEPT_ON_REPLACE)
            }
            project_clear(project=project, plan=plan)
        else:
            project = Project(code=value(project_row, "code"))
        if plan.lead:
            project.name = value(project_row, "name")
            project.programme = value(project_row, "programme")
            project.start_date = value(project_row, "start_date")
            project.end_date = value(project_row, "end_date")
            project.cofinancing_total_eur = value(project_row, "cofinancing_total_eur", None)
            project.save()

        organisations = load_organisations(
            project=project,
            rows=tables["organisations"],
            columns=validation.columns.get("organisations", []),
            plan=plan,
        )
        loader = Loader(project=project, tables=tables, organisations=organisations, plan=plan)
        loader.run(kept_youth=kept_youth)
        load_attendance(
            package=package,
            slots=loader.slots,
            youth=loader.youth,
            total=validation.counts.get("attendance", 0),
            progress=progress,
            plan=plan,
        )
        AuditEntry.objects.create(
            user=by,
            project=project,
            action=AuditEntry.Action.IMPORT,
            model="project",
            object_id=project.pk,
            before=replaced,
            after=validation.counts,
        )
    return project, replaced


ORGANISATION_FIELDS = ("name", "country", "city", "phone", "email", "website")


def load_organisations(
    *, project: Project, rows: list[ParsedRow], columns: list[str], plan: Plan
) -> dict[str, int]:
    """Organisations are shared by every project: the package's row updates the fields it holds
    (a column left out of the file leaves that field as it was).

    A coordinator's import (the plan has refused anything else) changes only their own
    organisation's row, as the project's recorded lead partner, and the partners' roles and
    cofinancing as lead partner; in a new project, it makes their organisation its partner."""
    fields = [name for name in ORGANISATION_FIELDS if name in columns]
    existing = Organisation.objects.in_bulk([value(row, "code") for row in rows], field_name="code")
    if not plan.actor.everything:
        own = plan.actor.code
        partners = {p.organisation_id: p for p in ProjectPartner.objects.filter(project=project)}
        for row in rows:
            organisation = existing[value(row, "code")]
            if organisation.code == own and partners and plan.lead:
                for name in fields:
                    setattr(organisation, name, value(row, name))
                organisation.save()
            partner = partners.get(organisation.pk)
            if partner is None and organisation.code == own:
                partner = ProjectPartner(project=project, organisation=organisation)
            elif partner is None or not plan.lead:
                continue
            partner.role = value(row, "role")
            partner.cofinancing_eur = value(row, "cofinancing_eur", None)
            partner.save()
        return {code: organisation.pk for code, organisation in existing.items()}
    for row in rows:
        code = value(row, "code")
        organisation = existing.get(code) or Organisation(code=code)
        for name in fields:
            setattr(organisation, name, value(row, name))
        organisation.save()
        existing[code] = organisation
    ProjectPartner.objects.bulk_create(
        ProjectPartner(
            project=project,
            organisation=existing[value(row, "code")],
            role=value(row, "role"),
            cofinancing_eur=value(row, "cofinancing_eur", None),
        )
        for row in rows
    )
    return {code: organisation.pk for code, organisation in existing.items()}


CODED = {
    InfoSession: "info_sessions",
    Youth: "youth",
    Cohort: "cohorts",
    Module: "modules",
    Slot: "slots",
}


class Loader:
    """Creates the records of every table but attendance, keeping code -> id maps.

    Only the rows the plan loads: a package row the import leaves as it is in the database
    (another organisation's, a countersigned slot) is skipped and its code maps to the kept
    row; the actor's rows that kept rows refer to ("pinned") are updated in place."""

    def __init__(
        self,
        *,
        project: Project,
        tables: dict[str, list[ParsedRow]],
        organisations,
        plan: Plan | None = None,
    ):
        self.project = project
        self.tables = tables
        self.organisations = organisations
        self.plan = plan

    def rows(self, name: str) -> list[ParsedRow]:
        rows = self.tables.get(name, [])
        if self.plan is None or not self.plan.skip.get(name):
            return rows
        return [row for row in rows if self.plan.loads(name, row)]

    def create(self, model, objects: Iterable) -> list:
        return model.objects.bulk_create(objects, batch_size=BATCH_SIZE)

    def by_code(self, model, objects: Iterable) -> dict[str, int]:
        table = CODED[model]
        pinned = self.plan.pinned.get(table, {}) if self.plan is not None else {}
        codes = {}
        if self.plan is not None and self.plan.project is not None:
            # The rows left in the database (kept, pinned) keep their ids.
            codes = dict(model.objects.filter(project=self.project).values_list("code", "pk"))
        new, updated = [], []
        for obj in objects:
            if obj.code in pinned:
                obj.pk = pinned[obj.code]
                updated.append(obj)
            else:
                new.append(obj)
        if updated:
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if not f.primary_key and f.name not in YOUTH_KEPT_ON_REPLACE
            ]
            model.objects.bulk_update(updated, fields, batch_size=BATCH_SIZE)
        codes.update({obj.code: obj.pk for obj in updated})
        codes.update({obj.code: obj.pk for obj in self.create(model, new)})
        return codes

    def run(self, *, kept_youth: dict[str, dict]) -> None:
        project, v = self.project, value
        org = self.organisations
        self.create(
            ResidenceZone,
            (
                ResidenceZone(project=project, commune=v(r, "commune"), zone=v(r, "zone"))
                for r in self.rows("residence_zones")
            ),
        )
        self.create(
            Phase,
            (
                Phase(
                    project=project,
                    number=v(r, "number"),
                    name=v(r, "name"),
                    start_date=v(r, "start_date", None),
                    end_date=v(r, "end_date", None),
                )
                for r in self.rows("phases")
            ),
        )
        sessions = self.by_code(
            InfoSession,
            (
                InfoSession(
                    project=project,
                    code=v(r, "code"),
                    organisation_id=org[v(r, "organisation")],
                    date=v(r, "date"),
                    place=v(r, "place"),
                )
                for r in self.rows("info_sessions")
            ),
        )
        self.youth = self.by_code(
            Youth,
            (
                Youth(
                    project=project,
                    code=v(r, "code"),
                    organisation_id=org[v(r, "organisation")],
                    first_name=v(r, "first_name"),
                    last_name=v(r, "last_name"),
                    birth_date=v(r, "birth_date", None),
                    gender=v(r, "gender"),
                    commune=v(r, "commune"),
                    received_on=v(r, "received_on", None),
                    info_session_id=sessions[r.values["info_session"]]
                    if r.values.get("info_session")
                    else None,
                    referred_by=v(r, "referred_by"),
                    situation_at_entry=v(r, "situation_at_entry"),
                    **kept_youth.get(v(r, "code"), {}),
                )
                for r in self.rows("youth")
            ),
        )
        cohorts = self.by_code(
            Cohort,
            (
                Cohort(
                    project=project,
                    code=v(r, "code"),
                    organisation_id=org[v(r, "organisation")],
                    name=v(r, "name"),
                    start_date=v(r, "start_date"),
                    end_date=v(r, "end_date"),
                )
                for r in self.rows("cohorts")
            ),
        )
        modules = self.by_code(
            Module,
            (
                Module(
                    project=project,
                    code=v(r, "code"),
                    cohort_id=cohorts[v(r, "cohort")],
                    name=v(r, "name"),
                    strand=v(r, "strand"),
                    planned_hours=v(r, "planned_hours"),
                )
                for r in self.rows("modules")
            ),
        )
        self.slots = self.by_code(
            Slot,
            (
                Slot(
                    project=project,
                    code=v(r, "code"),
                    cohort_id=cohorts[v(r, "cohort")],
                    module_id=modules[r.values["module"]] if r.values.get("module") else None,
                    date=v(r, "date"),
                    start=v(r, "start"),
                    end=v(r, "end"),
                    # bulk_create does not call save(), which computes it.
                    duration_minutes=Slot.minutes_between(v(r, "start"), v(r, "end")),
                    place=v(r, "place"),
                )
                for r in self.rows("slots")
            ),
        )
        enrolments = {
            (youth_code, cohort_code): obj.pk
            for (youth_code, cohort_code), obj in zip(
                ((v(r, "youth"), v(r, "cohort")) for r in self.rows("enrolments")),
                self.create(
                    Enrolment,
                    (
                        Enrolment(
                            youth_id=self.youth[v(r, "youth")],
                            cohort_id=cohorts[v(r, "cohort")],
                            enrolled_on=v(r, "enrolled_on"),
                            status=v(r, "status"),
                            left_on=v(r, "left_on", None),
                            dropout_reason=v(r, "dropout_reason"),
                            note=v(r, "note"),
                        )
                        for r in self.rows("enrolments")
                    ),
                ),
                strict=True,
            )
        }
        self.create(
            Outcome,
            (
                Outcome(
                    enrolment_id=enrolments[(v(r, "youth"), v(r, "cohort"))],
                    professional_project=v(r, "professional_project"),
                    exit=v(r, "exit"),
                    detail=v(r, "detail"),
                    recorded_on=v(r, "recorded_on", None),
                )
                for r in self.rows("outcomes")
            ),
        )
        self.create(
            Exchange,
            (
                Exchange(
                    project=project,
                    code=v(r, "code"),
                    origin=v(r, "origin"),
                    destination=v(r, "destination"),
                    kind=v(r, "kind"),
                    title=v(r, "title"),
                    start_date=v(r, "start_date"),
                    end_date=v(r, "end_date", None),
                    place=v(r, "place"),
                    youth_count=v(r, "youth_count", None),
                    staff_count=v(r, "staff_count", None),
                )
                for r in self.rows("exchanges")
            ),
        )
        self.create(
            Event,
            (
                Event(
                    project=project,
                    code=v(r, "code"),
                    cohort_id=cohorts[v(r, "cohort")],
                    title=v(r, "title"),
                    date=v(r, "date"),
                    beneficiary=v(r, "beneficiary"),
                    place=v(r, "place"),
                )
                for r in self.rows("events")
            ),
        )
        self.create(
            BudgetLine,
            (
                BudgetLine(
                    project=project,
                    organisation_id=org[v(r, "organisation")],
                    category=v(r, "category"),
                    planned_eur=v(r, "planned_eur"),
                )
                for r in self.rows("budget")
            ),
        )
        self.create(
            Expense,
            (
                Expense(
                    project=project,
                    organisation_id=org[v(r, "organisation")],
                    category=v(r, "category"),
                    date=v(r, "date"),
                    amount_eur=v(r, "amount_eur"),
                    label=v(r, "label"),
                    supplier=v(r, "supplier"),
                    reference=v(r, "reference"),
                )
                for r in self.rows("expenses")
            ),
        )
        self.create(
            Narrative,
            (
                Narrative(
                    project=project, section=v(r, "section"), lang=v(r, "lang"), text=v(r, "text")
                )
                for r in self.rows("narratives")
            ),
        )
        self.create(
            Cooperation,
            (
                Cooperation(
                    project=project,
                    name=v(r, "name"),
                    kind=v(r, "kind"),
                    roles=v(r, "roles"),
                    note=v(r, "note"),
                )
                for r in self.rows("cooperations")
            ),
        )


def load_attendance(
    *,
    package: Package,
    slots: dict[str, int],
    youth: dict[str, int],
    total: int,
    progress: Progress | None,
    plan: Plan | None = None,
) -> None:
    """Stream the (already validated) attendance table into the database.

    Not bulk_create: building a model instance per row costs more than the insert itself, and
    this table has millions of rows. PostgreSQL gets a COPY, other databases INSERTs of a few
    hundred rows each (see "Speed" in docs/data-package.md)."""
    source = package.tables.get("attendance")
    if source is None:
        return
    rows = source.rows()
    _number, header = next(rows)
    names = [cell.strip().lower() for cell in header]
    slot_at, youth_at, status_at = (names.index(n) for n in ("slot", "youth", "status"))
    minutes_at = names.index("minutes") if "minutes" in names else None

    # Another organisation's rows and a countersigned slot's stay as they are in the database.
    loads = None
    if plan is not None and not (plan.actor.everything and not plan.locked_slots):
        loads = plan.loads_attendance

    def records() -> Iterator[tuple]:
        for _number, cells in rows:
            if loads is not None and not loads(cells[slot_at].strip(), cells[youth_at].strip()):
                continue
            minutes = None
            if minutes_at is not None and minutes_at < len(cells):
                minutes = cells[minutes_at].strip() or None
            yield (
                slots[cells[slot_at].strip()],
                youth[cells[youth_at].strip()],
                cells[status_at].strip().lower(),
                int(minutes) if minutes is not None else None,
            )

    table = connection.ops.quote_name(Attendance._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(Attendance._meta.get_field(name).column)
        for name in ("slot", "youth", "status", "minutes")
    )
    done = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream for the whole table, an order of magnitude quicker than inserts.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for batch in batched(records(), ATTENDANCE_BATCH_SIZE):
                    for record in batch:
                        copy.write_row(record)
                    done += len(batch)
                    if progress is not None:
                        progress("attendance", done, total)
            return
        # Several rows per INSERT: SQLite then spends its time on the rows, not on statements.
        per_statement = max(1, min(500, max_parameters() // 4))
        full = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join(
            ["(%s, %s, %s, %s)"] * per_statement
        )
        with larger_sqlite_cache(cursor):
            for batch in batched(records(), ATTENDANCE_BATCH_SIZE):
                for start in range(0, len(batch), per_statement):
                    chunk = batch[start : start + per_statement]
                    sql = full
                    if len(chunk) < per_statement:
                        sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join(
                            ["(%s, %s, %s, %s)"] * len(chunk)
                        )
                    cursor.execute(sql, [value for record in chunk for value in record])
                done += len(batch)
                if progress is not None:
                    progress("attendance", done, total)


def max_parameters() -> int:
    """How many parameters one statement may carry on this database."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 2000


@contextmanager
def larger_sqlite_cache(cursor):
    """SQLite's default page cache (2 MB) makes it write and reread index pages over and over
    while millions of rows go into three indexes: a 256 MB cache halves the time of the
    attendance insert. Restored afterwards; other databases are left alone."""
    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA cache_size")
    (previous,) = cursor.fetchone()
    cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(previous)}")


# --- export ---------------------------------------------------------------------------------


def package_export(*, project: Project, destination: Path) -> dict[str, int]:
    """Write the project's package to ``destination``: a ``.zip``, an ``.xlsx`` or else a folder.
    Returns the rows written per table."""
    from teenlab.datapackage.writers import package_tables, package_write

    return package_write(tables=package_tables(project=project), destination=Path(destination))
