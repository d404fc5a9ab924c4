"""The bilan's texts written in the app: save a section in its three languages, restore a
version. Every change is journaled (core.audit) and kept as a :class:`NarrativeRevision`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from teenlab.core.audit import audit_log, audited_save, snapshot
from teenlab.core.choices import Language
from teenlab.core.models import AuditEntry, Narrative, NarrativeRevision, Project
from teenlab.reporting.figure_names import text_errors

LANGS: tuple[str, ...] = tuple(Language.values)


def _text_set(*, project: Project, section: str, lang: str, text: str, by) -> bool:
    """The text of ``section`` in ``lang`` becomes ``text`` (empty: the translation is
    removed); a new revision when it changed. Whether it changed."""
    text = text.strip().replace("\r\n", "\n")
    row = Narrative.objects.filter(project=project, section=section, lang=lang).first()
    if (row.text if row else "") == text:
        return False
    if not text:
        assert row is not None
        audit_log(user=by, action=AuditEntry.Action.DELETE, obj=row, before=snapshot(row))
        row.delete()
    else:
        if row is None:
            in_bilan = not Narrative.objects.filter(
                project=project, section=section, in_bilan=False
            ).exists()
            row = Narrative(project=project, section=section, lang=lang, in_bilan=in_bilan)
        row.text = text
        audited_save(row, by=by)
    NarrativeRevision.objects.create(
        project=project,
        section=section,
        lang=lang,
        text=text,
        author=by if getattr(by, "pk", None) else None,
    )
    return True


def _check(texts: dict[str, str]) -> None:
    errors = {f"text_{lang}": text_errors(text) for lang, text in texts.items()}
    errors = {field: problems for field, problems in errors.items() if problems}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def narrative_save(
    *,
    project: Project,
    section: str,
    text_fr: str,
    text_it: str,
    text_en: str,
    in_bilan: bool,
    by,
) -> int:
    """Save ``section``'s texts in French, Italian and English and whether the bilan prints it.
    Refused (``ValidationError`` by field) when a text cites a figure that does not exist.
    Returns how many texts changed."""
    texts = {"fr": text_fr, "it": text_it, "en": text_en}
    _check(texts)
    changed = sum(
        _text_set(project=project, section=section, lang=lang, text=text, by=by)
        for lang, text in texts.items()
    )
    for row in Narrative.objects.filter(project=project, section=section):
        row.in_bilan = in_bilan
        audited_save(row, by=by, skip_unchanged=True)
    return changed


@transaction.atomic
def narrative_restore(*, revision: NarrativeRevision, by) -> bool:
    """The text of ``revision``'s section and language becomes that revision's again (a new
    revision, journaled). Refused when it cites a figure that no longer exists."""
    _check({revision.lang: revision.text})
    return _text_set(
        project=revision.project,
        section=revision.section,
        lang=revision.lang,
        text=revision.text,
        by=by,
    )
