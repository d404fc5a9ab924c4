"""The rules of teenlab.access (and core.scoping) on querysets: what each account sees, beyond
the status codes of the URL walk (tests/web/test_url_walk.py): the exact rows, combined roles,
accounts without organisation, inactive ones, superusers."""

import pytest

from teenlab import access
from teenlab.core import scoping
from teenlab.core.permissions import can, user_roles
from tests.factories import SlotFactory, UserFactory

pytestmark = pytest.mark.django_db


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_coordinator_sees_every_youth_and_cohort_of_their_organisation_only(cast):
    user = cast.coordinator
    assert ids(access.youth_for(user)) == {cast.pupil.pk, cast.other_pupil.pk, cast.newcomer.pk}
    assert ids(access.cohorts_for(user)) == {cast.taught.pk, cast.untaught.pk}
    assert cast.stranger.pk not in ids(access.youth_for(user))
    assert ids(access.info_sessions_for(user)) == {cast.session.pk}


def test_trainer_sees_the_cohorts_they_teach_and_the_youth_enrolled_in_them(cast):
    user = cast.trainer
    assert ids(access.cohorts_for(user)) == {cast.taught.pk}
    assert ids(access.youth_for(user)) == {cast.pupil.pk}
    slot = SlotFactory(cohort=cast.taught)
    SlotFactory(cohort=cast.untaught)
    assert ids(access.slots_for(user)) == {slot.pk}
    assert ids(access.enrolments_for(user)) == set(
        cast.taught.enrolments.values_list("pk", flat=True)
    )
    assert not access.info_sessions_for(user).exists()


def test_counsellor_sees_youth_and_enrolments_of_their_organisation(cast):
    user = cast.counsellor
    assert ids(access.youth_for(user)) == {cast.pupil.pk, cast.other_pupil.pk, cast.newcomer.pk}
    assert {e.youth_id for e in access.enrolments_for(user)} == {
        cast.pupil.pk,
        cast.other_pupil.pk,
    }


def test_partner_sees_no_record_at_all(cast):
    user = cast.partner
    for queryset in (
        access.youth_for(user),
        access.cohorts_for(user),
        access.enrolments_for(user),
        access.outcomes_for(user),
        access.slots_for(user),
        access.info_sessions_for(user),
        access.budget_lines_for(user),
    ):
        assert not queryset.exists()
    scope = access.figure_scope_for(user, cast.project)
    assert scope.kind == "project"


def test_auditor_sees_attendance_proof_but_never_a_youth_record(cast):
    user = cast.auditor
    assert not access.youth_for(user).exists()
    assert ids(access.cohorts_for(user)) == {cast.taught.pk, cast.untaught.pk}
    assert access.enrolments_for(user).exists()
    assert not can(user, "youth.edit")
    assert can(user, "attendance.view") and not can(user, "attendance.edit")


def test_roles_combine(cast):
    user = UserFactory(organisation=cast.home, is_trainer=True, is_counsellor=True)
    assert user_roles(user) == {"trainer", "counsellor"}
    assert cast.newcomer.pk in ids(access.youth_for(user))


def test_an_account_without_organisation_or_inactive_sees_nothing(cast):
    orphan = UserFactory(organisation=None, is_coordinator=True)
    inactive = UserFactory(organisation=cast.home, is_coordinator=True, is_active=False)
    for user in (orphan, inactive):
        assert not access.youth_for(user).exists()
        assert not scoping.projects_for(user).exists()
        assert user_roles(user) == frozenset()


def test_superuser_sees_everything(cast):
    admin = UserFactory(organisation=None, is_superuser=True)
    assert cast.stranger.pk in ids(access.youth_for(admin))
    assert access.figure_scope_for(admin, cast.project).kind == "project"
