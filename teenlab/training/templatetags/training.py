"""Template helpers of the cohorts and sign-in pages: ``{% load training %}``."""

import base64

from django import template

register = template.Library()


@register.filter
def png_src(data) -> str:
    """PNG bytes (a signature) as a ``data:`` URL for an ``<img src>``; empty without data."""
    if not data:
        return ""
    return "data:image/png;base64," + base64.b64encode(bytes(data)).decode("ascii")


@register.filter
def css_string(value) -> str:
    """A CSS string literal (for ``content:`` in the printed sheet's page margins)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{text}"'
