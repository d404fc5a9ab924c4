"""The admin pages: every registered model opens, in French, without a query per row."""

import datetime as dt

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin, ForeignKeyRawIdWidget
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.forms import ModelChoiceField
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teenlab.activities.models import (
    Cooperation,
    Event,
    EventParticipant,
    Exchange,
    ExchangeParticipant,
    Phase,
)
from teenlab.core.choices import AttendanceStatus
from teenlab.core.models import (
    AuditChainHead,
    AuditEntry,
    Logo,
    Narrative,
    NarrativeRevision,
    Organisation,
    Project,
    ProjectPartner,
    ResidenceZone,
    User,
)
from teenlab.finance.models import (
    BudgetLine,
    Expense,
    PartnerFunding,
    PlannedCost,
    ReportingPeriod,
)
from teenlab.outcomes.models import FollowUp, Outcome
from teenlab.participants.models import (
    Consent,
    InfoSession,
    RecruitmentDecision,
    SensitiveNote,
    Youth,
)
from teenlab.privacy.models import Anonymisation, ErasureRequest
from teenlab.training.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceEntry,
    AttendanceSignature,
    Closure,
    Cohort,
    Enrolment,
    EnrolmentAttendance,
    Module,
    Slot,
    SlotCountersignature,
)
from tests import factories as f

FACTORIES = {
    Organisation: f.OrganisationFactory,
    Project: f.ProjectFactory,
    ProjectPartner: f.ProjectPartnerFactory,
    ResidenceZone: f.ResidenceZoneFactory,
    Narrative: f.NarrativeFactory,
    NarrativeRevision: f.NarrativeRevisionFactory,
    Logo: f.LogoFactory,
    User: f.UserFactory,
    AuditEntry: lambda: AuditEntry.objects.create(
        action=AuditEntry.Action.UPDATE, model="youth", object_id=1, before={"a": 1}
    ),
    InfoSession: f.InfoSessionFactory,
    Youth: f.YouthFactory,
    RecruitmentDecision: f.RecruitmentDecisionFactory,
    Consent: f.ConsentFactory,
    SensitiveNote: f.SensitiveNoteFactory,
    Cohort: f.CohortFactory,
    Module: f.ModuleFactory,
    Closure: f.ClosureFactory,
    Slot: f.SlotFactory,
    Enrolment: f.EnrolmentFactory,
    EnrolmentAttendance: f.EnrolmentAttendanceFactory,
    Attendance: f.AttendanceFactory,
    Outcome: f.OutcomeFactory,
    FollowUp: f.FollowUpFactory,
    Phase: f.PhaseFactory,
    Exchange: f.ExchangeFactory,
    Event: f.EventFactory,
    EventParticipant: f.EventParticipantFactory,
    ExchangeParticipant: f.ExchangeParticipantFactory,
    Cooperation: f.CooperationFactory,
    BudgetLine: f.BudgetLineFactory,
    Expense: f.ExpenseFactory,
    ReportingPeriod: f.ReportingPeriodFactory,
    PlannedCost: f.PlannedCostFactory,
    PartnerFunding: f.PartnerFundingFactory,
    AttendanceSignature: f.AttendanceSignatureFactory,
    SlotCountersignature: f.SlotCountersignatureFactory,
    AttendanceCorrection: f.AttendanceCorrectionFactory,
    AttendanceEntry: f.AttendanceEntryFactory,
    Anonymisation: f.AnonymisationFactory,
    ErasureRequest: f.ErasureRequestFactory,
}
RECORD_APPS = (
    "core",
    "participants",
    "training",
    "outcomes",
    "activities",
    "finance",
    "privacy",
)
# teenlab's admin pages; those of django-axes (login attempts) and django-otp (devices) are theirs.
REGISTERED = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label not in {"axes", "otp_totp", "otp_static"}
    ),
    key=lambda model: model._meta.label,
)
# Tables small enough for a plain select: a handful (or a few hundred) rows per installation.
SMALL_TABLES = {Project, Organisation, Group, Permission}


def model_id(model):
    return model._meta.label


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow on purpose; these tests log in a superuser each, not attack a hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser_request(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return request


def test_every_model_of_the_records_has_an_admin_page():
    records = {
        model for app in RECORD_APPS for model in django_apps.get_app_config(app).get_models()
    } - {AuditChainHead}  # the journal's machinery, never edited by hand
    ours = {model for model in REGISTERED if model._meta.app_label != "auth"}
    assert ours == records
    assert set(FACTORIES) == records


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_the_changelist_opens_and_lists_the_record(admin_client, model):
    obj = FACTORIES[model]() if model in FACTORIES else None
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert "teenlab — administration" in response.text
    if obj is not None:
        assert obj.pk in {row.pk for row in response.context["cl"].result_list}


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_the_add_page_opens_unless_adding_is_forbidden(admin_client, superuser_request, model):
    may_add = admin.site._registry[model].has_add_permission(superuser_request)
    response = admin_client.get(admin_url(model, "add"))
    assert response.status_code == (200 if may_add else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_the_change_page_opens(admin_client, model):
    obj = FACTORIES[model]() if model in FACTORIES else model.objects.create(name="groupe")
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert str(obj) in response.text


@pytest.mark.django_db
def test_the_journal_cannot_be_added_to_changed_or_deleted(admin_client):
    entry = FACTORIES[AuditEntry]()
    assert admin_client.get(admin_url(AuditEntry, "add")).status_code == 403
    assert admin_client.get(admin_url(AuditEntry, "delete", entry.pk)).status_code == 403
    response = admin_client.post(admin_url(AuditEntry, "change", entry.pk), {"model": "x"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.model == "youth"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [AttendanceSignature, SlotCountersignature, AttendanceCorrection, AttendanceEntry],
    ids=model_id,
)
def test_the_sign_in_evidence_is_shown_but_never_edited(admin_client, model):
    obj = FACTORIES[model]()
    assert admin_client.get(admin_url(model, "add")).status_code == 403
    assert admin_client.get(admin_url(model, "delete", obj.pk)).status_code == 403
    assert admin_client.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    page = admin_client.get(admin_url(model, "change", obj.pk)).text
    if hasattr(obj, "image"):
        assert "data:image/png;base64," in page
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_no_form_offers_a_select_of_a_large_table(superuser_request, model):
    model_admin = admin.site._registry[model]
    form = model_admin.get_form(superuser_request)
    forms = [form] + [
        formset.form for formset, _ in model_admin.get_formsets_with_inlines(superuser_request)
    ]
    for form_class in forms:
        for name, field in form_class.base_fields.items():
            if not isinstance(field, ModelChoiceField) or field.queryset.model in SMALL_TABLES:
                continue
            widget = getattr(field.widget, "widget", field.widget)
            assert isinstance(widget, AutocompleteMixin | ForeignKeyRawIdWidget), (
                f"{model_id(model)}.{name} lists every {field.queryset.model._meta.label}"
            )


def changelist_queries(client, model) -> int:
    url = admin_url(model, "changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [
        Attendance,
        Youth,
        Enrolment,
        Slot,
        Outcome,
        FollowUp,
        AttendanceSignature,
        AttendanceCorrection,
    ],
    ids=model_id,
)
def test_a_changelist_costs_as_many_queries_for_20_rows_as_for_2(admin_client, model):
    FACTORIES[model].create_batch(2)
    admin_client.get(admin_url(model, "changelist"))  # warm caches (content types, session)
    with_2 = changelist_queries(admin_client, model)
    FACTORIES[model].create_batch(18)
    with_20 = changelist_queries(admin_client, model)
    assert model.objects.count() == 20
    assert with_20 == with_2


@pytest.mark.django_db
def test_columns_filters_and_labels_are_in_french(admin_client):
    f.AttendanceFactory.create_batch(2)  # two projects, two cohorts: their filters show
    response = admin_client.get(admin_url(Attendance, "changelist"))
    html = response.text
    for label in ("Jeune", "Créneau", "Session de formation", "Statut"):
        assert f">{label}</a>" in html
    assert 'data-filter-title="projet"' in html
    assert 'data-filter-title="session de formation"' in html
    assert ">Slot</a>" not in html
    assert 'data-filter-title="project"' not in html

    change = admin_client.get(admin_url(Module, "add")).text
    assert "Session de formation" in change
    assert ">Cohort" not in change


@pytest.mark.django_db
def test_attendance_of_a_youth_not_enrolled_in_the_slots_cohort_is_refused(admin_client):
    slot = f.SlotFactory()
    stranger = f.YouthFactory(project=slot.project)
    response = admin_client.post(
        admin_url(Attendance, "add"),
        {"slot": slot.pk, "youth": stranger.pk, "status": AttendanceStatus.PRESENT},
    )
    assert response.status_code == 200
    assert "n&#x27;est pas inscrit·e à la session de ce créneau" in response.text
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_partial_attendance_needs_minutes_within_the_slot(admin_client):
    enrolment = f.EnrolmentFactory()
    slot = f.SlotFactory(cohort=enrolment.cohort)
    url = admin_url(Attendance, "add")
    data = {"slot": slot.pk, "youth": enrolment.youth.pk, "status": AttendanceStatus.PARTIAL}
    assert "indique ses minutes" in admin_client.post(url, data).text
    too_long = admin_client.post(url, {**data, "minutes": slot.duration_minutes + 1}).text
    assert f"ne dure que {slot.duration_minutes} minutes" in too_long
    assert not Attendance.objects.exists()
    response = admin_client.post(url, {**data, "minutes": slot.duration_minutes - 30})
    assert response.status_code == 302
    assert Attendance.objects.get().minutes == slot.duration_minutes - 30


@pytest.mark.django_db
def test_a_slot_ending_before_it_starts_is_refused_with_a_message(admin_client):
    cohort = f.CohortFactory()
    data = {
        "project": cohort.project.pk,
        "code": "C-X",
        "cohort": cohort.pk,
        "date": "2022-01-10",
        "start": "14:00",
        "end": "09:00",
    }
    response = admin_client.post(admin_url(Slot, "add"), data)
    assert "La fin doit suivre le début." in response.text
    assert not Slot.objects.exists()


@pytest.mark.django_db
def test_a_record_cannot_point_to_another_projects_rows(admin_client):
    cohort = f.CohortFactory()
    other_project = f.ProjectFactory()
    data = {
        "project": other_project.pk,
        "code": "M-X",
        "cohort": cohort.pk,
        "name": "Module",
        "strand": "fablab",
        "planned_hours": "30",
    }
    response = admin_client.post(admin_url(Module, "add"), data)
    assert "appartient à un autre projet" in response.text
    assert not Module.objects.exists()


@pytest.mark.django_db
def test_a_youths_organisation_must_be_a_partner_of_the_project(admin_client):
    project = f.ProjectFactory()
    outsider = f.OrganisationFactory()
    data = {
        "project": project.pk,
        "code": "J-X",
        "organisation": outsider.pk,
        "first_name": "Léa",
        "last_name": "Martin",
        "gender": "f",
    }
    response = admin_client.post(admin_url(Youth, "add"), data)
    assert "n&#x27;est pas partenaire de ce projet" in response.text
    assert not Youth.objects.exists()
    f.ProjectPartnerFactory(project=project, organisation=outsider)
    assert admin_client.post(admin_url(Youth, "add"), data).status_code == 302
    assert Youth.objects.get().organisation == outsider


@pytest.mark.django_db
def test_modules_added_in_a_cohort_take_its_project_and_unique_codes(admin_client):
    cohort = f.CohortFactory()
    f.ModuleFactory(cohort=cohort, code="M-DUP")
    url = admin_url(Cohort, "change", cohort.pk)
    data = {
        "project": cohort.project.pk,
        "code": cohort.code,
        "organisation": cohort.organisation.pk,
        "name": cohort.name,
        "start_date": "2022-01-10",
        "end_date": "2022-04-29",
        "modules-TOTAL_FORMS": "1",
        "modules-INITIAL_FORMS": "0",
        "modules-0-code": "M-DUP",
        "modules-0-name": "FabLab",
        "modules-0-strand": "fablab",
        "modules-0-planned_hours": "30",
    }
    response = admin_client.post(url, data)
    assert "déjà utilisé dans ce projet" in response.text
    assert cohort.modules.count() == 1
    response = admin_client.post(url, {**data, "modules-0-code": "M-NEW"})
    assert response.status_code == 302
    assert cohort.modules.get(code="M-NEW").project == cohort.project


@pytest.mark.django_db
def test_cooperation_roles_are_ticked_and_stored_as_codes(admin_client):
    project = f.ProjectFactory()
    data = {
        "project": project.pk,
        "name": "Lycée du Granier",
        "kind": "school",
        "roles": ["training", "design"],
    }
    assert admin_client.post(admin_url(Cooperation, "add"), data).status_code == 302
    cooperation = Cooperation.objects.get()
    assert cooperation.roles == "design;training"
    page = admin_client.get(admin_url(Cooperation, "change", cooperation.pk))
    assert page.context["adminform"].form.initial["roles"] == ["design", "training"]


@pytest.mark.django_db
def test_the_admin_speaks_italian_and_english(admin_client):
    f.EnrolmentFactory(left_on=dt.date(2022, 2, 1), status="dropped_out")
    url = admin_url(Enrolment, "changelist")
    for language, label, header in (
        ("it", "Abbandono", "Sessione di formazione"),
        ("en", "Dropout", "Training session"),
        ("fr", "Abandon", "Session de formation"),
    ):
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = admin_client.get(url).text
        assert label in html
        assert f">{header}</a>" in html


@pytest.mark.django_db
def test_an_account_is_created_with_its_organisation_and_roles(admin_client):
    organisation = f.OrganisationFactory()
    data = {
        "username": "formatrice",
        "password1": "une-phrase-de-passe-solide",
        "password2": "une-phrase-de-passe-solide",
        "usable_password": "true",
        "organisation": organisation.pk,
        "is_trainer": "on",
    }
    response = admin_client.post(admin_url(User, "add"), data)
    assert response.status_code == 302
    account = User.objects.get(username="formatrice")
    assert account.organisation == organisation
    assert account.is_trainer and not account.is_coordinator
    assert account.check_password("une-phrase-de-passe-solide")


@pytest.mark.django_db
def test_a_youths_last_name_is_not_labelled_like_the_first_name(admin_client):
    youth = f.YouthFactory()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    html = admin_client.get(admin_url(Youth, "change", youth.pk)).text
    assert '<label class="required" for="id_last_name">Cognome:</label>' in html
    assert '<label class="required" for="id_first_name">Nome:</label>' in html


@pytest.mark.django_db
def test_changes_made_in_the_admin_are_journaled(admin_client, admin_user):
    youth = f.YouthFactory(last_name="Martin")
    data = {
        "project": youth.project.pk,
        "code": youth.code,
        "organisation": youth.organisation.pk,
        "first_name": youth.first_name,
        "last_name": "Martinez",
        "gender": youth.gender,
    }
    assert admin_client.post(admin_url(Youth, "change", youth.pk), data).status_code == 302
    update = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert (update.user, update.model, update.object_id) == (
        admin_user,
        "participants.youth",
        youth.pk,
    )
    assert (update.youth_id, update.project_id) == (youth.pk, youth.project_id)
    assert update.before["last_name"] == "Martin"
    assert update.after["last_name"] == "Martinez"

    response = admin_client.post(admin_url(Youth, "delete", youth.pk), {"post": "yes"})
    assert response.status_code == 302
    deleted = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert (deleted.object_id, deleted.youth_id) == (youth.pk, youth.pk)
    assert deleted.before["last_name"] == "Martinez"
    assert not Youth.objects.exists()


@pytest.mark.django_db
def test_records_added_in_an_inline_are_journaled(admin_client):
    cohort = f.CohortFactory()
    data = {
        "project": cohort.project.pk,
        "code": cohort.code,
        "organisation": cohort.organisation.pk,
        "name": cohort.name,
        "start_date": "2022-01-10",
        "end_date": "2022-04-29",
        "modules-TOTAL_FORMS": "1",
        "modules-INITIAL_FORMS": "0",
        "modules-0-code": "M-FAB",
        "modules-0-name": "FabLab",
        "modules-0-strand": "fablab",
        "modules-0-planned_hours": "30",
    }
    assert admin_client.post(admin_url(Cohort, "change", cohort.pk), data).status_code == 302
    module = cohort.modules.get()
    created = AuditEntry.objects.get(model="training.module")
    assert (created.action, created.object_id) == (AuditEntry.Action.CREATE, module.pk)
    assert created.project_id == cohort.project_id
    assert created.after["code"] == "M-FAB"
    assert not AuditEntry.objects.filter(model="training.cohort").exists()  # the cohort unchanged
