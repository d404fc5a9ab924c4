"""Admin pages of the core records: organisations, projects and their partners, accounts, journal.

Every changelist names the related rows it shows in ``list_select_related`` (no query per row) and
every foreign key to a large table is an autocomplete field (no select of every row).
"""

from functools import cache

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from teenlab.core.audit import LABEL_KEY, PASSWORD_CHANGED, audit_log, snapshot
from teenlab.core.models import (
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
from teenlab.core.services import SECRET_FIELDS, kept_message, user_delete, user_has_entries

admin.site.site_header = _("teenlab — administration")
admin.site.site_title = _("teenlab — administration")
admin.site.index_title = _("Administration des enregistrements")

# Relations declared without a verbose_name would show their English field name ("cohort",
# "slot"…): they are labelled with their target's French name instead, or with these.
RELATION_LABELS = {"trainers": _("formateur·rice·s")}


def relation_label(field):
    """The label of a relation declared without a verbose_name, or None for any other field."""
    if (
        not getattr(field, "is_relation", False)
        or getattr(field, "_verbose_name", True) is not None
    ):
        return None
    if field.name in RELATION_LABELS:
        return RELATION_LABELS[field.name]
    meta = field.related_model._meta
    return meta.verbose_name_plural if field.many_to_many else meta.verbose_name


@cache
def titled_relation_filter(model, path):
    """A related-field filter on ``path`` shown under the relation's French label."""
    title = relation_label(get_fields_from_path(model, path)[-1])

    class TitledRelatedFieldListFilter(admin.RelatedFieldListFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledRelatedFieldListFilter


@cache
def relation_column(model, name):
    """A changelist column showing the related row ``name`` under its French label.

    Cached: the changelist recognises its sortable columns by identity.
    """

    def column(obj):
        return getattr(obj, name)

    column.short_description = capfirst(relation_label(model._meta.get_field(name)))
    column.admin_order_field = name
    column.__name__ = name
    return column


class FrenchLabelsMixin:
    """Labels relations declared without a verbose_name in forms, columns and filters."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        label = relation_label(db_field)
        if formfield is not None and label is not None:
            formfield.label = capfirst(label)
        return formfield


def stored_snapshot(obj) -> dict:
    """The values ``obj`` has in the database (a form has already changed the instance)."""
    return snapshot(type(obj)._default_manager.get(pk=obj.pk))


class JournalMixin:
    """Writes every change made through the admin to the journal, as the screens do: each
    record added, changed (its fields and its many-to-many relations, before and after) or
    deleted, and each inline row.

    The admin runs each save in one transaction: the journal entries stand or fall with it.
    """

    def journal_snapshot(self, obj) -> dict:
        values = snapshot(obj)
        for field in obj._meta.many_to_many:
            if field.remote_field.through._meta.auto_created:  # not edited through an inline
                values[field.attname] = sorted(
                    getattr(obj, field.name).values_list("pk", flat=True)
                )
        return values

    def _stored_journal_snapshot(self, obj) -> dict:
        return self.journal_snapshot(type(obj)._default_manager.get(pk=obj.pk))

    def save_model(self, request, obj, form, change):
        # Many-to-many relations are saved later, in save_related: the entry is written there.
        obj._journal_before = self._stored_journal_snapshot(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        obj = form.instance
        before = getattr(obj, "_journal_before", None)
        after = self.journal_snapshot(obj)
        if before != after:  # saved unchanged (only its inlines changed, say): no entry
            audit_log(
                user=request.user,
                action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
                obj=obj,
                before=before,
                after=after,
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @staticmethod
    def _journal_deletion(request, obj, *, before: dict) -> None:
        audit_log(user=request.user, action=AuditEntry.Action.DELETE, obj=obj, before=before)

    def delete_model(self, request, obj):
        self._journal_deletion(request, obj, before=self._stored_journal_snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._journal_deletion(request, obj, before=self.journal_snapshot(obj))
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        before = {
            inline.instance.pk: stored_snapshot(inline.instance)
            for inline in formset.initial_forms
            if inline.instance.pk and inline.has_changed()
        }
        for inline in formset.deleted_forms:
            if inline.instance.pk:
                self._journal_deletion(
                    request,
                    inline.instance,
                    before=before.get(inline.instance.pk) or stored_snapshot(inline.instance),
                )
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_log(
                user=request.user, action=AuditEntry.Action.CREATE, obj=obj, after=snapshot(obj)
            )
        for obj, _fields in formset.changed_objects:
            audit_log(
                user=request.user,
                action=AuditEntry.Action.UPDATE,
                obj=obj,
                before=before.get(obj.pk),
                after=snapshot(obj),
            )


class ModelAdmin(JournalMixin, FrenchLabelsMixin, admin.ModelAdmin):
    """The base of every teenlab admin page: French labels, changes journaled."""

    def get_list_display(self, request):
        return [self._labelled_column(name) for name in super().get_list_display(request)]

    def get_sortable_by(self, request):
        if self.sortable_by is None:
            return self.get_list_display(request)
        return self.sortable_by

    def get_list_filter(self, request):
        return [self._labelled_filter(item) for item in super().get_list_filter(request)]

    def _labelled_column(self, name):
        if not isinstance(name, str):
            return name
        try:
            label = relation_label(self.model._meta.get_field(name))
        except FieldDoesNotExist:
            return name
        return name if label is None else relation_column(self.model, name)

    def _labelled_filter(self, item):
        if not isinstance(item, str):
            return item
        label = relation_label(get_fields_from_path(self.model, item)[-1])
        return item if label is None else (item, titled_relation_filter(self.model, item))


class TabularInline(FrenchLabelsMixin, admin.TabularInline):
    pass


ROLE_FIELDS = ("is_coordinator", "is_trainer", "is_counsellor", "is_partner", "is_auditor")


class SameProjectForm(forms.ModelForm):
    """A form whose related rows must belong to the same project as the row itself.

    ``same_project`` names the foreign keys whose target carries a ``project``; ``partner_fields``
    the organisations that must take part in the project (as every organisation a data package
    names does). The project is the ``project`` field, or ``project_from``'s project when the
    model has none of its own.
    """

    same_project: tuple[str, ...] = ()
    partner_fields: tuple[str, ...] = ()
    project_from: str | None = None

    def form_project_id(self) -> int | None:
        cleaned = self.cleaned_data
        if self.project_from is None:
            project = cleaned.get("project", getattr(self.instance, "project", None))
            return project.pk if project else None
        source = cleaned.get(self.project_from)
        return source.project_id if source else None

    def clean(self):
        cleaned = super().clean()
        project_id = self.form_project_id()
        if project_id is None:
            return cleaned
        for name in self.same_project:
            target = cleaned.get(name)
            if target is not None and target.project_id != project_id:
                self.add_error(
                    name,
                    gettext("« %(value)s » appartient à un autre projet.") % {"value": target},
                )
        for name in self.partner_fields:
            organisation = cleaned.get(name)
            if (
                organisation is not None
                and not ProjectPartner.objects.filter(
                    project_id=project_id, organisation=organisation
                ).exists()
            ):
                self.add_error(
                    name,
                    gettext(
                        "« %(value)s » n'est pas partenaire de ce projet : "
                        "ajoutez-la d'abord aux partenaires du projet."
                    )
                    % {"value": organisation},
                )
        return cleaned


class OrganisationForm(forms.ModelForm):
    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if len(country) != 2 or not country.isascii() or not country.isalpha():
            raise forms.ValidationError(
                gettext("Code pays ISO 3166-1 à deux lettres attendu (FR, IT…), pas « %(value)s ».")
                % {"value": self.cleaned_data["country"]}
            )
        return country


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin):
    form = OrganisationForm
    list_display = ("code", "name", "country", "city", "email", "phone")
    list_filter = ("country", "partnerships__role")
    search_fields = ("code", "name", "city")
    ordering = ("name",)


class ProjectPartnerInline(TabularInline):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ("organisation",)


class DatesInOrderMixin:
    """A model form whose ``end_date`` may not precede its ``start_date``."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext("La fin ne peut pas précéder le début."))
        return cleaned


class ProjectForm(DatesInOrderMixin, forms.ModelForm):
    pass


@admin.register(Project)
class ProjectAdmin(ModelAdmin):
    form = ProjectForm
    list_display = ("code", "name", "programme", "start_date", "end_date", "cofinancing_total_eur")
    search_fields = ("code", "name", "programme")
    ordering = ("-start_date", "code")
    date_hierarchy = "start_date"
    inlines = (ProjectPartnerInline,)


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(ModelAdmin):
    list_display = ("organisation", "role", "cofinancing_eur", "project")
    list_filter = ("project", "role")
    search_fields = ("organisation__code", "organisation__name")
    ordering = ("project", "organisation__name")
    list_select_related = ("project", "organisation")
    autocomplete_fields = ("project", "organisation")


@admin.register(ResidenceZone)
class ResidenceZoneAdmin(ModelAdmin):
    list_display = ("commune", "zone", "label", "project")
    list_filter = ("project", "zone")
    search_fields = ("commune", "zone")
    ordering = ("project", "zone", "commune")
    list_select_related = ("project",)


@admin.register(Logo)
class LogoAdmin(ModelAdmin):
    list_display = ("owner", "project", "organisation", "sha256")
    list_filter = ("owner",)
    readonly_fields = ("sha256",)
    exclude = ("image",)
    list_select_related = ("project", "organisation")


@admin.register(Narrative)
class NarrativeAdmin(ModelAdmin):
    list_display = ("section", "lang", "project")
    list_filter = ("project", "section", "lang")
    search_fields = ("text",)
    ordering = ("project", "section", "lang")
    list_select_related = ("project",)


@admin.register(NarrativeRevision)
class NarrativeRevisionAdmin(ModelAdmin):
    list_display = ("section", "lang", "project", "author", "created_at")
    list_filter = ("project", "section", "lang")
    search_fields = ("text",)
    list_select_related = ("project", "author")
    raw_id_fields = ("author",)


class TemporaryPasswordForm(AdminPasswordChangeForm):
    """A password a superuser sets for someone else is temporary: changed at the next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


class TemporaryPasswordAddForm(AdminUserCreationForm):
    def save(self, commit=True):
        self.instance.must_change_password = True
        return super().save(commit=commit)


@admin.action(permissions=["delete"], description=_("Supprimer les comptes sélectionnés"))
def accounts_delete(modeladmin, request, queryset):
    """Django's "delete selected", but an account that figures in the journal is deactivated."""
    if not request.POST.get("post"):
        return delete_selected(modeladmin, request, queryset)  # the confirmation page
    if not modeladmin.has_delete_permission(request):
        raise PermissionDenied
    modeladmin.delete_queryset(request, queryset)
    return None


@admin.register(User)
class UserAdmin(JournalMixin, FrenchLabelsMixin, BaseUserAdmin):
    """Accounts: every change journaled (never the password hash); an account that figures in
    the journal is deactivated instead of deleted, so that its entries keep naming it."""

    add_form = TemporaryPasswordAddForm
    change_password_form = TemporaryPasswordForm
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Organisation et rôles"),
            {"fields": ("organisation", *ROLE_FIELDS, "must_change_password", "is_demo")},
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Organisation et rôles"), {"fields": ("organisation", *ROLE_FIELDS)}),
    )
    readonly_fields = ("is_demo",)
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        *ROLE_FIELDS,
        "is_active",
    )
    list_filter = ("organisation", *ROLE_FIELDS, "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "first_name", "last_name", "email", "organisation__name")
    ordering = ("username",)
    list_select_related = ("organisation",)

    def journal_snapshot(self, obj) -> dict:
        return {
            key: value
            for key, value in super().journal_snapshot(obj).items()
            if key not in SECRET_FIELDS
        }

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (
                accounts_delete,
                "delete_selected",
                accounts_delete.short_description,
            )
        return actions

    def get_deleted_objects(self, objs, request):
        kept = [account for account in objs if user_has_entries(account)]
        deletable = [account for account in objs if account not in kept]
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(
            deletable, request
        )
        for account in kept:
            to_delete.append(
                gettext("%(account)s : figure au journal, sera désactivé·e et non supprimé·e")
                % {"account": account}
            )
        return to_delete, model_count, perms_needed, protected

    def log_deletions(self, request, queryset):
        # Django's own admin history: an account the journal names is deactivated, not deleted.
        return super().log_deletions(
            request, [account for account in queryset if not user_has_entries(account)]
        )

    def _delete(self, request, account) -> None:
        if user_delete(account=account, by=request.user):
            self.message_user(
                request,
                gettext("Le compte « %(account)s » a été supprimé.") % {"account": account},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, kept_message(account), messages.WARNING)

    def delete_model(self, request, obj):
        self._delete(request, obj)

    def delete_queryset(self, request, queryset):
        for account in list(queryset):
            self._delete(request, account)

    def response_delete(self, request, obj_display, obj_id):
        # The outcome (deleted or deactivated) is already said by _delete.
        return HttpResponseRedirect(reverse("admin:core_user_changelist"))

    @method_decorator(sensitive_post_parameters())
    @method_decorator(transaction.atomic)
    def user_change_password(self, request, id, form_url=""):
        account = self.get_object(request, unquote(id))
        hashed = account.password if account is not None else None
        response = super().user_change_password(request, id, form_url)
        if account is not None and request.method == "POST":
            account.refresh_from_db(fields=["password"])
            if account.password != hashed:  # what changed, never the hash
                audit_log(
                    user=request.user,
                    action=AuditEntry.Action.UPDATE,
                    obj=account,
                    before={LABEL_KEY: str(account), "password": None},
                    after={LABEL_KEY: str(account), "password": PASSWORD_CHANGED},
                )
        return response


class ReadOnlyAdmin(ModelAdmin):
    """Evidence (the journal, signatures, countersignatures, corrections): shown, never added,
    edited or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The journal is written by the application only: it can be read, never edited."""

    list_display = ("at", "user", "action", "model", "object_id", "project")
    list_filter = ("action", "model", "project")
    search_fields = ("model", "user__username")
    ordering = ("-at", "-id")
    date_hierarchy = "at"
    list_select_related = ("user", "project")
    fields = readonly_fields = (
        "at",
        "user",
        "action",
        "model",
        "object_id",
        "project_name",
        "youth_ref",
        "before",
        "after",
    )

    @admin.display(description=_("projet"))
    def project_name(self, entry):
        return entry.project

    @admin.display(description=_("jeune (identifiant)"))
    def youth_ref(self, entry):
        return entry.youth_id
