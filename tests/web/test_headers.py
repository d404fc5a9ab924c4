"""Issue 7, point 10: a strict Content-Security-Policy, Permissions-Policy, and nothing stored.

The header tests ask the application; the template test reads every template, so that a page
added later with an inline script or style fails here before a browser blocks it.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import teenlab
from tests.web.conftest import login

TEENLAB = Path(teenlab.__file__).resolve().parent

# Rendered only into a file written to disk (never served as a page, so never under the site's
# CSP): its HTML form keeps a <style> element, a self-contained document being the point (its
# PDF form links static/reporting/bilan.css instead).
OFFLINE_TEMPLATES = {"reporting/bilan.html", "reporting/indicators_document.html"}

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on… event handler attribute"),
    (re.compile(r"\bhx-on", re.I), "an hx-on attribute (eval)"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def _root(path: Path) -> Path:
    while path.name != "templates":
        path = path.parent
    return path


def test_no_template_has_inline_script_style_or_handler():
    found = []
    for path in sorted(TEENLAB.rglob("*.html")):
        name = path.relative_to(_root(path)).as_posix()
        if name in OFFLINE_TEMPLATES:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEENLAB)}:{line}: {what}")
    assert found == []


def test_the_offline_templates_are_only_used_for_files_and_pdfs():
    views = list(TEENLAB.rglob("views.py"))
    for view in views:
        text = view.read_text(encoding="utf-8")
        for name in OFFLINE_TEMPLATES:
            assert f'"{name}"' not in text, f"{view} serves {name} as a page"


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_the_login_page_has_a_strict_policy_and_is_never_stored(client):
    response = client.get(reverse("login"))
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "usb", "payment"):
        assert f"{feature}=()" in permissions


@pytest.mark.parametrize(
    "url",
    [
        lambda cast: reverse("dashboard:index"),
        lambda cast: reverse("participants:youth_detail", args=[cast.pupil.pk]),
        lambda cast: reverse("reporting:bilan_download", args=["json"]),
        lambda cast: reverse("participants:youth_detail", args=[cast.stranger.pk]),  # 404
        lambda cast: "/admin/",
    ],
    ids=["dashboard", "youth", "download", "not-found", "admin"],
)
def test_pages_and_downloads_of_an_account_are_never_stored(client, cast, url):
    login(client, cast.coordinator)
    response = client.get(url(cast))
    assert response.status_code in (200, 302, 404)
    assert "no-store" in response["Cache-Control"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_static_files_stay_cacheable_and_carry_no_policy(client):
    response = client.get("/static/teenlab/teenlab.css")
    response.close()  # WhiteNoise answers with the open file
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Content-Security-Policy" not in response
