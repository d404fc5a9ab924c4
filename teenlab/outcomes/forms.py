from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenlab.core.choices import Exit, FollowUpSituation, FollowUpSource, ProfessionalProject
from teenlab.core.forms import AccessibleFormMixin, free_text_help

BLANK = [("", "—")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OutcomeRowForm(AccessibleFormMixin, forms.Form):
    """One young person's outcome, a row of the cohort's outcomes screen."""

    enrolment = forms.IntegerField(widget=forms.HiddenInput)
    professional_project = forms.ChoiceField(
        label=_("Projet professionnel"),
        choices=BLANK + list(ProfessionalProject.choices),
        required=False,
    )
    exit = forms.ChoiceField(label=_("Sortie"), choices=BLANK + list(Exit.choices), required=False)
    detail = forms.CharField(
        label=_("Détail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=free_text_help(),
    )
    recorded_on = forms.DateField(label=_("Recueilli le"), required=False, widget=DateInput())

    def __init__(self, *args, had_outcome: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.had_outcome = had_outcome

    def clean(self):
        data = super().clean()
        project, exit_ = data.get("professional_project"), data.get("exit")
        filled = project or exit_ or data.get("detail") or data.get("recorded_on")
        if filled or self.had_outcome:
            if not project:
                self.add_error("professional_project", _("Choisissez le projet professionnel."))
            if not exit_:
                self.add_error("exit", _("Choisissez la sortie."))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (
            data.get("professional_project")
            or data.get("exit")
            or data.get("detail")
            or data.get("recorded_on")
        )


class BaseOutcomeFormSet(forms.BaseFormSet):
    def __init__(self, *args, enrolments, **kwargs):
        self.enrolments = enrolments
        kwargs.setdefault(
            "initial",
            [
                {
                    "enrolment": e.pk,
                    "professional_project": e.outcome.professional_project,
                    "exit": e.outcome.exit,
                    "detail": e.outcome.detail,
                    "recorded_on": e.outcome.recorded_on,
                }
                if _has_outcome(e)
                else {"enrolment": e.pk}
                for e in enrolments
            ],
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.enrolments):
            kwargs["had_outcome"] = _has_outcome(self.enrolments[index])
        return kwargs

    def clean(self):
        super().clean()
        expected = [e.pk for e in self.enrolments]
        posted = [form.cleaned_data.get("enrolment") for form in self.forms]
        if posted != expected:
            raise forms.ValidationError(
                _(
                    "La liste des jeunes de la session a changé pendant la saisie : "
                    "rechargez la page et saisissez à nouveau."
                )
            )


def _has_outcome(enrolment) -> bool:
    return hasattr(enrolment, "outcome")


def outcome_formset(*, enrolments, data=None):
    count = len(enrolments)
    formset_class = forms.formset_factory(
        OutcomeRowForm,
        formset=BaseOutcomeFormSet,
        extra=0,
        max_num=count,
        absolute_max=count,
        validate_max=True,
        validate_min=True,
        min_num=count,
    )
    return formset_class(data=data, enrolments=enrolments, prefix="outcomes")


class FollowUpForm(AccessibleFormMixin, forms.Form):
    """A young person's situation after leaving, at exit or at six months."""

    situation = forms.ChoiceField(label=_("Situation"), choices=FollowUpSituation.choices)
    qualification_gained = forms.BooleanField(
        label=_("A obtenu une qualification (diplôme, titre, certificat)"), required=False
    )
    date = forms.DateField(
        label=_("Date de la situation"), widget=DateInput(), initial=timezone.localdate
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=FollowUpSource.choices, initial=FollowUpSource.YOUTH
    )
    detail = forms.CharField(
        label=_("Détail"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : CDD de six mois, BTS en alternance. Pas de donnée de santé."),
    )
