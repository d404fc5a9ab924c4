from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teenlab import access
from teenlab.core.choices import FollowUpKind
from teenlab.core.forms import call_service
from teenlab.core.middleware import opened_or_404, project_required
from teenlab.core.permissions import action_required
from teenlab.outcomes import selectors, services
from teenlab.outcomes.forms import FollowUpForm, outcome_formset

UNPROCESSABLE = 422


@action_required("outcome.edit")
@project_required
def outcome_cohort_list(request, project):
    today = timezone.localdate()
    cohorts = selectors.outcome_cohorts(
        cohorts=access.cohorts_for(request.user),
        enrolments=access.enrolments_for(request.user),
        project=project,
    )
    for cohort in cohorts:
        cohort.missing = cohort.enrolled - cohort.with_outcome
        cohort.ended = selectors.cohort_has_ended(cohort, today=today)
    return render(request, "outcomes/cohort_list.html", {"objects": cohorts, "today": today})


@action_required("outcome.edit")
def outcome_cohort_edit(request, pk):
    cohort = get_object_or_404(
        selectors.cohort_for_outcomes(cohorts=access.cohorts_for(request.user)), pk=pk
    )
    enrolments = selectors.cohort_outcome_enrolments(
        enrolments=access.enrolments_for(request.user), cohort=cohort
    )
    formset = outcome_formset(
        enrolments=enrolments, data=request.POST if request.method == "POST" else None
    )
    today = timezone.localdate()
    if request.method == "POST" and formset.is_valid():
        changes = [
            (enrolment, form.cleaned_data)
            for enrolment, form in zip(enrolments, formset.forms, strict=True)
            if form.has_changed() and not (form.is_blank and not form.had_outcome)
        ]
        try:
            saved = services.outcomes_save(changes=changes, by=request.user, today=today)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            if saved:
                messages.success(
                    request,
                    ngettext("%(n)d sortie enregistrée.", "%(n)d sorties enregistrées.", len(saved))
                    % {"n": len(saved)},
                )
            else:
                messages.info(request, _("Aucune modification à enregistrer."))
            return redirect("outcomes:outcome_cohort_edit", pk=cohort.pk)
    rows = list(zip(enrolments, formset.forms, strict=True)) if enrolments else []
    missing = sum(1 for enrolment in enrolments if not hasattr(enrolment, "outcome"))
    return render(
        request,
        "outcomes/cohort_outcomes.html",
        {
            "cohort": cohort,
            "formset": formset,
            "rows": rows,
            "missing": missing,
            "ended": selectors.cohort_has_ended(cohort, today=today),
        },
    )


@action_required("outcome.edit")
def follow_up_record(request, pk, kind):
    """Record a young person's situation after leaving (``kind``: at exit or at six months),
    from the dashboard's list of follow-ups due; back to the dashboard once saved."""
    if kind not in FollowUpKind.values:
        raise Http404
    enrolment = opened_or_404(
        request,
        selectors.follow_up_enrolment(enrolments=access.enrolments_for(request.user), pk=pk),
    )
    today = timezone.localdate()
    existing = selectors.follow_up_of(enrolment=enrolment, kind=kind)
    initial = {}
    if existing is not None:
        initial = {
            name: getattr(existing, name)
            for name in ("situation", "qualification_gained", "date", "source", "detail")
        }
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.follow_up_record,
            enrolment=enrolment,
            kind=kind,
            by=request.user,
            today=today,
            **form.cleaned_data,
        )
        if saved is not None:
            messages.success(
                request,
                _("Suivi enregistré pour %(youth)s : %(situation)s.")
                % {"youth": enrolment.youth, "situation": saved.get_situation_display()},
            )
            return redirect("dashboard:index")
    return render(
        request,
        "outcomes/follow_up_form.html",
        {
            "form": form,
            "enrolment": enrolment,
            "kind": FollowUpKind(kind),
            "left_on": services.leaving_date(enrolment),
            "existing": existing,
        },
        status=UNPROCESSABLE if form.is_bound and form.errors else 200,
    )
