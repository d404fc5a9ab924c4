"""The event_participants and exchange_participants tables (docs/data-package.md, "Who took
part"): validated, loaded, exported, kept to their organisation; head counts and names."""

import pytest

from teenlab.activities.models import EventParticipant, Exchange, ExchangeParticipant
from teenlab.core.models import Organisation, Project
from teenlab.datapackage.ownership import NOT_YOURS
from teenlab.datapackage.scoped import organisation_package_tables
from teenlab.datapackage.services import package_import
from teenlab.datapackage.writers import package_write
from tests.datapackage.helpers import base, found
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Y1 and Y2 are CHY's youth enrolled in C1 (event EV1's cohort); Y3 is PIN's, enrolled in C2
# (tests.datapackage.helpers). Exchange E1 counts 8 youth and 2 staff, E2 no count.
EVENT = [{"event": "EV1", "youth": "Y1"}, {"event": "EV1", "youth": "Y2"}]
EXCHANGE = [
    {"exchange": "E1", "youth": "Y1"},
    {"exchange": "E1", "youth": "Y3"},
    {"exchange": "E1", "name": "Giulia Rossi", "organisation": "Cooperativa"},
    {"exchange": "E2", "youth": "Y2"},
    {"exchange": "E2", "name": "Marc Dupont", "organisation": "Mission Locale"},
    {"exchange": "E2", "name": "Anna Bianchi"},
]


def with_participants(event=EVENT, exchange=EXCHANGE):
    tables = base()
    tables["event_participants"] = [dict(row) for row in event]
    tables["exchange_participants"] = [dict(row) for row in exchange]
    return tables


def test_participants_are_loaded_and_empty_counts_follow_the_names(packages):
    result = packages.load(with_participants())
    assert result.ok, [str(i) for i in result.errors]
    assert sorted(EventParticipant.objects.values_list("event__code", "youth__code")) == [
        ("EV1", "Y1"),
        ("EV1", "Y2"),
    ]
    assert set(
        ExchangeParticipant.objects.filter(youth=None).values_list(
            "exchange__code", "name", "organisation"
        )
    ) == {
        ("E1", "Giulia Rossi", "Cooperativa"),
        ("E2", "Marc Dupont", "Mission Locale"),
        ("E2", "Anna Bianchi", ""),
    }
    counts = dict(Exchange.objects.values_list("code", "youth_count"))
    staff = dict(Exchange.objects.values_list("code", "staff_count"))
    # E1's counts, given, stay (more went than are named); E2's, empty, are the names'.
    assert (counts, staff) == ({"E1": 8, "E2": 1}, {"E1": 2, "E2": 2})


def test_a_spec_package_without_them_loads_as_before(packages):
    assert packages.load(base()).ok
    assert not EventParticipant.objects.exists() and not ExchangeParticipant.objects.exists()
    assert dict(Exchange.objects.values_list("code", "youth_count")) == {"E1": 8, "E2": None}


@pytest.mark.parametrize(
    ("event", "exchange", "code", "where"),
    [
        ([{"event": "EV1", "youth": "Y9"}], [], "unknown_ref", ("event_participants", 2, "youth")),
        (
            [{"event": "EV1", "youth": "Y3"}],
            [],
            "participant_not_in_cohort",
            ("event_participants", 2, "youth"),
        ),
        (
            [],
            [{"exchange": "E1", "youth": "Y9"}],
            "unknown_ref",
            ("exchange_participants", 2, "youth"),
        ),
        (
            [],
            [{"exchange": "E1", "youth": "Y1", "name": "Y1 aussi"}],
            "participant_youth_or_name",
            ("exchange_participants", 2, "name"),
        ),
        (
            [],
            [{"exchange": "E1", "organisation": "Sans nom"}],
            "participant_youth_or_name",
            ("exchange_participants", 2, "name"),
        ),
        (
            [],
            [{"exchange": "E1", "youth": "Y1"}, {"exchange": "E1", "youth": "Y1"}],
            "duplicate",
            ("exchange_participants", 3, "youth"),
        ),
        (
            [],
            [{"exchange": "E1", "name": f"Encadrant {n}"} for n in range(3)],
            "count_below_names",
            ("exchanges", 2, "staff_count"),
        ),
    ],
)
def test_a_wrong_participant_is_a_clear_error_and_nothing_is_written(
    packages, event, exchange, code, where
):
    result = packages.load(with_participants(event, exchange))
    assert not result.ok
    assert [row[:3] for row in found(result, code)] == [where]
    assert not Project.objects.exists() and not ExchangeParticipant.objects.exists()


def test_an_organisations_export_holds_only_its_own_youth(packages):
    assert packages.load(with_participants()).ok
    tables = {
        table.name: list(table.rows)
        for table in organisation_package_tables(
            project=Project.objects.get(code="TL"),
            organisation=Organisation.objects.get(code="PIN"),
        )
    }
    assert tables["event_participants"] == []  # EV1 is CHY's, and so are Y1 and Y2
    youth = [row["youth"] for row in tables["exchange_participants"] if row["youth"]]
    staff = [row["name"] for row in tables["exchange_participants"] if not row["youth"]]
    assert youth == ["Y3"]
    assert sorted(staff) == ["Anna Bianchi", "Giulia Rossi", "Marc Dupont"]


def test_an_organisations_export_imports_back(packages, tmp_path):
    """CHY's part of the package is a valid package on its own (its youth's participations,
    the exchanges' staff)."""
    assert packages.load(with_participants()).ok
    tables = organisation_package_tables(
        project=Project.objects.get(code="TL"), organisation=Organisation.objects.get(code="CHY")
    )
    package_write(tables=tables, destination=tmp_path / "chy")
    Project.objects.all().delete()
    result = package_import(source=tmp_path / "chy")
    assert result.ok, [str(i) for i in result.errors]
    assert sorted(EventParticipant.objects.values_list("youth__code", flat=True)) == ["Y1", "Y2"]


def test_a_coordinator_imports_their_youths_participations_only(packages):
    tables = with_participants()
    # The counts as the database holds them once loaded (an export writes them so).
    tables["exchanges"][1].update(youth_count="1", staff_count="2")
    assert packages.load(tables).ok
    pinerolo = UserFactory(organisation=Organisation.objects.get(code="PIN"), is_coordinator=True)
    # Leaving out CHY's young person Y2 leaves their participation as it is.
    tables["exchange_participants"] = [row for row in EXCHANGE if row.get("youth") != "Y2"]
    result = packages.load(tables, replace=True, by=pinerolo)
    assert result.ok, [str(i) for i in result.errors]
    assert ExchangeParticipant.objects.filter(youth__code="Y2").exists()
    # Adding CHY's Y2 to E1 is not PIN's to do.
    tables["exchange_participants"] = [*EXCHANGE, {"exchange": "E1", "youth": "Y2"}]
    result = packages.load(tables, replace=True, by=pinerolo)
    assert [row[:3] for row in found(result, NOT_YOURS)] == [("exchange_participants", 8, None)]
    assert not ExchangeParticipant.objects.filter(exchange__code="E1", youth__code="Y2").exists()


def test_the_lead_partner_replaces_its_exchanges_and_keeps_another_organisations_youth(packages):
    assert packages.load(with_participants()).ok
    chambery = UserFactory(organisation=Organisation.objects.get(code="CHY"), is_coordinator=True)
    tables = with_participants()
    tables["exchanges"][1].update(youth_count="1", staff_count="2")
    assert packages.load(tables, replace=True).ok
    tables["exchanges"][0]["title"] = "Séjour à Pinerolo (mai)"
    result = packages.load(tables, replace=True, by=chambery)
    assert result.ok, [str(i) for i in result.errors]
    assert Exchange.objects.get(code="E1").title == "Séjour à Pinerolo (mai)"
    assert set(
        ExchangeParticipant.objects.filter(exchange__code="E1", youth__isnull=False).values_list(
            "youth__code", flat=True
        )
    ) == {"Y1", "Y3"}
