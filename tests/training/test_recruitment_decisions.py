"""Recruitment that closes: eligibility at entry, a decision for every young person received."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from teenlab.core.choices import Decision, Redirection, Situation
from teenlab.core.models import AuditEntry
from teenlab.participants.models import RecruitmentDecision, Youth
from teenlab.participants.selectors import eligibility
from teenlab.training import selectors, services
from teenlab.training.models import Enrolment
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, YouthFactory

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2022, 3, 1)


@pytest.fixture
def cohort():
    return CohortFactory(start_date=RECEIVED, end_date=RECEIVED + dt.timedelta(days=90))


@pytest.fixture
def coordinator(cohort):
    return UserFactory(organisation=cohort.organisation, is_coordinator=True)


def youth_aged(cohort, years: int, **fields) -> Youth:
    """A young person who is ``years`` old on the day received (their birthday was yesterday)."""
    born = RECEIVED.replace(year=RECEIVED.year - years) - dt.timedelta(days=1)
    return YouthFactory(
        project=cohort.project,
        organisation=cohort.organisation,
        birth_date=born,
        received_on=RECEIVED,
        **fields,
    )


@pytest.mark.parametrize(("years", "age_ok"), [(15, False), (16, True), (26, True), (27, False)])
def test_the_age_on_the_day_received_must_lie_within_the_projects_range(cohort, years, age_ok):
    found = eligibility(youth=youth_aged(cohort, years), project=cohort.project)
    assert (found.age, found.age_ok, found.eligible) == (years, age_ok, age_ok)
    assert bool(found.problems) is not age_ok


def test_the_range_is_the_projects_rule(cohort):
    youth = youth_aged(cohort, 26)
    cohort.project.eligible_age_max = 25
    assert eligibility(youth=youth, project=cohort.project).eligible is False


@pytest.mark.parametrize(
    ("situation", "neet"),
    [
        (Situation.UNEMPLOYED, True),
        (Situation.INACTIVE, True),
        (Situation.EMPLOYED, False),
        (Situation.IN_EDUCATION, False),
        (Situation.UNKNOWN, None),
        ("", None),
    ],
)
def test_only_a_young_person_neither_working_nor_studying_is_eligible(cohort, situation, neet):
    found = eligibility(
        youth=youth_aged(cohort, 20, situation_at_entry=situation), project=cohort.project
    )
    assert (found.neet, found.eligible) == (neet, neet)


def test_without_a_birth_date_eligibility_is_to_be_checked_not_refused(cohort):
    youth = youth_aged(cohort, 20)
    youth.birth_date = None
    found = eligibility(youth=youth, project=cohort.project)
    assert (found.age_ok, found.eligible, found.problems) == (None, None, [])
    assert found.unknowns


def test_an_ineligible_young_person_is_recruited_only_with_a_justification(cohort, coordinator):
    youth = youth_aged(cohort, 27)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_create(youth=youth, cohort=cohort, enrolled_on=RECEIVED, by=coordinator)
    assert "eligibility_justification" in refused.value.message_dict
    assert not Enrolment.objects.filter(youth=youth).exists()

    enrolment = services.enrolment_create(
        youth=youth,
        cohort=cohort,
        enrolled_on=RECEIVED,
        eligibility_justification="  Sortie d'ASE, orienté par la Mission Locale.  ",
        by=coordinator,
    )
    enrolment.refresh_from_db()
    assert enrolment.eligibility_justification == "Sortie d'ASE, orienté par la Mission Locale."


def decide(youth, by, **fields):
    values = {"decision": Decision.NOT_RETAINED, "decided_on": RECEIVED, "reason": "Projet flou"}
    return services.recruitment_decide(youth=youth, by=by, **{**values, **fields})


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reason": " "}, "reason"),
        ({"decision": Decision.REDIRECTED, "redirected_to": ""}, "redirected_to"),
        (
            {"decision": Decision.REDIRECTED, "redirected_to": Redirection.OTHER},
            "redirected_detail",
        ),
        ({"decision": Decision.WAITING_LIST}, "waiting_until"),
        ({"decision": Decision.WAITING_LIST, "waiting_until": RECEIVED}, "waiting_until"),
        ({"decided_on": RECEIVED - dt.timedelta(days=1)}, "decided_on"),
        ({"decided_on": dt.date.today() + dt.timedelta(days=2)}, "decided_on"),
        ({"decision": "expelled"}, "decision"),
    ],
)
def test_a_decision_missing_what_it_needs_is_refused_and_nothing_is_written(
    cohort, coordinator, fields, field
):
    youth = youth_aged(cohort, 20)
    with pytest.raises(ValidationError) as refused:
        decide(youth, coordinator, **fields)
    assert field in refused.value.message_dict
    assert not RecruitmentDecision.objects.exists()


def test_a_recruited_young_person_gets_no_other_decision(cohort, coordinator):
    youth = EnrolmentFactory(cohort=cohort, youth=youth_aged(cohort, 20)).youth
    with pytest.raises(ValidationError):
        decide(youth, coordinator)


def test_a_second_decision_the_same_day_replaces_the_first_and_both_are_journaled(
    cohort, coordinator
):
    youth = youth_aged(cohort, 20)
    decide(youth, coordinator)
    decision = decide(
        youth,
        coordinator,
        decision=Decision.REDIRECTED,
        redirected_to=Redirection.MISSION_LOCALE,
        reason="",
    )
    assert list(youth.decisions.values_list("decision", "redirected_to")) == [
        (Decision.REDIRECTED, Redirection.MISSION_LOCALE)
    ]
    entries = AuditEntry.objects.filter(
        model="participants.recruitmentdecision", object_id=decision.pk
    )
    assert sorted(entries.values_list("action", flat=True)) == ["create", "update"]
    assert set(entries.values_list("youth_id", flat=True)) == {youth.pk}


def test_the_recruitment_lists_follow_the_decisions(cohort, coordinator):
    today = dt.date.today()
    undecided, refused, waiting, due, recruited = (youth_aged(cohort, 20) for _ in range(5))
    decide(refused, coordinator)
    decide(
        waiting,
        coordinator,
        decision=Decision.WAITING_LIST,
        waiting_until=today + dt.timedelta(days=30),
    )
    decide(due, coordinator, decision=Decision.WAITING_LIST, waiting_until=today)
    EnrolmentFactory(cohort=cohort, youth=recruited)
    youth = Youth.objects.all()

    awaiting = selectors.youth_awaiting_decision(youth=youth, project=cohort.project, today=today)
    assert set(awaiting) == {undecided, due}
    assert list(selectors.youth_waiting_list(youth=youth, project=cohort.project)) == [due, waiting]
    pipeline = {
        code: n
        for code, _label, n in selectors.recruitment_pipeline(youth=youth, project=cohort.project)
    }
    assert pipeline == {
        "received": 1,
        "not_retained": 1,
        "redirected": 0,
        "withdrawn": 0,
        "waiting_list": 2,
        "in_progress": 1,
        "completed": 0,
        "early_exit": 0,
        "dropped_out": 0,
    }
    assert sum(pipeline.values()) == youth.filter(received_on__isnull=False).count()
