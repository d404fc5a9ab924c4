"""Retention and erasure (issue 12, point 3), through the real pages: the lead partner's
coordinator sets the project's policy, sees their organisation's young people past retention
(by code, never by name) and anonymises them after confirming; a counsellor records a young
person's request for erasure, the audit exception recorded; the bilan's figures do not move."""

import datetime as dt

from django.utils import timezone

from teenlab.core.models import Project, ProjectPartner
from teenlab.participants.models import Youth
from teenlab.privacy.models import Anonymisation, ErasureRequest
from teenlab.reporting.renderers.json import render_json
from teenlab.reporting.selectors import bilan_build
from tests.browser.steps_retention import (
    erasure_request,
    retention_apply,
    retention_due,
    retention_policy_set,
)
from tests.factories import YouthFactory


def test_a_coordinator_anonymises_what_is_due_and_a_counsellor_records_an_erasure(
    page, server, programme, log_in
):
    today = timezone.localdate()
    project = programme.project
    home = programme.coordinator.organisation
    ProjectPartner.objects.filter(project=project).update(role="partner")
    ProjectPartner.objects.filter(project=project, organisation=home).update(role="lead_partner")
    gone = YouthFactory(
        project=project,
        organisation=home,
        first_name="Gaëtan",
        last_name="Lestrade",
        received_on=today - dt.timedelta(days=3 * 365),
    )
    recent = YouthFactory(
        project=project, organisation=home, received_on=today - dt.timedelta(days=30)
    )
    before = render_json(bilan_build(project=project))

    log_in(programme.coordinator)
    audit_end = project.end_date + dt.timedelta(days=5 * 365)
    retention_policy_set(page, server, project_id=project.pk, years=2, audit_until=audit_end)
    project.refresh_from_db()
    assert (project.retention_years, project.audit_retention_until) == (2, audit_end)

    due = retention_due(page, server)
    assert gone.code in due and recent.code not in due
    assert "Lestrade" not in page.locator("#retention-due").inner_text()
    assert retention_apply(page, server) == due
    assert Youth.objects.get(pk=gone.pk).last_name == gone.code
    assert Anonymisation.objects.get(youth=gone).signatures_kept_until == audit_end
    assert gone.code in page.locator("#retention-done").inner_text()

    log_in(programme.counsellor)
    erasure_request(page, server, youth_id=recent.pk, requested_on=today, requested_by="guardian")
    request = ErasureRequest.objects.get(youth=recent)
    assert (request.decision, request.exception, request.kept_until) == (
        "erased",
        "audit",
        audit_end,
    )
    assert Anonymisation.objects.get(youth=recent).reason == "erasure"
    assert render_json(bilan_build(project=Project.objects.get(pk=project.pk))) == before
