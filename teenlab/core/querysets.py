"""The queryset of a large table: every statement on it names its project (docs/scaling.md).

A table that grows with the young people and their attendance is the one a distributed database
would shard by project; a statement that names the project stays on that project's node. Each
large model's manager is built from :class:`ProjectQuerySet` with the lookup that reaches its
project, directly (``project``) or through a parent that carries it (``slot__project``,
``youth__project``, ``enrolment__cohort__project``), so that a page reads a record's children
with ``youth.consents.of_project(youth.project_id)`` rather than repeating the lookup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Self

from django.db import models


class ProjectQuerySet(models.QuerySet):
    """A queryset whose ``of_project`` adds the filter on the project (``project_lookup``)."""

    project_lookup = "project"

    def of_project(self, project: Any) -> Self:
        """The rows of ``project`` (a project or its id), or of any of ``project`` when it is
        a list of ids (``core.middleware.project_ids_of``: the account's projects, for a record
        opened by its id)."""
        if isinstance(project, Iterable) and not isinstance(project, str | bytes):
            return self.filter(**{f"{self.project_lookup}__in": list(project)})
        return self.filter(**{self.project_lookup: project})
