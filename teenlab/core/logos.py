"""The logos printed on the bilan and the sign-in sheets (issue 9, point 1): the programme's
and the funder's (on a project), each partner's (on its organisation).

An upload is a PNG or a JPEG, checked by decoding it with Pillow, at most ``MAX_UPLOAD_BYTES``
and ``MAX_PIXELS``; it is stored re-encoded as a PNG (no metadata, nothing hidden), in the
database. Anything else (SVG, a PDF, garbage) is a ``ValidationError`` and nothing is written.
Who: a superuser or a coordinator of the project's lead partner (as the other set-up pages).
The journal keeps the image's SHA-256, never its bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teenlab.core import scoping
from teenlab.core.audit import audit_log, audited_save, snapshot
from teenlab.core.models import AuditEntry, Logo, Organisation, Project

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4000 * 4000
# The printed logo's largest side: bigger images are scaled down before they are stored.
MAX_SIDE = 1200
ACCEPTED_FORMATS = {"PNG", "JPEG"}
PROJECT_OWNERS = (Logo.Owner.PROGRAMME, Logo.Owner.FUNDER)


def too_large() -> ValidationError:
    return ValidationError(
        {"image": [_("Le logo est trop lourd (2 Mo au plus).")]}, code="too_large"
    )


def logo_png(data: bytes) -> bytes:
    """``data`` (a PNG or JPEG file's bytes) decoded and re-encoded as a PNG; else a
    ValidationError on ``image``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large()
    refused = ValidationError(
        {"image": [_("Le logo doit être une image PNG ou JPEG (un SVG n'est pas accepté).")]},
        code="format",
    )
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise refused
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    {"image": [_("Le logo a trop de pixels (16 millions au plus).")]},
                    code="too_many_pixels",
                )
            probe.load()
            image = probe.convert("RGBA")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise refused from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # a new file: no metadata, no extra chunks
    return out.getvalue()


def _owner_target(
    project: Project, owner: str, organisation: Organisation | None
) -> dict[str, object]:
    """The Logo's lookup for ``owner`` of ``project``: the project for the programme and the
    funder, a partner organisation for its own."""
    if owner in PROJECT_OWNERS:
        return {"owner": owner, "project": project, "organisation": None}
    if (
        owner != Logo.Owner.ORGANISATION
        or organisation is None
        or not project.partners.filter(organisation=organisation).exists()
    ):
        raise ValidationError(
            {"owner": [_("Choisissez le programme, le financeur ou un partenaire.")]}
        )
    return {"owner": owner, "project": None, "organisation": organisation}


def _check_sets_up(project: Project, by) -> None:
    if not scoping.projects_set_up_by(by).filter(pk=project.pk).exists():
        raise PermissionDenied


@transaction.atomic
def logo_upload(
    *,
    project: Project,
    by,
    owner: str,
    image: bytes,
    organisation: Organisation | None = None,
) -> Logo:
    """Store ``image`` (PNG or JPEG bytes) as the logo of ``owner`` ("programme", "funder" or
    "organisation" with ``organisation``, a partner of ``project``); replaces the one before."""
    _check_sets_up(project, by)
    return logo_store(
        target=_owner_target(project, owner, organisation), png=logo_png(image), by=by
    )


@transaction.atomic
def logo_store(*, target: dict[str, object], png: bytes, by) -> Logo:
    """Store ``png`` (already made by ``logo_png``) as the logo ``target`` names (owner and
    project or organisation), replacing the one before; journaled. The caller has checked
    who may: the Logos page (``logo_upload``) or an import's plan."""
    logo = Logo.objects.select_for_update().filter(**target).first() or Logo(**target)
    logo.image = png
    logo.sha256 = hashlib.sha256(png).hexdigest()
    audited_save(logo, by=by, skip_unchanged=True)
    return logo


@transaction.atomic
def logo_delete(logo: Logo, *, by) -> None:
    """``logo`` is no longer printed; the journal keeps its SHA-256."""
    audit_log(user=by, action=AuditEntry.Action.DELETE, obj=logo, before=snapshot(logo))
    logo.delete()


@transaction.atomic
def logo_remove(
    *, project: Project, by, owner: str, organisation: Organisation | None = None
) -> None:
    """The logo of ``owner`` is no longer printed (nothing happens if there is none)."""
    _check_sets_up(project, by)
    logo = Logo.objects.filter(**_owner_target(project, owner, organisation)).first()
    if logo is not None:
        logo_delete(logo, by=by)


def png_data_url(png: bytes) -> str:
    """A stored logo as a ``data:`` URL (the CSP's img-src allows ``data:``)."""
    return "data:image/png;base64," + base64.b64encode(bytes(png)).decode("ascii")


def logos_of_cohorts(cohorts) -> dict[int, list[tuple[str, str]]]:
    """{cohort pk: (alternative text, data: URL) of the logos its documents print}: the
    programme's, the funder's and the organisation running the cohort's."""
    found: dict[tuple[int, int], list[tuple[str, str]]] = {}
    printed = {}
    for cohort in cohorts:
        key = (cohort.project_id, cohort.organisation_id)
        if key not in found:
            found[key] = [
                (label, png_data_url(png))
                for label, png in logos_printed(
                    project=cohort.project, organisation=cohort.organisation
                )
            ]
        printed[cohort.pk] = found[key]
    return printed


def logos_printed(
    *, project: Project, organisation: Organisation | None = None
) -> list[tuple[str, bytes]]:
    """(alternative text, PNG) of the logos a document of ``project`` prints, in order: the
    programme's, the funder's, then ``organisation``'s own (without one: every partner's,
    the lead partner first)."""
    logos = list(
        Logo.objects.filter(project=project).order_by("owner").values_list("owner", "image")
    )
    printed = [
        (str(Logo.Owner(owner).label), bytes(image))
        for wanted in PROJECT_OWNERS
        for owner, image in logos
        if owner == wanted
    ]
    partners = project.partners.select_related("organisation").order_by(
        "role", "organisation__name"
    )
    if organisation is not None:
        partners = partners.filter(organisation=organisation)
    own = {
        logo.organisation_id: logo
        for logo in Logo.objects.filter(
            organisation__in=[partner.organisation_id for partner in partners]
        )
    }
    for partner in partners:
        if partner.organisation_id in own:
            printed.append((partner.organisation.name, bytes(own[partner.organisation_id].image)))
    return printed
