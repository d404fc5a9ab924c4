"""Template helpers of the cohorts and sign-in pages: ``{% load training %}``."""

import base64

from django import template
from django.utils.safestring import mark_safe

from teenlab.training.ledger import is_erased

register = template.Library()


@register.filter
def png_src(data) -> str:
    """PNG bytes (a signature) as a ``data:`` URL for an ``<img src>``; empty without data or
    once erased by the retention policy (only its digest is kept)."""
    if not data or is_erased(data):
        return ""
    return "data:image/png;base64," + base64.b64encode(bytes(data)).decode("ascii")


@register.filter
def css_string(value) -> str:
    """A CSS string literal (for ``content:`` in the printed sheet's page margins), safe inside
    a ``<style>`` element: quotes, backslashes and ``<`` are escaped as CSS escapes."""
    text = str(value).replace("\n", " ")
    escaped = "".join(f"\\{ord(char):x} " if char in '\\"<>&' else char for char in text)
    return mark_safe(f'"{escaped}"')
