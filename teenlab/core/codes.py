"""The one pattern of every code: a project's, an organisation's, a youth's, a cohort's…

A code is 1 to 64 characters: ASCII letters, digits, ``-``, ``_`` and ``.``, the first a letter
or a digit (docs/data-package.md, "Codes"). Codes name files (exports, bilans, sign-in sheets),
URLs and command-line arguments, so none may hold a ``/``, start a path with ``..``, pass for a
command-line option or a spreadsheet formula (``-x``), or hide behind a look-alike letter of
another alphabet.

The same rule is checked in three places: the data package import (validation.py), every form
and the admin (the model fields' validator), and the database (a CheckConstraint per model).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CODE_MAX_LENGTH = 64
# \A and \Z rather than ^ and $: on SQLite Django's REGEXP is Python's re.search, where $ also
# matches before a final newline; PostgreSQL's regular expressions know \A and \Z too.
CODE_REGEX = rf"\A[A-Za-z0-9][A-Za-z0-9._-]{{0,{CODE_MAX_LENGTH - 1}}}\Z"
CODE_PATTERN = re.compile(CODE_REGEX)

CODE_EXPECTED = _(
    "un code de 1 à 64 caractères : lettres sans accent, chiffres, « - », « _ » ou « . », "
    "commençant par une lettre ou un chiffre (ex. C21-DC_01)"
)

CODE_INVALID = _(
    "Un code tient en 1 à 64 caractères : lettres sans accent, chiffres, « - », « _ » ou « . », "
    "et commence par une lettre ou un chiffre (ex. C21-DC_01)."
)


def validate_code(value: str) -> None:
    """The validator of every code field: forms and the admin show its message."""
    if not is_code(value):
        raise ValidationError(CODE_INVALID, code="invalid_code")


def is_code(value: object) -> bool:
    return isinstance(value, str) and CODE_PATTERN.match(value) is not None


def code_condition(field: str = "code") -> Q:
    """The Q of a CheckConstraint that keeps ``field`` a code."""
    return Q(**{f"{field}__regex": CODE_REGEX})


def existing_codes_check(*models: tuple[str, str, str]):
    """A migration step run before the code constraints are added: it stops with a message
    naming every stored value that breaks the pattern (table, id, value), so that an upgrade
    never fails on an IntegrityError nobody can read. ``models``: (app label, model, field)."""

    def check(apps, schema_editor):
        bad = []
        for app_label, model_name, field in models:
            model = apps.get_model(app_label, model_name)
            for pk, value in model.objects.using(schema_editor.connection.alias).values_list(
                "pk", field
            ):
                if not is_code(value):
                    bad.append(f"{model._meta.db_table} id={pk} {field}={value!r}")
        if bad:
            more = f"\n  … (+{len(bad) - 200})" if len(bad) > 200 else ""
            raise RuntimeError(
                gettext(
                    "Ces codes ne suivent pas le format des codes (docs/data-package.md, "
                    "« Codes ») : corrigez-les, puis relancez la migration."
                )
                + "\n  "
                + "\n  ".join(bad[:200])
                + more
            )

    return check
