"""The privacy pages: a young person's subject-access export (PDF, JSON) and the information
notice, public; the retention page and a young person's request for erasure (docs/privacy.md)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from teenlab import access
from teenlab.core.filenames import safe_filename
from teenlab.core.forms import call_service
from teenlab.core.middleware import opened_or_404, project_required
from teenlab.core.models import Organisation
from teenlab.core.permissions import action_required
from teenlab.participants.notice import NOTICE_VERSION
from teenlab.privacy import selectors, services
from teenlab.privacy import subject_access as sa
from teenlab.privacy.forms import ErasureForm, RetentionApplyForm
from teenlab.privacy.models import Anonymisation

FORMATS = {"pdf": "application/pdf", "json": "application/json"}


@action_required("youth.export")
def subject_access(request, pk, fmt):
    """Everything held about one young person (GDPR Art. 15, 20), in their language unless
    ``?lang=`` asks for another; journaled, with the export listed among the accesses."""
    if fmt not in FORMATS:
        raise Http404
    youth = opened_or_404(
        request,
        access.subject_access_youth_for(request.user).select_related("organisation", "project"),
        pk=pk,
    )
    lang = request.GET.get("lang") or sa.youth_language(youth)
    if lang not in sa.LANGUAGES:
        messages.error(
            request,
            _("Langue inconnue : choisissez %(languages)s.")
            % {"languages": ", ".join(sa.LANGUAGES)},
        )
        return redirect("participants:youth_detail", pk=youth.pk)
    sensitive = access.may_read_sensitive(request.user, youth)
    sa.subject_access_log(youth=youth, by=request.user, fmt=fmt, lang=lang, sensitive=sensitive)
    data = sa.subject_access_build(youth=youth, by=request.user, lang=lang, sensitive=sensitive)
    body = sa.subject_access_pdf(data) if fmt == "pdf" else sa.subject_access_json(data)
    filename = safe_filename("donnees", youth.project.code, youth.code, lang, suffix=f".{fmt}")
    return HttpResponse(
        body,
        content_type=FORMATS[fmt],
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def notice_current(request):
    """The notice in the language of the page (public)."""
    lang = translation.get_language() or "fr"
    return redirect("privacy:notice", lang=lang[:2] if lang[:2] in sa.LANGUAGES else "fr")


def notice(request, lang):
    """The information notice for young people and their parents, in ``lang``, with its
    version (public: no account needed; printable)."""
    if lang not in sa.LANGUAGES:
        raise Http404
    with translation.override(lang):
        return render(
            request,
            "privacy/notice.html",
            {
                "lang": lang,
                "version": NOTICE_VERSION,
                "body": f"privacy/notice/{lang}.html",
                "notice_languages": sa.LANGUAGES,
                "organisations": Organisation.objects.order_by("name").values_list(
                    "name", flat=True
                ),
            },
        )


# --- Retention and erasure (issue 12, point 3) ---------------------------------------------------

UNPROCESSABLE = 422


def _own_youth(request):
    """The young people of the coordinator's organisation: what they may anonymise."""
    return access.youth_for(request.user).filter(organisation_id=request.user.organisation_id)


@action_required("retention.apply")
@project_required
def retention(request, project):
    today = timezone.localdate()
    youth = _own_youth(request)
    form = RetentionApplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        applied = call_service(
            form,
            services.retention_apply,
            project=project,
            by=request.user,
            today=today,
            youth=youth,
        )
        if applied is not None:
            messages.success(
                request,
                _("%(count)s jeune(s) anonymisé(s) ; les chiffres du bilan sont inchangés.")
                % {"count": len(applied.anonymised)},
            )
            return redirect("privacy:retention")
    due = selectors.due_for_anonymisation(project=project, today=today, youth=youth)
    signatures = selectors.signatures_due(project=project, today=today, youth=youth)
    done = (
        Anonymisation.objects.filter(project=project, youth__in=youth.values("pk"))
        .select_related("youth")
        .order_by("-anonymised_at", "youth__code")[:50]
    )
    return render(
        request,
        "privacy/retention.html",
        {
            "project": project,
            "due": due,
            "signatures": signatures,
            "done": done,
            "form": form,
            "today_date": today,
        },
        status=UNPROCESSABLE if form.errors else 200,
    )


@action_required("erasure.record")
def erasure(request, pk):
    youth = opened_or_404(request, access.youth_for(request.user).select_related("project"), pk=pk)
    anonymised = Anonymisation.objects.filter(youth=youth).first()
    form = ErasureForm(
        request.POST if request.method == "POST" else None,
        initial={"requested_on": timezone.localdate()},
    )
    if request.method == "POST" and anonymised is None and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
        saved = call_service(form, services.erasure_record, youth=youth, by=request.user, **data)
        if saved is not None:
            messages.success(request, _("La demande d'effacement est enregistrée."))
            return redirect("participants:youth_detail", pk=youth.pk)
    return render(
        request,
        "privacy/erasure.html",
        {
            "youth": youth,
            "form": form,
            "anonymised": anonymised,
            "requests": youth.erasure_requests.order_by("-requested_on", "-pk"),
            "kept_until": selectors.signatures_kept_until(
                project=youth.project, today=timezone.localdate()
            ),
        },
        status=UNPROCESSABLE if form.errors else 200,
    )
