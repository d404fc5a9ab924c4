"""Issue 12, point 3: what anonymisation must never change, and what it must leave nowhere.

Every project's bilan JSON is byte-identical before and after (the demo; random programmes), the
journal's and the attendance ledger's chains still verify, and after ``teenlab retention
--apply`` on a programme whose young people are all past retention, none of their names, birth
dates or signature bytes is left in any column of any table of the database."""

from __future__ import annotations

import datetime as dt
import io
import json
from types import SimpleNamespace

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teenlab.core.audit import access_log, audited_save
from teenlab.core.chain import chain_verify
from teenlab.core.models import AuditEntry, Project
from teenlab.datapackage.services import package_import
from teenlab.demo.generate import PACKAGE_DIR
from teenlab.participants.models import Youth
from teenlab.privacy import services
from teenlab.privacy.models import Anonymisation
from teenlab.reporting.renderers.json import render_json
from teenlab.reporting.selectors import bilan_build
from teenlab.training import ledger
from teenlab.training.models import AttendanceSource, EntryKind, Slot
from tests.factories import (
    AttendanceFactory,
    AttendanceSignatureFactory,
    CohortFactory,
    ConsentFactory,
    EnrolmentFactory,
    FollowUpFactory,
    OrganisationFactory,
    OutcomeFactory,
    ProjectFactory,
    RecruitmentDecisionFactory,
    ResidenceZoneFactory,
    SensitiveNoteFactory,
    SlotFactory,
    UserFactory,
    YouthFactory,
    png_image,
)
from tests.reporting.test_dashboard_equals_bilan import AFTER, build, programmes

pytestmark = pytest.mark.django_db(transaction=False)

LATER = dt.date.today() + dt.timedelta(days=365 * 40)  # every young person is past retention


def bilans() -> dict[str, str]:
    return {p.code: render_json(bilan_build(project=p)) for p in Project.objects.order_by("code")}


def chains_verify() -> None:
    assert chain_verify().ok, chain_verify().problems
    verification = ledger.ledger_verify(slots=Slot.objects.all())
    assert verification.ok, verification.problems


def database_findings(texts: list[str], blobs: list[bytes]) -> list[tuple[str, str, str]]:
    """Every (table, column, needle) where a needle is found: every column of every table of
    the database, its value as text (a JSON column as stored, escaped or not), bytes as bytes."""
    needles = {text: {text, json.dumps(text)[1:-1]} for text in texts}
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, bytes | memoryview):
                        data = bytes(value)
                        found += [(table, column, "<bytes>") for blob in blobs if blob in data]
                        text = data.decode("utf-8", "replace")
                    else:
                        text = value if isinstance(value, str) else str(value)
                    for needle, forms in needles.items():
                        if any(form in text for form in forms):
                            found.append((table, column, needle))
    return found


# --- The demo -----------------------------------------------------------------------------------


def test_the_demos_bilan_is_byte_identical_and_its_chains_verify_after_retention():
    result = package_import(source=PACKAGE_DIR)
    assert result.ok
    before = bilans()
    names = list(Youth.objects.values_list("first_name", "last_name"))
    out = io.StringIO()

    call_command("retention", "--apply", "--on", LATER.isoformat(), stdout=out)

    assert bilans() == before
    chains_verify()
    assert Anonymisation.objects.count() == Youth.objects.count() == len(names)
    assert not Youth.objects.exclude(first_name=services.ANONYMOUS).exists()


# --- Random programmes --------------------------------------------------------------------------


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    programme=programmes,
    births=st.lists(st.integers(0, 364), min_size=8, max_size=8),
    zones=st.booleans(),
    share=st.integers(0, 8),
)
def test_a_random_programmes_bilan_is_byte_identical_after_anonymising_any_of_its_youth(
    programme, births, zones, share
):
    with transaction.atomic():
        project, _orgs, _trainer, _taught = build(programme)
        if zones:  # Chambéry listed in a zone, with a second commune of the same zone
            ResidenceZoneFactory(project=project, commune="Chambéry", zone="city")
            ResidenceZoneFactory(project=project, commune="Aix", zone="city")
        for youth, offset in zip(Youth.objects.order_by("pk"), births, strict=False):
            if youth.birth_date is not None:  # any day of the year, not only the start's
                youth.birth_date = youth.birth_date.replace(month=1, day=1) + dt.timedelta(
                    days=offset
                )
                youth.save()
        before = bilans()
        chosen = list(Youth.objects.order_by("pk").values_list("pk", flat=True)[:share])

        services.anonymise(project=project, youth_ids=chosen, by=None, today=AFTER)

        assert bilans() == before
        assert chain_verify().ok
        assert Anonymisation.objects.count() == len(chosen)
        transaction.set_rollback(True)


# --- Nothing left anywhere ----------------------------------------------------------------------


@pytest.fixture
def programme():
    """A programme of three young people, with everything the app records about them: records
    changed and opened in the app (the journal), a note and a decision naming them, a sensitive
    note, consents, outcomes, follow-ups, signatures in the ledger, an admin log line."""
    project = ProjectFactory(start_date=dt.date(2022, 1, 3), end_date=dt.date(2022, 7, 1))
    home = OrganisationFactory()
    coordinator = UserFactory(organisation=home, is_coordinator=True)
    trainer = UserFactory(organisation=home, is_trainer=True)
    cohort = CohortFactory(
        project=project,
        organisation=home,
        start_date=dt.date(2022, 2, 1),
        end_date=dt.date(2022, 5, 31),
    )
    slot = SlotFactory(cohort=cohort, date=dt.date(2022, 3, 2))
    ResidenceZoneFactory(project=project, commune="Chambéry", zone="city")
    ResidenceZoneFactory(project=project, commune="Barberaz", zone="city")
    people = []
    for n, (first, last, born) in enumerate(
        [
            ("Maëlys", "Quintrec", dt.date(2005, 8, 23)),
            ("Ilyès", "Vandermeulen", dt.date(2003, 11, 7)),
            ("Zoé-Anne", "Kervarec", dt.date(2006, 6, 14)),
        ]
    ):
        youth = YouthFactory(
            project=project,
            organisation=home,
            first_name=first,
            last_name=last,
            birth_date=born,
            commune="Chambéry",
            guardian_name=f"Parent{last}",
            guardian_contact=f"06 11 22 33 4{n}",
            received_on=dt.date(2022, 1, 17),
        )
        youth.commune = "Barberaz"  # a change made in the app, journaled with its values
        audited_save(youth, by=coordinator)
        access_log(user=coordinator, action=AuditEntry.Action.VIEW, obj=youth, details={})
        enrolment = EnrolmentFactory(
            youth=youth, cohort=cohort, enrolled_on=dt.date(2022, 2, 1), status="completed"
        )
        enrolment.note = f"{first} {last} arrive en retard le lundi"
        audited_save(enrolment, by=coordinator)
        RecruitmentDecisionFactory(youth=youth, reason=f"Vu avec {first}")
        SensitiveNoteFactory(youth=youth, text=f"Santé de {first} {last}")
        ConsentFactory(youth=youth)
        outcome = OutcomeFactory(enrolment=enrolment, detail=f"{last} : BTS")
        FollowUpFactory(enrolment=enrolment, detail=f"Appel de {first}")
        image = png_image(3 + n, 2)
        attendance = AttendanceFactory(
            slot=slot, youth=youth, status="present", source=AttendanceSource.SIGNED
        )
        entry = ledger.append(
            slot=slot,
            kind=EntryKind.SIGNATURE,
            by=trainer,
            youth_id=youth.pk,
            status="present",
            image=image,
            typed=n == 2,
        )
        AttendanceSignatureFactory(
            attendance=attendance,
            image=image,
            typed_name=f"{first} {last}" if n == 2 else "",
            signed_at=entry.recorded_at,
            collected_by=trainer,
        )
        LogEntry.objects.log_actions(
            user_id=coordinator.pk,
            queryset=[outcome.enrolment.youth],
            action_flag=CHANGE,
            change_message="Modifié",
        )
        people.append(SimpleNamespace(youth=youth, first=first, last=last, born=born, png=image))
    assert ContentType.objects.exists()
    return SimpleNamespace(project=project, people=people)


def needles(programme):
    texts = []
    for person in programme.people:
        texts += [
            person.first,
            person.last,
            person.born.isoformat(),
            person.born.strftime("%d/%m/%Y"),
            f"Parent{person.last}",
        ]
    return texts, [person.png for person in programme.people]


def test_after_apply_no_name_birth_date_or_signature_is_left_anywhere(programme):
    texts, blobs = needles(programme)
    printed = {person.born.strftime("%d/%m/%Y") for person in programme.people}
    expected = (set(texts) - printed) | {"<bytes>"}  # the search finds them before
    assert {needle for *_where, needle in database_findings(texts, blobs)} >= expected
    before = bilans()
    out = io.StringIO()
    call_command(
        "retention", "--project", programme.project.code, "--on", LATER.isoformat(), stdout=out
    )
    for person in programme.people:
        assert person.youth.code in out.getvalue()
        assert person.last not in out.getvalue()
    assert not Anonymisation.objects.exists()  # a dry run changes nothing

    call_command("retention", "--apply", "--on", LATER.isoformat(), stdout=out)

    assert database_findings(texts, blobs) == []
    assert bilans() == before
    chains_verify()
    for person in programme.people:
        youth = Youth.objects.get(pk=person.youth.pk)
        assert youth.birth_date.year == person.born.year
        assert youth.commune == "Barberaz"  # the first commune of its zone: the zone is kept
        assert str(youth) == f"{services.ANONYMOUS} {youth.code}"
