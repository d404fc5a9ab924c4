"""The logos of a project (issue 9, point 1): the programme's, the funder's and each
partner's, uploaded on the set-up pages, checked and re-encoded as PNG, journaled by their
SHA-256, printed at the top of the bilan."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from teenlab.core import logos
from teenlab.core.models import AuditEntry, Logo
from teenlab.reporting.attestations import attestation_html, attestation_pdf, attestations_build
from teenlab.reporting.renderers.html import render_html
from teenlab.reporting.renderers.pdf import render_pdf
from teenlab.reporting.selectors import bilan_build
from teenlab.training.models import Enrolment
from teenlab.training.selectors import sheets_build
from teenlab.training.sheets import sheet_html
from tests.factories import ProjectFactory, SlotFactory, UserFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def image_file(fmt: str = "PNG", size=(60, 30), name="logo.png", **save) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(out, format=fmt, **save)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, project, owner: str, image):
    return client.post(
        reverse("core:project_logos", args=[project.pk]), {"owner": owner, "image": image}
    )


def test_the_lead_coordinator_uploads_replaces_and_removes_a_logo(client, cast):
    login(client, cast.coordinator)
    jpeg = image_file("JPEG", name="funder.jpg", exif=Image.Exif())
    assert upload(client, cast.project, "funder", jpeg).status_code == 302
    logo = Logo.objects.get(project=cast.project, owner="funder")
    stored = bytes(logo.image)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.size == (60, 30)
        assert "exif" not in image.info
    assert logo.sha256 == hashlib.sha256(stored).hexdigest()
    entry = AuditEntry.objects.get(model="core.logo", object_id=logo.pk)
    assert entry.after["sha256"] == logo.sha256 and entry.after["image"] is None
    page = client.get(reverse("core:project_logos", args=[cast.project.pk])).text
    assert logos.png_data_url(stored) in page

    assert upload(client, cast.project, "funder", image_file(size=(20, 20))).status_code == 302
    assert Logo.objects.filter(project=cast.project).count() == 1
    logo.refresh_from_db()
    assert logo.sha256 != hashlib.sha256(stored).hexdigest()

    owner = f"organisation-{cast.away.pk}"
    assert upload(client, cast.project, owner, image_file()).status_code == 302
    assert Logo.objects.filter(organisation=cast.away, owner="organisation").exists()

    remove = reverse("core:project_logo_remove", args=[cast.project.pk])
    assert client.post(remove, {"owner": "funder"}).status_code == 302
    assert not Logo.objects.filter(project=cast.project).exists()
    assert AuditEntry.objects.filter(
        model="core.logo", object_id=logo.pk, action=AuditEntry.Action.DELETE
    ).exists()
    assert client.post(remove, {"owner": "forged"}).status_code == 422


@pytest.mark.parametrize(
    "image",
    [
        SimpleUploadedFile(
            "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'
        ),
        SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\nnot really"),
        SimpleUploadedFile("logo.gif", b"GIF89a" + b"\x00" * 20),
        SimpleUploadedFile("big.png", b"\x89PNG" + b"\x00" * logos.MAX_UPLOAD_BYTES),
    ],
    ids=["svg", "garbage", "gif", "too-heavy"],
)
def test_anything_but_a_png_or_a_jpeg_is_refused_with_nothing_written(client, cast, image):
    login(client, cast.coordinator)
    before = AuditEntry.objects.count()
    response = upload(client, cast.project, "programme", image)
    assert response.status_code == 422
    assert response.context["form"].errors["image"]
    assert not Logo.objects.exists() and AuditEntry.objects.count() == before


def test_too_many_pixels_are_refused(client, cast, monkeypatch):
    monkeypatch.setattr(logos, "MAX_PIXELS", 100)
    login(client, cast.coordinator)
    assert upload(client, cast.project, "programme", image_file()).status_code == 422
    assert not Logo.objects.exists()


def test_another_project_is_a_404_a_non_lead_coordinator_a_403_or_404(client, cast):
    other = ProjectFactory()
    login(client, cast.coordinator)
    assert upload(client, other, "programme", image_file()).status_code == 404
    client.logout()
    login(client, cast.away_coordinator)
    assert upload(client, cast.project, "programme", image_file()).status_code == 404
    client.logout()
    login(client, cast.trainer)
    assert upload(client, cast.project, "programme", image_file()).status_code == 403
    assert not Logo.objects.exists()


def test_a_non_partner_organisation_cannot_get_a_logo(cast):
    root = UserFactory(organisation=None, is_superuser=True, is_staff=True)
    stranger = ProjectFactory()
    with pytest.raises(Exception, match="owner"):
        logos.logo_upload(
            project=stranger,
            by=root,
            owner="organisation",
            organisation=cast.home,
            image=image_file().read(),
        )


def test_the_bilan_prints_the_logos_at_the_top_of_its_first_page(client, cast):
    login(client, cast.coordinator)
    upload(client, cast.project, "programme", image_file(size=(80, 40)))
    upload(client, cast.project, f"organisation-{cast.home.pk}", image_file(size=(40, 40)))
    upload(client, cast.project, f"organisation-{cast.away.pk}", image_file(size=(30, 40)))
    programme = bytes(Logo.objects.get(owner="programme").image)
    home = bytes(Logo.objects.get(organisation=cast.home).image)
    away = bytes(Logo.objects.get(organisation=cast.away).image)

    html = render_html(bilan_build(project=cast.project), "fr")
    band = html.split('id="bilan-logos"')[1].split("</ul>")[0]
    urls = [logos.png_data_url(png) for png in (programme, home, away)]
    assert [band.index(url) for url in urls] == sorted(band.index(url) for url in urls)
    assert html.index('id="bilan-logos"') < html.index('class="cover-title"')

    theirs = render_html(bilan_build(project=cast.project, organisation=cast.away), "it")
    assert logos.png_data_url(away) in theirs and logos.png_data_url(home) not in theirs

    pdf = PdfReader(io.BytesIO(render_pdf(bilan_build(project=cast.project), "en")))
    assert len(pdf.pages[0].images) >= 3


def test_a_bilan_without_logos_has_no_band(cast):
    assert 'id="bilan-logos"' not in render_html(bilan_build(project=cast.project), "fr")


def pdf_images(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_sheets_and_attestations_print_the_programme_and_their_organisations_logos(
    client, cast
):
    login(client, cast.coordinator)
    upload(client, cast.project, "programme", image_file(size=(80, 40)))
    upload(client, cast.project, f"organisation-{cast.home.pk}", image_file(size=(40, 40)))
    upload(client, cast.project, f"organisation-{cast.away.pk}", image_file(size=(30, 40)))
    urls = {
        logo.organisation_id or logo.owner: logos.png_data_url(logo.image)
        for logo in Logo.objects.all()
    }
    slot = SlotFactory(cohort=cast.taught)
    html = sheet_html(sheets=sheets_build(slots=[slot]), lang="fr", title="x")
    assert urls["programme"] in html and urls[cast.home.pk] in html
    assert urls[cast.away.pk] not in html
    sheet = client.get(reverse("training:slot_sheet_pdf", args=[slot.pk]))
    assert sheet.status_code == 200 and pdf_images(sheet.content) == 2
    week = client.get(
        reverse("training:cohort_week_pdf", args=[cast.taught.pk]),
        {"week": slot.date.isoformat()},
    )
    assert week.status_code == 200 and pdf_images(week.content) == 2

    enrolment = Enrolment.objects.filter(cohort=cast.taught)
    items = attestations_build(enrolments=enrolment, lang="fr", today=cast.taught.end_date)
    html = attestation_html(attestations=items, lang="fr")
    assert urls["programme"] in html and urls[cast.home.pk] in html
    assert urls[cast.away.pk] not in html
    assert pdf_images(attestation_pdf(attestations=items, lang="fr")) == 2 * len(items)


def test_a_sheet_without_logos_prints_no_band(cast):
    slot = SlotFactory(cohort=cast.taught)
    assert 'class="logos"' not in sheet_html(
        sheets=sheets_build(slots=[slot]), lang="fr", title="x"
    )
