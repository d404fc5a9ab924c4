"""Logging in beyond the password: the second factor (django-otp), a chosen password."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from teenlab.core import services
from teenlab.core.auth import has_second_factor, safe_next, second_factor_required
from teenlab.core.forms import SecondFactorForm, TeenlabPasswordChangeForm, TeenlabSetPasswordForm


@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code, type a code; the recovery codes once."""
    device = services.second_factor_enrolment_start(user=request.user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.second_factor_enrolment_confirm(
            device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            return render(
                request,
                "registration/otp_recovery_codes.html",
                {"codes": codes, "next": safe_next(request)},
            )
        form.add_error("token", _("Ce code n'est pas le bon : réessayez avec le code affiché."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=5, border=2, title=_("Code QR à scanner")),
        "secret": _b32(device.bin_key),
        "required": second_factor_required(request.user),
        "replacing": has_second_factor(request.user),
        "next": safe_next(request, ""),
    }
    return render(request, "registration/otp_setup.html", context)


@login_required
def otp_verify(request):
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(safe_next(request))
        form.add_error("token", _("Ce code n'est pas valide ou a déjà servi."))
    return render(
        request, "registration/otp_verify.html", {"form": form, "next": safe_next(request, "")}
    )


def _b32(key: bytes) -> str:
    """The key as an app asks for it when typed in, in groups of four."""
    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = TeenlabPasswordChangeForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["temporary"] = self.request.user.must_change_password
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Votre mot de passe a été changé."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = TeenlabSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")
