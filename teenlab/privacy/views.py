"""The privacy pages: a young person's subject-access export (PDF, JSON) and the information
notice, public (docs/privacy.md)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from teenlab import access
from teenlab.core.filenames import safe_filename
from teenlab.core.models import Organisation
from teenlab.core.permissions import action_required
from teenlab.participants.notice import NOTICE_VERSION
from teenlab.privacy import subject_access as sa

FORMATS = {"pdf": "application/pdf", "json": "application/json"}


@action_required("youth.export")
def subject_access(request, pk, fmt):
    """Everything held about one young person (GDPR Art. 15, 20), in their language unless
    ``?lang=`` asks for another; journaled, with the export listed among the accesses."""
    if fmt not in FORMATS:
        raise Http404
    youth = get_object_or_404(
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
