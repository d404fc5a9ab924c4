"""Import and export a data package: the services behind ``teenlab import`` and ``teenlab export``
(and, later, the web upload page)."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from teenlab.core.bulk import (
    bulk_insert,
    copy_rows,
    foreign_keys_checked_after,
    statistics_refresh,
)
from teenlab.core.models import (
    AuditEntry,
    Organisation,
    Project,
    ProjectPartner,
    User,
)
from teenlab.datapackage.locks import ImportRunning, import_lock
from teenlab.datapackage.logos import logos_load
from teenlab.datapackage.messages import Findings, Issue, Level, PackageError
from teenlab.datapackage.ownership import REFUSED, DatabaseScope, Plan, actor_of, import_plan
from teenlab.datapackage.readers import Package, ReadError, package_open
from teenlab.datapackage.schema import (
    LOGOS,
    ORGANISATION_FIELDS,
    TABLE_BY_NAME,
    TABLES,
    Column,
    Kind,
    Table,
)
from teenlab.datapackage.validation import INVALID, ParsedRow, Validation, package_validate
from teenlab.participants.models import Consent, Youth
from teenlab.training import ledger
from teenlab.training.models import Attendance, AttendanceSource, Enrolment, Slot
from teenlab.training.rollups import refresh_enrolment_totals

BATCH_SIZE = 2000
ATTENDANCE_BATCH_SIZE = 10_000
# From this many attendance rows, PostgreSQL checks the attendance table's foreign keys in one
# pass after the COPY rather than one row at a time (docs/data-package.md, "Speed").
KEYS_IN_BULK_FROM = 200_000
# progress(step, rows done, rows in all or None): called now and then during long steps.
Progress = Callable[[str, int, int | None], None]
# Youth fields kept across a replace when the package's youth table does not carry them (a
# specification package): teenlab's additions, recorded in the web application.
YOUTH_KEPT_ON_REPLACE = ("guardian_name", "guardian_contact")
# A consent's fields kept across a replace by a package without the consents table.
CONSENT_KEPT = ("kind", "given_on", "given_by", "granted", "version", "language", "valid_until")


@dataclass
class ImportResult(Findings):
    project: Project | None = None  # the project loaded (None unless it was)
    project_code: str | None = None
    replaced: dict[str, int] | None = None  # what the existing project held, when replaced

    @property
    def loaded(self) -> Project:
        """The project that an import without error loaded."""
        if self.project is None:
            raise LookupError("this import loaded no project")
        return self.project

    @classmethod
    def of(cls, validation: Validation) -> "ImportResult":
        return cls(**validation.found(), project_code=validation.project_code)


# --- what a project holds ---------------------------------------------------------------------

# The tables whose rows a project's records are counted by, in the order they are named.
COUNTED = (
    "youth",
    "info_sessions",
    "cohorts",
    "modules",
    "slots",
    "enrolments",
    "attendance",
    "outcomes",
    "exchanges",
    "events",
    "budget",
    "expenses",
)


def project_counts(*, project: Project) -> dict[str, int]:
    """How many records of each kind a project holds."""
    counts = {}
    for name in COUNTED:
        table = TABLE_BY_NAME[name]
        objects = table.model_class()._default_manager
        counts[name] = objects.filter(**{table.scope: project}).count()
    return counts


def records_label(name: str) -> Any:
    """What a table's records are called ("jeunes"), translated when shown."""
    return TABLE_BY_NAME[name].model_class()._meta.verbose_name_plural


def counts_text(counts: dict[str, int]) -> Any:
    """ "80 jeunes, 2 sessions de formation…", translated when shown."""
    parts = [
        format_lazy("{label} : {n}", n=count, label=records_label(name))
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
            code = validation.project_code
            if code is None:
                raise NotValidated("a valid package names its project")
            try:
                with import_lock(code=code):
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


class NotValidated(ValueError):
    """The loader was given a cell the validator found wrong: only a valid package is loaded."""


def value(row: ParsedRow, name: str, default: Any = "") -> Any:
    """A parsed cell, with the model's empty value for an absent or empty one."""
    got = row.values.get(name)
    if got is INVALID:
        raise NotValidated(f"row {row.number}, column {name}: a wrong cell reached the loader")
    return default if got is None else got


def empty_value(model: type[models.Model], column: Column) -> Any:
    """What the model stores for an empty cell of ``column``: its field's default (NULL where
    the field allows it, an empty text for a text)."""
    field = model._meta.get_field(column.model_field)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{column.model_field} is not a field of the model")
    return field.get_default()


def consents_replaced(*, project: Project, plan: Plan | None) -> QuerySet[Consent]:
    """The consents a replace deletes: those of the project's youth the import may change."""
    consents = Consent.objects.filter(youth__project=project)
    if plan is not None and not plan.actor.everything:
        consents = consents.filter(DatabaseScope(plan).consents)
    return consents


def consents_restore(*, kept: list[dict], youth: dict[str, int]) -> None:
    """Consents recorded in the application, put back after a replace by a package without the
    consents table (a specification package), for the young people it still holds."""
    Consent.objects.bulk_create(
        (
            Consent(
                youth_id=youth[row["youth__code"]],
                recorded_by_id=row["recorded_by_id"],
                **{name: row[name] for name in CONSENT_KEPT},
            )
            for row in kept
            if row["youth__code"] in youth
        ),
        batch_size=BATCH_SIZE,
    )


def project_clear(*, project: Project, plan: Plan | None = None) -> None:
    """Delete every record of a project that the import replaces, but the project itself (and
    its audit trail): all of them, or only those of ``plan``'s actor, never its kept rows
    (a countersigned slot…) nor the rows pinned by them.

    Leaves first, each model with one DELETE statement (after what cascades from it)."""
    if plan is None or (plan.actor.everything and not plan.locked_slots):
        scope = None
    else:
        scope = DatabaseScope(plan)

    def rows(name: str, *, pinned: bool = False) -> QuerySet:
        table = TABLE_BY_NAME[name]
        queryset = table.model_class()._default_manager.filter(**{table.scope: project})
        if plan is not None and scope is not None:
            queryset = queryset.filter(getattr(scope, name))
            if pinned and plan.pinned.get(name):
                queryset = queryset.exclude(plan.pinned_q[name])
        return queryset

    for name in (
        "follow_ups",
        "outcomes",
        "attendance",
        "enrolments",
        "consents",
        "recruitment_decisions",
        "event_participants",
        "exchange_participants",
        "closures",
    ):
        delete_cascading(rows(name))
    # Those kept rows refer to ("pinned") stay, updated in place by the loader.
    for name in ("events", "slots", "modules", "cohorts", "youth", "info_sessions"):
        delete_cascading(rows(name, pinned=True))
    for name in ("budget", "expenses", "planned_costs", "partner_funding"):
        delete_cascading(rows(name))
    if scope is None or scope.project_wide:
        for name in (
            "residence_zones",
            "phases",
            "exchanges",
            "cooperations",
            "narratives",
            "reporting_periods",
        ):
            queryset = TABLE_BY_NAME[name].model_class()._default_manager.filter(project=project)
            if plan is not None and name in plan.pinned_q and plan.pinned.get(name):
                queryset = queryset.exclude(plan.pinned_q[name])
            delete_cascading(queryset)
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
        project = (
            Project.objects.select_for_update().filter(code=value(project_row, "code")).first()
        )
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
        kept_fields = [
            name for name in YOUTH_KEPT_ON_REPLACE if name not in validation.columns["youth"]
        ]
        kept_consents: list[dict] = []
        if project is not None:
            replaced = project_counts(project=project)
            if kept_fields:
                kept_youth = {
                    row.pop("code"): row
                    for row in Youth.objects.filter(project=project).values("code", *kept_fields)
                }
            if "consents" not in package.tables:
                kept_consents = list(
                    consents_replaced(project=project, plan=plan).values(
                        "youth__code", "recorded_by_id", *CONSENT_KEPT
                    )
                )
            project_clear(project=project, plan=plan)
        else:
            project = Project(code=value(project_row, "code"))
        if plan.lead:
            for column in TABLE_BY_NAME["project"].columns:
                if column.name != "code":
                    empty = empty_value(Project, column)
                    setattr(project, column.model_field, value(project_row, column.name, empty))
            project.save()

        organisations = load_organisations(
            project=project,
            rows=tables["organisations"],
            columns=validation.columns.get("organisations", []),
            plan=plan,
        )
        loader = Loader(
            project=project,
            tables=tables,
            organisations=organisations,
            plan=plan,
            progress=progress,
        )
        loader.kept_fields = kept_fields
        loader.run(kept_youth=kept_youth)
        logos_load(
            rows=tables.get(LOGOS.name),
            package=package,
            project=project,
            organisations=organisations,
            plan=plan,
            by=by,
        )

        consents_restore(kept=kept_consents, youth=loader.youth)
        load_attendance(
            package=package,
            slots=loader.slots,
            youth=loader.youth,
            total=validation.counts.get("attendance", 0),
            progress=progress,
            plan=plan,
        )
        statistics_refresh(Youth, Slot, Enrolment, Attendance)
        # Each enrolment's attendance totals, once for the whole project (the rows above were
        # written in bulk, without the signals that keep them: training.rollups).
        if progress is not None:
            progress("totals", 0, None)
        refresh_enrolment_totals(project=project)
        if progress is not None:
            progress("ledger", 0, None)
        # The attendance ledger: one "import" entry per slot whose sheet the import changed
        # (countersigned or signed slots are kept as they are: their ledger with them).
        ledger.record_import(
            slots=Slot.objects.filter(project=project).exclude(pk__in=plan.locked_slots.values()),
            by=by,
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


def load_organisations(
    *, project: Project, rows: list[ParsedRow], columns: list[str], plan: Plan
) -> dict[str, int]:
    """Organisations are shared by every project: the package's row updates the fields it holds
    (a column left out of the file leaves that field as it was).

    A coordinator's import (the plan has refused anything else) changes only their own
    organisation's row, as the project's recorded lead partner, and the partners' roles and
    cofinancing as lead partner; in a new project, it makes their organisation its partner."""
    fields = [(name, field) for name, field in ORGANISATION_FIELDS.items() if name in columns]
    existing = Organisation.objects.in_bulk([value(row, "code") for row in rows], field_name="code")
    if not plan.actor.everything:
        own = plan.actor.code
        partners = {p.organisation_id: p for p in ProjectPartner.objects.filter(project=project)}
        for row in rows:
            organisation = existing[value(row, "code")]
            if organisation.code == own and partners and plan.lead:
                for name, field in fields:
                    setattr(organisation, field, value(row, name))
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
        for name, field in fields:
            setattr(organisation, field, value(row, name))
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


# Loaded on their own: the project and its partners first, the attendance streamed last.
LOADED = [table for table in TABLES if table.name not in ("project", "organisations", "attendance")]
# Tables whose codes other tables refer to: their code -> id maps are kept.
REFERRED = {
    column.ref for table in TABLES for column in table.columns if column.kind == Kind.REF
} - {"organisations"}
# Tables whose rows others belong to (found by their natural key): their key -> id maps are kept.
PARENTS = {table.parent for table in TABLES if table.parent}


class Loader:
    """Creates the records of every table but attendance, keeping code -> id maps.

    Each row's fields come from its table's columns (teenlab.datapackage.schema): a reference
    becomes the id of the row it names, an empty cell the model's empty value.

    Only the rows the plan loads: a package row the import leaves as it is in the database
    (another organisation's, a countersigned slot) is skipped and its code maps to the kept
    row; the actor's rows that kept rows refer to ("pinned") are updated in place."""

    def __init__(
        self,
        *,
        project: Project,
        tables: dict[str, list[ParsedRow]],
        organisations: dict[str, int],
        plan: Plan | None = None,
        progress: Progress | None = None,
    ):
        self.project = project
        self.tables = tables
        self.plan = plan
        self.progress = progress
        # table -> code (or natural key) -> id of its rows, for the rows that refer to them.
        self.ids: dict[str, dict[Any, int]] = {"organisations": organisations}
        # Youth fields a pinned row keeps (the package does not carry them).
        self.kept_fields: list[str] = list(YOUTH_KEPT_ON_REPLACE)

    @property
    def slots(self) -> dict[str, int]:
        return self.ids["slots"]

    @property
    def youth(self) -> dict[str, int]:
        return self.ids["youth"]

    def rows(self, name: str) -> list[ParsedRow]:
        rows = self.tables.get(name, [])
        if self.plan is None or not self.plan.skip.get(name):
            return rows
        plan = self.plan
        return [row for row in rows if plan.loads(name, row)]

    def create(self, model: type[models.Model], objects: Iterable[models.Model]) -> list:
        # COPY on PostgreSQL (teenlab.core.bulk): a large table in seconds, not minutes.
        return bulk_insert(model, objects, batch_size=BATCH_SIZE)

    def by_code(self, model: type[models.Model], table: str, objects: Iterable) -> dict[str, int]:
        pinned = self.plan.pinned.get(table, {}) if self.plan is not None else {}
        codes = {}
        if self.plan is not None and self.plan.project is not None:
            # The rows left in the database (kept, pinned) keep their ids.
            codes = dict(
                model._default_manager.filter(project=self.project).values_list("code", "pk")
            )
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
                if not f.primary_key and f.name not in self.kept_fields
            ]
            model._default_manager.bulk_update(updated, fields, batch_size=BATCH_SIZE)
        codes.update({obj.code: obj.pk for obj in updated})
        codes.update({obj.code: obj.pk for obj in self.create(model, new)})
        return codes

    def builder(
        self, table: Table, model: type[models.Model], extra: Callable[[dict], dict] | None
    ) -> Callable[[ParsedRow], models.Model]:
        """A function making the model instance of one of the table's rows."""
        ids = self.ids
        fields = []  # (column, model attribute, referred table or None, empty value)
        for column in table.columns:
            if table.parent and column.name in table.parent_columns:
                continue  # a field of the parent row, found by the key
            if column.kind == Kind.REF:
                fields.append((column.name, f"{column.model_field}_id", column.ref, None))
            else:
                fields.append((column.name, column.model_field, None, empty_value(model, column)))
        scoped = {"project": self.project} if table.scope == "project" else {}
        parent = None
        if table.parent:
            field = table.column_by_name[table.key[0]].model_field.split("__")[0]
            parent = (f"{field}_id", ids[table.parent], table.parent_columns)

        def build(row: ParsedRow) -> models.Model:
            values = row.values
            kwargs: dict[str, Any] = dict(scoped)
            for name, attribute, referred, empty in fields:
                got = values.get(name)
                if got is INVALID:
                    raise NotValidated(f"{table.name} row {row.number}, column {name}")
                if referred is not None:
                    kwargs[attribute] = ids[referred][got] if got else None
                else:
                    kwargs[attribute] = empty if got is None else got
            if parent is not None:
                attribute, parents, key = parent
                kwargs[attribute] = parents[tuple(values[name] for name in key)]
            if extra is not None:
                kwargs.update(extra(kwargs))
            return model(**kwargs)

        return build

    def named_counts(self) -> Callable[[dict], dict]:
        """``youth_count`` and ``staff_count`` of an exchange left empty in the package but whose
        participants it names: their number (docs/data-package.md, "Who took part")."""
        named: dict[tuple[str, str], int] = defaultdict(int)
        for row in self.tables.get("exchange_participants", []):
            kind = "youth_count" if row.values.get("youth") else "staff_count"
            named[(row.values["exchange"], kind)] += 1

        def counts(fields: dict) -> dict:
            return {
                kind: named[(fields["code"], kind)]
                for kind in ("youth_count", "staff_count")
                if fields.get(kind) is None and named.get((fields["code"], kind))
            }

        return counts

    def run(self, *, kept_youth: dict[str, dict]) -> None:
        extras: dict[str, Callable[[dict], dict]] = {
            # What the web application records about a youth stays across a replace.
            "youth": lambda fields: kept_youth.get(fields["code"], {}),
            # bulk_create does not call save(), which computes it.
            "slots": lambda fields: {
                "duration_minutes": Slot.minutes_between(fields["start"], fields["end"])
            },
            # An empty head count is the number of people the package names.
            "exchanges": self.named_counts(),
        }
        for table in LOADED:
            model = table.model_class()
            build = self.builder(table, model, extras.get(table.name))
            rows = self.rows(table.name)
            if self.progress is not None and rows:
                self.progress(table.name, 0, len(rows))
            if table.name in REFERRED:
                self.ids[table.name] = self.by_code(model, table.name, map(build, rows))
            elif table.name in PARENTS:
                created = self.create(model, map(build, rows))
                self.ids[table.name] = {
                    tuple(row.values[name] for name in table.key): obj.pk
                    for row, obj in zip(rows, created, strict=True)
                }
            else:
                self.create(model, map(build, rows))
            if self.progress is not None and rows:
                self.progress(table.name, len(rows), len(rows))


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
    positions, rows = source.data_rows()
    if not positions:
        return
    slot_at, youth_at, status_at = (positions[n] for n in ("slot", "youth", "status"))
    minutes_at = positions.get("minutes")

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
                AttendanceSource.IMPORTED,
            )

    table = connection.ops.quote_name(Attendance._meta.db_table)
    fields = {field.name: field.column for field in Attendance._meta.concrete_fields}
    columns = ", ".join(
        connection.ops.quote_name(fields[name])
        for name in ("slot", "youth", "status", "minutes", "source")
    )
    done = 0
    if connection.vendor == "postgresql":
        # COPY: one stream for the whole table, an order of magnitude quicker than inserts; a
        # large one with the foreign keys checked once, after it, rather than per row at commit.
        bulk_keys = total >= KEYS_IN_BULK_FROM
        with foreign_keys_checked_after(Attendance) if bulk_keys else nullcontext():
            copy_rows(
                Attendance,
                [fields[name] for name in ("slot", "youth", "status", "minutes", "source")],
                records(),
                every=ATTENDANCE_BATCH_SIZE,
                done=None if progress is None else lambda n: progress("attendance", n, total),
            )
            if bulk_keys and progress is not None:
                progress("keys", 0, None)
        return
    with connection.cursor() as cursor:
        # Several rows per INSERT: SQLite then spends its time on the rows, not on statements.
        per_statement = max(1, min(500, max_parameters() // 5))
        full = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join(
            ["(%s, %s, %s, %s, %s)"] * per_statement
        )
        with larger_sqlite_cache(cursor):
            for batch in batched(records(), ATTENDANCE_BATCH_SIZE):
                for start in range(0, len(batch), per_statement):
                    chunk = batch[start : start + per_statement]
                    sql = full
                    if len(chunk) < per_statement:
                        sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join(
                            ["(%s, %s, %s, %s, %s)"] * len(chunk)
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
