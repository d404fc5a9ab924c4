"""The logos in the data package (docs/data-package.md, "Logos"): the optional ``logos`` table
names, per owner (``programme``, ``funder`` or an organisation's code), an image file of the
package's ``logos/`` folder.

Each file goes through the same check as an upload on the Logos page
(:func:`teenlab.core.logos.logo_png`: PNG or JPEG decoded by Pillow, 2 MB, 16 megapixels,
re-encoded as PNG); a bad one is an error of its row and the import writes nothing. A workbook
cannot carry the images: its ``logos`` sheet is left aside with a warning, and a workbook
export leaves the logos out (docs/data-package.md says why).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from teenlab.core.logos import (
    MAX_UPLOAD_BYTES,
    PROJECT_OWNERS,
    logo_delete,
    logo_png,
    logo_store,
    too_large,
)
from teenlab.core.models import Logo, Project
from teenlab.datapackage.messages import Issue, Level
from teenlab.datapackage.readers import LOGOS_FOLDER, Package, ReadError, logo_file_name
from teenlab.datapackage.schema import LOGOS

if TYPE_CHECKING:
    from teenlab.datapackage.ownership import Plan
    from teenlab.datapackage.validation import ParsedRow

SHA256 = re.compile(r"^[0-9a-f]{64}$")
TABLE = LOGOS.name


def issue(level: Level, row: int | None, column: str | None, value, expected, code: str) -> Issue:
    return Issue(level, TABLE, row, column, value, expected, code)


def file_png(package: Package, name: str) -> bytes:
    """The PNG the logo file ``name`` of the package is stored as; ``ValidationError`` when the
    upload's check refuses it, ``ReadError`` when it cannot be read. Its stated size is checked
    before anything is read, and no more than the limit is ever read (a zip may lie)."""
    file = package.files[name]
    if file.size > MAX_UPLOAD_BYTES:
        raise too_large()  # nothing read
    return logo_png(file.read(MAX_UPLOAD_BYTES))


def file_sha256(package: Package, name: str) -> str:
    file = package.files[name]
    return hashlib.sha256(file.read(MAX_UPLOAD_BYTES)).hexdigest()


def logos_check(
    *, package: Package, rows: list[ParsedRow], organisations: set[str]
) -> Iterator[Issue]:
    """What is wrong with the logos rows of a package (already parsed by the validator) and
    their files; every file of ``logos/`` that no row names is a warning."""
    named: set[str] = set()
    for row in rows:
        values = row.values
        owner = values.get("owner")
        if isinstance(owner, str) and owner not in PROJECT_OWNERS and owner not in organisations:
            yield issue(
                Level.ERROR,
                row.number,
                "owner",
                owner,
                _("programme, funder ou le code d'une ligne de la table organisations"),
                "unknown_logo_owner",
            )
        name = values.get("file")
        if not isinstance(name, str):
            continue
        named.add(name)
        yield from file_check(package, row, name)
    for name, file in sorted(package.files.items()):
        if name not in named:
            yield issue(
                Level.WARNING,
                None,
                None,
                file.label,
                _("un fichier nommé par une ligne de la table logos (celui-ci n'est pas importé)"),
                "unused_logo_file",
            )


def file_error(row: ParsedRow, name: str, expected, code: str) -> Issue:
    return issue(Level.ERROR, row.number, "file", name, expected, code)


def file_check(package: Package, row: ParsedRow, name: str) -> Iterator[Issue]:
    expected: Any
    if not logo_file_name(name):
        expected = _("le nom d'un fichier du dossier logos/, sans chemin (ex. programme.png)")
        yield file_error(row, name, expected, "bad_logo_file")
        return
    if name not in package.files:
        expected = format_lazy(
            _("un fichier {folder}/{name} dans le paquet"), folder=LOGOS_FOLDER, name=name
        )
        yield file_error(row, name, expected, "missing_logo_file")
        return
    try:
        stored = hashlib.sha256(file_png(package, name)).hexdigest()
        given = row.values.get("sha256")
        if isinstance(given, str) and given:
            found = file_sha256(package, name)
            if not SHA256.match(given) or found != given:
                expected = format_lazy(
                    _("l'empreinte SHA-256 du fichier {name} : {sha}"), name=name, sha=found
                )
                yield issue(
                    Level.ERROR, row.number, "sha256", given, expected, "logo_sha256_differs"
                )
        # What the import compares with the recorded logo (teenlab.datapackage.ownership):
        # the SHA-256 of the logo as it would be stored.
        row.values["sha256"] = stored
    except ReadError as exc:
        yield exc.issue
    except ValidationError as exc:
        expected = format_lazy(
            _(
                "une image PNG ou JPEG d'au plus 2 Mo et 16 millions de pixels, comme sur "
                "la page Logos ({reason})"
            ),
            reason=" ".join(exc.messages),
        )
        yield file_error(row, name, expected, "bad_logo")


def owners_of(owner: str) -> set[str]:
    """Who a logos row belongs to (teenlab.datapackage.ownership): the programme's and the
    funder's are the project's (its lead partner's); an organisation's logo is its own row,
    which only its coordinator as the project's lead partner changes, as the organisation's
    row itself."""
    from teenlab.datapackage.ownership import PROJECT

    return {PROJECT} if owner in PROJECT_OWNERS else {PROJECT, owner}


def logos_load(
    *,
    rows: list[ParsedRow] | None,
    package: Package,
    project: Project,
    organisations: dict[str, int],
    plan: Plan,
    by,
) -> None:
    """Store the logos of a valid package (``rows`` None: the package has no logos table, and
    the logos stay as they are). The project's programme and funder logos are those of the
    table (one it does not name is removed, when the actor may); an organisation's logo is set,
    never removed (organisations are shared by every project)."""
    if rows is None:
        return
    from teenlab.datapackage.ownership import PROJECT

    for row in rows:
        if not plan.loads(TABLE, row):
            continue  # another organisation's, carried unchanged
        owner = row.values["owner"]
        target: dict[str, Any]
        if owner in PROJECT_OWNERS:
            target = {"owner": owner, "project": project, "organisation": None}
        else:
            target = {
                "owner": Logo.Owner.ORGANISATION,
                "project": None,
                "organisation_id": organisations[owner],
            }
        try:
            png = file_png(package, row.values["file"])
        except ValidationError:
            # The file changed since it was validated.
            unreadable = file_error(row, row.values["file"], _("un fichier lisible"), "unreadable")
            raise ReadError(unreadable) from None
        logo_store(target=target, png=png, by=by)
    if plan.mine({PROJECT}):
        listed = {row.values["owner"] for row in rows}
        for logo in Logo.objects.filter(project=project).exclude(owner__in=listed):
            logo_delete(logo, by=by)


def logos_rows(*, project: Project) -> list[dict[str, Any]]:
    """The project's logos as rows of the logos table, each with its PNG under ``image`` (the
    writers put it in ``logos/``): the programme's, the funder's, then every partner's, under
    ``programme.png``, ``funder.png`` and ``organisation-CODE.png``."""
    partners = (
        Logo.objects.filter(organisation__partnerships__project=project)
        .select_related("organisation")
        .order_by("organisation__code")
    )
    owned = [(logo.owner, logo) for logo in Logo.objects.filter(project=project).order_by("owner")]
    owned += [(logo.organisation.code, logo) for logo in partners if logo.organisation is not None]
    rows = []
    for owner, logo in owned:
        name = f"{owner}.png" if owner in PROJECT_OWNERS else f"organisation-{owner}.png"
        rows.append(
            {
                "owner": owner,
                # A code may hold "..", which a file name may not: then its digest names it.
                "file": name if logo_file_name(name) else f"organisation-{logo.sha256[:16]}.png",
                "sha256": logo.sha256,
                "image": bytes(cast(bytes, logo.image)),
            }
        )
    return rows
