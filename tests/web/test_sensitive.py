"""Special-category data kept apart (issue 12, point 2): the counsellors of the young person's
organisation alone read and write it, every read is journaled, and no export carries it."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from teenlab.core.models import AuditEntry
from teenlab.participants.models import SensitiveNote
from tests.factories import SensitiveNoteFactory, UserFactory
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

SECRET = "Diabète de type 1 — injections à midi"


@pytest.fixture
def note(cast):
    return SensitiveNoteFactory(youth=cast.pupil, text=SECRET)


def reads():
    return list(AuditEntry.objects.filter(action="view", after__page="sensitive").order_by("seq"))


def test_a_counsellor_reads_and_writes_it_and_each_read_is_journaled(client, cast, note):
    login(client, cast.counsellor)
    page = client.get(reverse("participants:youth_detail", args=[cast.pupil.pk]))
    assert 'id="sensitive-open"' in page.content.decode()
    assert SECRET not in page.content.decode()  # the record's page does not show it
    assert reads() == []

    url = reverse("participants:youth_sensitive", args=[cast.pupil.pk])
    response = client.get(url)
    assert response.status_code == 200 and SECRET in response.content.decode()
    [read] = reads()
    assert (read.user, read.youth_id, read.model) == (
        cast.counsellor,
        cast.pupil.pk,
        "participants.sensitivenote",
    )
    client.get(url)
    assert len(reads()) == 2

    response = client.post(url, {"text": "Asthme"})
    assert response.status_code == 302
    assert SensitiveNote.objects.get(youth=cast.pupil).text == "Asthme"
    change = AuditEntry.objects.get(model="participants.sensitivenote", action="update")
    assert change.user == cast.counsellor
    # The journal keeps that it changed, by whom and when, never what it says.
    assert "Asthme" not in str(change.before) + str(change.after)
    assert SECRET not in str(change.before) + str(change.after)


def test_a_first_note_is_created_and_its_creation_keeps_no_text(client, cast):
    login(client, cast.counsellor)
    url = reverse("participants:youth_sensitive", args=[cast.newcomer.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": SECRET}).status_code == 302
    entry = AuditEntry.objects.get(model="participants.sensitivenote", action="create")
    assert SECRET not in str(entry.after)
    assert SensitiveNote.objects.get(youth=cast.newcomer).updated_by == cast.counsellor


@pytest.mark.parametrize("role", ["coordinator", "trainer", "partner", "auditor"])
def test_no_other_role_reads_or_writes_it(client, cast, note, role):
    login(client, getattr(cast, role))
    url = reverse("participants:youth_sensitive", args=[cast.pupil.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "x"}).status_code == 403
    assert SensitiveNote.objects.get(pk=note.pk).text == SECRET
    record = client.get(reverse("participants:youth_detail", args=[cast.pupil.pk]))
    assert SECRET not in record.content.decode()
    assert 'id="sensitive-open"' not in record.content.decode()
    assert reads() == []


def test_another_organisations_counsellor_and_a_superuser_get_a_404(client, cast, note):
    away_counsellor = UserFactory(organisation=cast.away, is_counsellor=True)
    superuser = UserFactory(is_superuser=True, is_staff=True, organisation=None)
    url = reverse("participants:youth_sensitive", args=[cast.pupil.pk])
    for user in (away_counsellor, superuser):
        login(client, user)
        assert client.get(url).status_code == 404
    assert reads() == []


def test_the_coordinators_journal_shows_no_text(client, cast, note):
    login(client, cast.counsellor)
    client.post(reverse("participants:youth_sensitive", args=[cast.pupil.pk]), {"text": "Asthme"})
    login(client, cast.coordinator)
    journal = client.get(reverse("dashboard:journal")).content.decode()
    assert "Asthme" not in journal and SECRET not in journal


def unzipped(data: bytes) -> bytes:
    """Every file of a zip (a package, a workbook) end to end, decompressed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_no_export_carries_it(client, cast, note, tmp_path):
    needle = SECRET.encode()
    login(client, cast.coordinator)
    for container in ("zip", "xlsx"):
        response = client.get(
            reverse("datapackage:package_export"),
            {"project": cast.project.code, "format": container},
        )
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        assert needle not in data and needle not in unzipped(data)
    assert needle not in client.get(reverse("reporting:bilan_page")).content
    for fmt in ("json", "xlsx"):
        response = client.get(reverse("reporting:bilan_download", args=[fmt]))
        assert response.status_code == 200, fmt
        data = b"".join(response.streaming_content) if response.streaming else response.content
        assert needle not in data
        if fmt == "xlsx":
            assert needle not in unzipped(data)
    # The operator's whole-project export too, in every container.
    call_command("export", str(tmp_path / "folder"), "--project", cast.project.code)
    for path in (tmp_path / "folder").iterdir():
        assert needle not in path.read_bytes()
    call_command("export", str(tmp_path / "out.xlsx"), "--project", cast.project.code)
    assert needle not in unzipped((tmp_path / "out.xlsx").read_bytes())
