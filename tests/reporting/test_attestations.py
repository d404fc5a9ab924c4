"""The attestation of attendance: the hours per module of a trainee with partial and absent
slots, from records the test builds, in French and Italian; the signatory, or its absence."""

import datetime as dt
import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from teenlab.core.choices import AttendanceStatus, EnrolmentStatus, Strand
from teenlab.core.templatetags.teenlab import hours
from teenlab.reporting import indicators
from teenlab.reporting.attestations import attestation_html, attestation_pdf, attestations_build
from teenlab.reporting.selectors import bilan_build
from teenlab.training.models import Enrolment
from tests.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    ModuleFactory,
    OrganisationFactory,
    SlotFactory,
    YouthFactory,
)

pytestmark = pytest.mark.django_db

START = dt.date(2022, 1, 10)
TODAY = dt.date(2022, 6, 1)  # after the session: not provisional


@pytest.fixture
def trainee():
    """A trainee with present, partial (one beyond its slot), absent, excused and unrecorded
    slots over two modules and one slot of no module; a late-comer in the same session."""
    organisation = OrganisationFactory(
        name="La Dynamo", city="Chambéry", country="FR", signatory_name="", signatory_title=""
    )
    cohort = CohortFactory(
        organisation=organisation, start_date=START, end_date=dt.date(2022, 4, 29)
    )
    digital = ModuleFactory(cohort=cohort, name="Culture numérique", planned_hours=200)
    fablab = ModuleFactory(
        cohort=cohort, name="Atelier FabLab", strand=Strand.FABLAB, planned_hours=30
    )
    youth = YouthFactory(
        project=cohort.project, organisation=organisation, first_name="Léa", last_name="Martin"
    )
    enrolment = EnrolmentFactory(
        cohort=cohort, youth=youth, status=EnrolmentStatus.COMPLETED, left_on=cohort.end_date
    )

    def slot(day, module, start=dt.time(9), end=dt.time(12)):
        return SlotFactory(
            cohort=cohort, module=module, date=START + dt.timedelta(days=day), start=start, end=end
        )

    # (slot, status, minutes) the youth's rows; expected minutes per module by hand below.
    rows = [
        (slot(0, digital), AttendanceStatus.PRESENT, None),  # 180 of 180
        (slot(1, digital), AttendanceStatus.PARTIAL, 90),  # 90 of 180
        (slot(2, digital, end=dt.time(10)), AttendanceStatus.PARTIAL, 170),  # capped: 60 of 60
        (slot(3, fablab), AttendanceStatus.ABSENT, None),  # 0 of 180
        (slot(4, fablab, start=dt.time(14), end=dt.time(17, 30)), AttendanceStatus.PRESENT, None),
        (slot(5, None), AttendanceStatus.EXCUSED, None),  # 0 of 180
    ]
    for s, status, minutes in rows:
        AttendanceFactory(slot=s, youth=youth, status=status, minutes=minutes)
    slot(6, fablab)  # no row at all: 0 of 180
    late = EnrolmentFactory(cohort=cohort, enrolled_on=START + dt.timedelta(days=5))
    return {
        "enrolment": enrolment,
        "late": late,
        "digital": digital,
        "fablab": fablab,
        # module code (or "" for no module): (planned minutes, attended minutes)
        "expected": {
            digital.code: (180 + 180 + 60, 180 + 90 + 60),
            fablab.code: (180 + 210 + 180, 0 + 210 + 0),
            "": (180, 0),
        },
    }


def build(enrolment, lang="fr"):
    return attestations_build(
        enrolments=Enrolment.objects.filter(pk=enrolment.pk), lang=lang, today=TODAY
    )


def test_the_hours_per_module_follow_the_attendance_rule(trainee):
    (attestation,) = build(trainee["enrolment"])

    got = {
        (line.module.code if line.module else ""): (line.scheduled_minutes, line.attended_minutes)
        for line in attestation.modules
    }
    assert got == trainee["expected"]
    assert attestation.scheduled_minutes == sum(p for p, _ in trainee["expected"].values())
    assert attestation.attended_minutes == sum(a for _, a in trainee["expected"].values())


def test_the_total_is_the_trainees_line_of_the_bilan(trainee):
    enrolment = trainee["enrolment"]
    (attestation,) = build(enrolment)
    (rate,) = indicators.enrolment_attendance(Enrolment.objects.filter(pk=enrolment.pk))
    trainees = bilan_build(project=enrolment.cohort.project, trainees=True).figures.trainee_hours
    (line,) = [row for row in trainees.by_trainee if row.youth == enrolment.youth.code]

    assert attestation.attended_minutes == rate["attended_minutes"] == line.attended_minutes
    assert attestation.scheduled_minutes == rate["scheduled_minutes"] == line.scheduled_minutes


def test_a_late_comer_is_planned_only_the_slots_of_their_period(trainee):
    (attestation,) = build(trainee["late"])

    # Slots on days 5 and 6 only: one of no module, one FabLab; no attendance recorded.
    assert attestation.scheduled_minutes == 180 + 180
    assert attestation.attended_minutes == 0
    assert attestation.period_start == START + dt.timedelta(days=5)


def _rows(html: str) -> dict[str, list[str]]:
    """{data-module: [the row's cells' text]} of the hours table."""
    rows = {}
    for code, body in re.findall(r'<tr data-module="([^"]*)">(.*?)</tr>', html, re.S):
        rows[code] = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r'<td class="num">(.*?)</td>', body, re.S)
        ]
    return rows


@pytest.mark.parametrize("lang", ["fr", "it"])
def test_the_html_prints_each_modules_hours_in_the_language(trainee, lang):
    html = attestation_html(attestations=build(trainee["enrolment"], lang), lang=lang)

    rows = _rows(html)
    for code, (planned, attended) in trainee["expected"].items():
        assert rows[code] == [hours(planned), hours(attended)]
    total = [
        sum(v[0] for v in trainee["expected"].values()),
        sum(v[1] for v in trainee["expected"].values()),
    ]
    assert rows["total"] == [hours(total[0]), hours(total[1])]
    title = {"fr": "Attestation d'assiduité", "it": "Attestato di frequenza"}[lang]
    assert title in html.replace("&#x27;", "'")
    assert f'lang="{lang}"' in html


@pytest.mark.parametrize("lang", ["fr", "it"])
def test_the_pdf_holds_the_trainee_the_hours_and_says_there_is_no_signatory(trainee, lang):
    pdf = attestation_pdf(attestations=build(trainee["enrolment"], lang), lang=lang)

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Léa MARTIN" in text
    assert "Atelier FabLab" in text
    total_attended = sum(a for _, a in trainee["expected"].values())
    assert hours(total_attended).replace("\u00a0", " ") in text
    with translation.override(lang):
        none = {"fr": "Aucun signataire n'est enregistré", "it": "Nessun firmatario è registrato"}
    assert none[lang] in text


def test_the_recorded_signatory_is_printed(trainee):
    organisation = trainee["enrolment"].cohort.organisation
    organisation.signatory_name = "Claire Dupont"
    organisation.signatory_title = "Directrice de La Dynamo"
    organisation.save()

    pdf = attestation_pdf(attestations=build(trainee["enrolment"]), lang="fr")

    text = re.sub(r"\s+", " ", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert "Claire Dupont" in text
    assert "Directrice de La Dynamo" in text
    assert "Aucun signataire" not in text


def test_one_page_per_trainee_and_a_constant_number_of_queries(trainee, django_assert_num_queries):
    cohort = trainee["enrolment"].cohort
    with django_assert_num_queries(4):
        items = attestations_build(
            enrolments=Enrolment.objects.filter(cohort=cohort), lang="fr", today=TODAY
        )

    assert [a.enrolment.pk for a in items] == list(
        Enrolment.objects.filter(cohort=cohort)
        .order_by("youth__last_name", "youth__first_name")
        .values_list("pk", flat=True)
    )
    pdf = attestation_pdf(attestations=items, lang="fr")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == len(items)
