"""The pages above the records: the dashboard (figures of every record app) and the journal
(core's audit entries, filtered by a young person's code among those the account may open)."""

from django.core.cache import caches
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone, translation

from teenlab import access
from teenlab.core.audit import journal_describe, records_version
from teenlab.core.forms import JournalFilterForm
from teenlab.core.middleware import project_of
from teenlab.core.permissions import action_required, can
from teenlab.core.selectors import journal_authors, journal_search
from teenlab.dashboard.selectors import dashboard_build
from teenlab.outcomes.selectors import follow_ups_due

JOURNAL_PAGE_SIZE = 50


def _figures(request, project, scope, today):
    """The dashboard's figures and the follow-ups due, for this account: computed once per
    change of the records and per day, as the bilan page (docs/web.md, "Dashboard"). The key
    holds the account (its scope, roles and names shown are its own), the project, the day, the
    language (what a consent lacks is said in words) and the records' version, read before
    computing: a write during the computation makes a key nobody asks for again, never a stale
    page."""
    key = (
        f"dashboard:{request.user.pk}:{project.pk}:{today.isoformat()}:"
        f"{translation.get_language()}:{records_version()}"
    )
    reports = caches["reports"]
    figures = reports.get(key)
    if figures is None:
        board = dashboard_build(
            scope=scope,
            today=today,
            with_names=access.figures_name_people(request.user),
            consents=can(request.user, "youth.edit"),
        )
        follow_ups = None
        if can(request.user, "outcome.edit"):  # those who record them: counsellors
            follow_ups = follow_ups_due(
                enrolments=access.enrolments_for(request.user).filter(cohort__project=project),
                today=today,
            )
        figures = (board, follow_ups)
        reports.set(key, figures)
    return figures


@action_required("dashboard.view")
def dashboard(request):
    project = project_of(request)
    scope = access.figure_scope_for(request.user, project) if project else None
    board = follow_ups = None
    today = timezone.localdate()
    if scope is not None:
        board, follow_ups = _figures(request, project, scope, today)
    return render(
        request,
        "dashboard/dashboard.html",
        {"board": board, "project": project, "follow_ups": follow_ups},
    )


@action_required("audit.view")
def journal(request):
    """The journal of the account's organisation: read-only, filtered, paginated."""
    form = JournalFilterForm(request.GET or None, authors=journal_authors(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    entries = journal_search(
        user=request.user,
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        author=filters.get("author"),
        action=filters.get("action", ""),
        model=filters.get("model", ""),
        youth=filters.get("youth", ""),
        visible_youth=access.youth_for(request.user),
    )
    page = Paginator(entries, JOURNAL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/journal.html",
        {
            "form": form,
            "page_obj": page,
            "items": journal_describe(page.object_list, user=request.user),
        },
    )
