"""core.forms.add_service_errors: a service's refusal shown on the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from teenlab.core.forms import add_service_errors, call_service


class NameForm(forms.Form):
    name = forms.CharField()


def _form() -> NameForm:
    form = NameForm({"name": "Lina"})
    assert form.is_valid()
    return form


def test_a_fields_error_stands_beside_its_field():
    form = _form()
    add_service_errors(form, ValidationError({"name": "Ce nom est pris."}))
    assert form.errors == {"name": ["Ce nom est pris."]}
    assert not form.is_valid()


def test_an_error_of_a_field_the_form_does_not_show_stands_above_the_form():
    form = _form()
    add_service_errors(form, ValidationError({"cohort": "Session close."}))
    assert form.non_field_errors() == ["Session close."]


def test_an_error_of_no_field_stands_above_the_form():
    form = _form()
    add_service_errors(form, ValidationError(["Un.", "Deux."]))
    assert form.non_field_errors() == ["Un.", "Deux."]


def test_call_service_gives_the_services_result_or_none_with_its_refusal_on_the_form():
    form = _form()
    assert call_service(form, lambda *, name: name.upper(), name="lina") == "LINA"
    assert form.is_valid()

    def refuse(*, name):
        raise ValidationError({"name": f"{name} est pris."})

    assert call_service(form, refuse, name="Lina") is None
    assert form.errors == {"name": ["Lina est pris."]}
