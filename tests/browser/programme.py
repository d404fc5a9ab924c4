"""A small programme running today, as the browser tests and the screenshots see it.

The Savoie partner runs two cohorts: one in progress (a slot today, three trainees, a fourth
young person received and awaiting a decision) and one that ended ten days ago (two trainees
whose exit is not recorded yet). The Italian partner takes part in the project. The demo
accounts (``teenlab.demo.accounts``) work for the Savoie partner, the partner account for the
Italian one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from teenlab.core.choices import AttendanceStatus, BudgetCategory, EnrolmentStatus, Gender
from teenlab.demo.accounts import DEMO_PASSWORD, demo_accounts_create
from tests.factories import (
    AttendanceFactory,
    BudgetLineFactory,
    CohortFactory,
    CooperationFactory,
    EnrolmentFactory,
    EventFactory,
    ExchangeFactory,
    ExpenseFactory,
    InfoSessionFactory,
    ModuleFactory,
    OrganisationFactory,
    PhaseFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    SlotFactory,
    YouthFactory,
    hours_around_now,
)

PASSWORD = DEMO_PASSWORD

TRAINEES = [
    ("Inès", "Moreau", Gender.F, dt.date(2006, 3, 2)),
    ("Yanis", "Lefèvre", Gender.M, dt.date(2005, 11, 19)),
    ("Chloé", "Garnier", Gender.F, dt.date(2004, 7, 8)),
]
FINISHED = [
    ("Nathan", "Roux", Gender.M, dt.date(2004, 1, 23)),
    ("Léa", "Fontaine", Gender.F, dt.date(2005, 5, 30)),
]
NEWCOMER = ("Lucas", "Bernard", Gender.M, dt.date(2006, 9, 14))


def _youth(project, organisation, person, *, received_on, session, number):
    first, last, gender, birth = person
    return YouthFactory(
        project=project,
        organisation=organisation,
        code=f"J-{number:03d}",
        first_name=first,
        last_name=last,
        gender=gender,
        birth_date=birth,
        commune="Chambéry",
        received_on=received_on,
        info_session=session,
        referred_by="Mission locale",
        guardian_name="Parent" if birth > dt.date(2006, 1, 1) else "",
        guardian_contact="Parent : 06 12 34 56 78" if birth > dt.date(2006, 1, 1) else "",
    )


def programme_create(*, today: dt.date) -> SimpleNamespace:
    project = ProjectFactory(
        code="TEENLAB",
        name="TEEN LAB",
        start_date=today - dt.timedelta(days=300),
        end_date=today + dt.timedelta(days=400),
    )
    home = OrganisationFactory(
        code="A-SAVOIE", name="Mission locale jeunes Savoie", country="FR", city="Chambéry"
    )
    away = OrganisationFactory(
        code="B-PINEROLO", name="Cooperativa Pinerolo", country="IT", city="Pinerolo"
    )
    ProjectPartnerFactory(project=project, organisation=away, role="lead_partner")
    ProjectPartnerFactory(project=project, organisation=home)

    session = InfoSessionFactory(
        project=project,
        organisation=home,
        code="IC-01",
        date=today - dt.timedelta(days=60),
        place="Chambéry",
    )
    cohort = CohortFactory(
        project=project,
        organisation=home,
        code="S-EN-COURS",
        name="Session printemps",
        start_date=today - dt.timedelta(days=28),
        end_date=today + dt.timedelta(days=30),
    )
    module = ModuleFactory(cohort=cohort, code="M-NUM", name="Fabrication numérique")
    finished = CohortFactory(
        project=project,
        organisation=home,
        code="S-TERMINEE",
        name="Session hiver",
        start_date=today - dt.timedelta(days=100),
        end_date=today - dt.timedelta(days=10),
    )
    received_on = today - dt.timedelta(days=50)
    trainees = [
        _youth(project, home, person, received_on=received_on, session=session, number=n)
        for n, person in enumerate(TRAINEES, 1)
    ]
    enrolments = [
        EnrolmentFactory(cohort=cohort, youth=youth, enrolled_on=cohort.start_date)
        for youth in trainees
    ]
    leavers = [
        _youth(project, home, person, received_on=received_on, session=session, number=n)
        for n, person in enumerate(FINISHED, 10)
    ]
    finished_enrolments = [
        EnrolmentFactory(
            cohort=finished,
            youth=youth,
            enrolled_on=finished.start_date,
            status=EnrolmentStatus.COMPLETED,
            left_on=finished.end_date,
        )
        for youth in leavers
    ]
    newcomer = _youth(
        project,
        home,
        NEWCOMER,
        received_on=today - dt.timedelta(days=5),
        session=session,
        number=20,
    )
    # Two past slots with attendance, today's slot still to sign.
    for days_ago, absent in ((7, trainees[2]), (2, None)):
        past = SlotFactory(
            cohort=cohort,
            module=module,
            code=f"C-{days_ago}",
            date=today - dt.timedelta(days=days_ago),
            start=dt.time(9, 0),
            end=dt.time(12, 0),
        )
        for youth in trainees:
            status = AttendanceStatus.ABSENT if youth == absent else AttendanceStatus.PRESENT
            AttendanceFactory(slot=past, youth=youth, status=status)
    slot = SlotFactory(
        cohort=cohort,
        module=module,
        code="C-TODAY",
        date=today,
        **hours_around_now(),  # open to signing now
        place="FabLab de Chambéry",
    )
    SlotFactory(
        cohort=cohort,
        module=module,
        code="C-NEXT",
        date=today + dt.timedelta(days=7),
        start=dt.time(9, 0),
        end=dt.time(12, 0),
    )
    lines, expenses = [], []
    for category, planned, spent in (
        (BudgetCategory.PEDAGOGY, "24000.00", "9850.40"),
        (BudgetCategory.COORDINATION, "12000.00", "7100.00"),
        (BudgetCategory.CROSS_BORDER, "8000.00", "1250.00"),
    ):
        lines.append(
            BudgetLineFactory(
                project=project, organisation=home, category=category, planned_eur=Decimal(planned)
            )
        )
        expense = ExpenseFactory(
            project=project,
            organisation=home,
            category=category,
            date=today - dt.timedelta(days=20),
            amount_eur=Decimal(spent),
            label="Dépenses du trimestre",
        )
        expenses.append(expense)
    phase = PhaseFactory(
        project=project,
        number=1,
        name="Lancement",
        start_date=project.start_date,
        end_date=project.start_date + dt.timedelta(days=120),
    )
    exchange = ExchangeFactory(
        project=project,
        title="Séjour à Pinerolo",
        start_date=today - dt.timedelta(days=40),
        end_date=today - dt.timedelta(days=36),
        place="Pinerolo",
    )
    event = EventFactory(
        cohort=cohort, title="Visite d'entreprise", date=today - dt.timedelta(days=3)
    )
    cooperation = CooperationFactory(project=project)

    accounts = {account.username: user for account, user in demo_accounts_create(project=project)}
    return SimpleNamespace(
        project=project,
        home=home,
        away=away,
        cohort=cohort,
        finished=finished,
        module=module,
        slot=slot,
        trainees=trainees,
        enrolments=enrolments,
        leavers=leavers,
        finished_enrolments=finished_enrolments,
        newcomer=newcomer,
        info_session=session,
        budget_lines=lines,
        expenses=expenses,
        phase=phase,
        exchange=exchange,
        event=event,
        cooperation=cooperation,
        coordinator=accounts["coordination"],
        trainer=accounts["formation"],
        counsellor=accounts["conseil"],
        auditor=accounts["audit"],
        partner=accounts["partenaire"],
    )
