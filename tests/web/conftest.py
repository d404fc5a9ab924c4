"""The cast of the web tests.

Organisation ``home`` (where everyone works) and organisation ``away`` (the other partner of the
same project). ``cast.<role>`` is an account of ``home`` holding that one role;
``cast.away_coordinator`` coordinates ``away``. ``home`` has a cohort taught by ``cast.trainer``
(``taught``) and one nobody of the cast teaches (``untaught``); ``away`` has its own cohort.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.auth import login_verified
from tests.factories import (
    OPEN_ALL_DAY,
    CohortFactory,
    EnrolmentFactory,
    InfoSessionFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    SlotFactory,
    UserFactory,
    YouthFactory,
)

PASSWORD = "teenlab-mot-de-passe-2023"
ROLES = ("coordinator", "trainer", "counsellor", "partner", "auditor")


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    """WhiteNoise warns (an error here) when STATIC_ROOT does not exist."""
    root = tmp_path / "static"
    root.mkdir()
    settings.STATIC_ROOT = root


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 is slow on purpose; the tests of the hashing itself restore it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def cast(db, today):
    project = ProjectFactory(
        start_date=today - dt.timedelta(days=400), end_date=today + dt.timedelta(days=400)
    )
    home = OrganisationFactory(name="Maison de l'emploi")
    away = OrganisationFactory(name="Cooperativa", country="IT")
    ProjectPartnerFactory(project=project, organisation=home, role="lead_partner")
    ProjectPartnerFactory(project=project, organisation=away)
    users = {
        role: UserFactory(username=role, organisation=home, **{f"is_{role}": True})
        for role in ROLES
    }
    away_coordinator = UserFactory(username="away", organisation=away, is_coordinator=True)
    start, end = today - dt.timedelta(days=30), today + dt.timedelta(days=30)
    taught = CohortFactory(project=project, organisation=home, start_date=start, end_date=end)
    taught.trainers.add(users["trainer"])
    untaught = CohortFactory(project=project, organisation=home, start_date=start, end_date=end)
    away_cohort = CohortFactory(project=project, organisation=away, start_date=start, end_date=end)
    session = InfoSessionFactory(project=project, organisation=home, date=start)
    away_session = InfoSessionFactory(project=project, organisation=away, date=start)
    return SimpleNamespace(
        project=project,
        home=home,
        away=away,
        **users,
        away_coordinator=away_coordinator,
        taught=taught,
        untaught=untaught,
        away_cohort=away_cohort,
        session=session,
        away_session=away_session,
        # A youth enrolled in the taught cohort, one in the untaught one, one only received,
        # and one of the other organisation.
        pupil=EnrolmentFactory(cohort=taught, enrolled_on=start).youth,
        other_pupil=EnrolmentFactory(cohort=untaught, enrolled_on=start).youth,
        newcomer=YouthFactory(project=project, organisation=home, info_session=session),
        stranger=EnrolmentFactory(cohort=away_cohort, enrolled_on=start).youth,
    )


def login(client, user):
    """Logged in with the second factor given (``tests.auth.login_verified``), the session as it
    stands after the login page: stamped by SessionRefreshMiddleware (the login POST saved it),
    so that the next page views write nothing for a minute."""
    import time

    from teenlab.core.middleware import REFRESHED_KEY

    login_verified(client, user)
    session = client.session
    session[REFRESHED_KEY] = int(time.time())
    session.save()
    return client


@pytest.fixture
def slots(cast, today):
    """Today's slot of each cohort of the cast."""
    return {
        "taught": SlotFactory(cohort=cast.taught, date=today, **OPEN_ALL_DAY),
        "untaught": SlotFactory(cohort=cast.untaught, date=today, **OPEN_ALL_DAY),
        "away": SlotFactory(cohort=cast.away_cohort, date=today, **OPEN_ALL_DAY),
    }


@pytest.fixture
def class_of_three(cast, slots):
    """The taught slot with three youth expected: pupil and two more.

    Their surnames never contain one another (a random pair may), so that each can be found once
    on a sheet.
    """
    taken = cast.pupil.last_name.upper()
    surnames = [
        name
        for name in ("Aubertinel", "Valadierson", "Rambertaud")
        if name.upper() not in taken and taken not in name.upper()
    ][:2]
    others = [
        EnrolmentFactory(
            cohort=cast.taught, enrolled_on=cast.taught.start_date, youth__last_name=name
        ).youth
        for name in surnames
    ]
    return slots["taught"], [cast.pupil, *others]
