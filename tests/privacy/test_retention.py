"""Issue 12, point 3: the retention policy (set up per project), the last contact, the
coarsened birth date, the journal's redaction, the retention page and erasure on request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from teenlab.core.audit import audited_save
from teenlab.core.chain import chain_verify
from teenlab.core.models import AuditEntry
from teenlab.participants.models import Youth
from teenlab.privacy import selectors, services
from teenlab.privacy.models import Anonymisation
from teenlab.training import ledger
from teenlab.training.models import AttendanceSignature
from tests.factories import (
    AttendanceFactory,
    AttendanceSignatureFactory,
    CohortFactory,
    EnrolmentFactory,
    FollowUpFactory,
    ProjectFactory,
    SlotFactory,
    UserFactory,
    YouthFactory,
    png_image,
)

pytestmark = pytest.mark.django_db


# --- The birth date kept ------------------------------------------------------------------------


def test_the_birth_date_keeps_its_year_and_every_age_on_the_days_counted():
    born = dt.date(2005, 8, 23)
    days = [dt.date(2022, 2, 1), dt.date(2023, 9, 1)]
    coarse = services.coarse_birth_date(born, days=days)
    assert coarse == dt.date(2005, 2, 2)  # the day after the last day with the birthday to come
    for day in days:
        assert services._age(day, coarse) == services._age(day, born)
    # A day counted on the eve of the birthday pins it: the figures need it.
    assert services.coarse_birth_date(born, days=[dt.date(2023, 8, 22)]) == born
    # Nothing to keep: the first of January.
    assert services.coarse_birth_date(born, days=[]) == dt.date(2005, 1, 1)
    assert services.coarse_birth_date(None, days=days) is None


def test_a_29_february_birth_keeps_its_ages():
    born = dt.date(2004, 2, 29)
    days = [dt.date(2022, 2, 28), dt.date(2022, 3, 1)]
    coarse = services.coarse_birth_date(born, days=days)
    assert [services._age(d, coarse) for d in days] == [services._age(d, born) for d in days]


# --- The last contact ---------------------------------------------------------------------------


def test_the_last_contact_is_the_latest_of_every_kind():
    project = ProjectFactory(start_date=dt.date(2022, 1, 3), end_date=dt.date(2022, 12, 31))
    cohort = CohortFactory(
        project=project, start_date=dt.date(2022, 2, 1), end_date=dt.date(2022, 4, 30)
    )
    enrolment = EnrolmentFactory(cohort=cohort, enrolled_on=dt.date(2022, 2, 1))
    youth = enrolment.youth
    contacts = selectors.last_contacts(Youth.objects.filter(pk=youth.pk))
    assert contacts[youth.pk] == (dt.date(2022, 4, 30), "enrolment")  # the session's end
    AttendanceFactory(slot=SlotFactory(cohort=cohort, date=dt.date(2022, 5, 2)), youth=youth)
    assert selectors.last_contacts(Youth.objects.filter(pk=youth.pk))[youth.pk][1] == "attendance"
    FollowUpFactory(enrolment=enrolment, date=dt.date(2022, 11, 2))
    assert selectors.last_contacts(Youth.objects.filter(pk=youth.pk))[youth.pk] == (
        dt.date(2022, 11, 2),
        "follow_up",
    )
    # A change by an account counts; the due date moves with it.
    youth.commune = "Aix"
    audited_save(youth, by=_account())
    kind = selectors.last_contacts(Youth.objects.filter(pk=youth.pk))[youth.pk][1]
    assert kind == "record"
    assert not selectors.due_for_anonymisation(
        project=project, today=timezone.localdate() + dt.timedelta(days=700)
    )


def _account():
    return UserFactory(is_coordinator=True)


def test_due_follows_the_projects_retention_years():
    project = ProjectFactory(start_date=dt.date(2020, 1, 6), end_date=dt.date(2020, 12, 31))
    youth = YouthFactory(project=project, received_on=dt.date(2020, 3, 2))
    due = selectors.due_for_anonymisation(project=project, today=dt.date(2022, 3, 2))
    assert [(d.code, d.due_since, d.contact_kind) for d in due] == [
        (youth.code, dt.date(2022, 3, 2), "received")
    ]
    assert not selectors.due_for_anonymisation(project=project, today=dt.date(2022, 3, 1))
    project.retention_years = 5
    project.save()
    assert not selectors.due_for_anonymisation(project=project, today=dt.date(2024, 3, 2))


# --- Signatures and the audit period ------------------------------------------------------------


def _signed(project):
    cohort = CohortFactory(
        project=project, start_date=dt.date(2020, 2, 3), end_date=dt.date(2020, 3, 31)
    )
    slot = SlotFactory(cohort=cohort, date=dt.date(2020, 2, 4))
    youth = EnrolmentFactory(cohort=cohort, enrolled_on=dt.date(2020, 2, 3)).youth
    attendance = AttendanceFactory(slot=slot, youth=youth, status="present", source="signed")
    image = png_image(5, 3)
    trainer = UserFactory(is_trainer=True)
    entry = ledger.append(
        slot=slot, kind="signature", by=trainer, youth_id=youth.pk, status="present", image=image
    )
    signature = AttendanceSignatureFactory(
        attendance=attendance, image=image, signed_at=entry.recorded_at, collected_by=trainer
    )
    assert ledger.ledger_verify(slots=project.slots.all()).ok
    return youth, signature, image


def test_signatures_are_kept_pseudonymised_until_the_audit_period_ends_then_erased():
    project = ProjectFactory(
        start_date=dt.date(2020, 1, 6),
        end_date=dt.date(2020, 12, 31),
        audit_retention_until=dt.date(2030, 12, 31),
    )
    youth, signature, image = _signed(project)
    services.retention_apply(project=project, by=None, today=dt.date(2025, 1, 1))
    record = Anonymisation.objects.get(youth=youth)
    assert record.signatures_kept_until == dt.date(2030, 12, 31)
    assert bytes(AttendanceSignature.objects.get(pk=signature.pk).image) == image
    assert not selectors.signatures_due(project=project, today=dt.date(2030, 12, 31))

    [due] = selectors.signatures_due(project=project, today=dt.date(2031, 1, 1))
    assert due.code == youth.code
    services.retention_apply(project=project, by=None, today=dt.date(2031, 1, 1))
    stored = bytes(AttendanceSignature.objects.get(pk=signature.pk).image)
    assert image not in stored and ledger.is_erased(stored)
    assert ledger.image_digest(stored) == ledger.image_digest(image)
    assert ledger.ledger_verify(slots=project.slots.all()).ok
    assert Anonymisation.objects.get(youth=youth).signatures_erased_at is not None


# --- The journal's chain ------------------------------------------------------------------------


def test_an_entry_edited_after_its_redaction_is_still_found():
    project = ProjectFactory(start_date=dt.date(2020, 1, 6), end_date=dt.date(2020, 12, 31))
    youth = YouthFactory(project=project, first_name="Aurélien", received_on=dt.date(2020, 2, 3))
    youth.commune = "Aix"
    audited_save(youth, by=_account())
    services.anonymise(project=project, youth_ids=[youth.pk], by=None, today=dt.date(2025, 1, 1))
    assert chain_verify().ok
    entry = AuditEntry.objects.filter(model="participants.youth").order_by("seq").first()
    assert "Aurélien" not in str(entry.after)
    AuditEntry.objects.filter(pk=entry.pk).update(after={"_label": "forged"})
    [problem] = chain_verify().problems
    assert (problem.kind, problem.seq) == ("edited", entry.seq)
