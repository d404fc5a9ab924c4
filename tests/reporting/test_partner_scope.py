"""A partner's bilan counts its own young people in its own cohorts (selectors
``_enrolments_in_scope``), whether or not another partner's young person sits in one of them
(the condition on the young person is left out only when it changes nothing)."""

import pytest

from teenlab.core.choices import EnrolmentStatus
from teenlab.reporting.selectors import bilan_figures
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    ProjectFactory,
    YouthFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("guest", [False, True])
def test_a_partners_bilan_counts_its_own_youth_in_its_own_cohorts(guest):
    project = ProjectFactory()
    home, away = OrganisationFactory(), OrganisationFactory()
    cohort = CohortFactory(project=project, organisation=home)
    for status in (EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED_OUT):
        youth = YouthFactory(project=project, organisation=home)
        EnrolmentFactory(youth=youth, cohort=cohort, status=status)
    if guest:  # another partner's young person in this cohort: not the home partner's
        youth = YouthFactory(project=project, organisation=away)
        EnrolmentFactory(youth=youth, cohort=cohort, status=EnrolmentStatus.COMPLETED)

    funnel = bilan_figures(project=project, organisation=home).funnel
    everyone = bilan_figures(project=project).funnel

    assert (funnel.youth_recruited, funnel.completed, funnel.dropouts) == (2, 1, 1)
    assert everyone.youth_recruited == 2 + guest
    assert bilan_figures(project=project, organisation=away).funnel.youth_recruited == 0
