"""``teenlab verify`` on the TEEN LAB demo: exactly what the records cannot support."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from teenlab.datapackage.services import package_import
from teenlab.demo.generate import PACKAGE_DIR
from teenlab.reporting.formatting import largest_remainder, percent_round
from teenlab.reporting.selectors import bilan_build
from teenlab.reporting.verify import LARGEST_REMAINDER, PLAIN, published_verify
from teenlab.training.models import Enrolment

PUBLISHED = PACKAGE_DIR.parent / "published-figures.yaml"


@pytest.fixture
def demo(db):
    result = package_import(source=PACKAGE_DIR)
    assert result.ok, [str(issue) for issue in result.errors]
    return result.project


def verify(*args):
    out = io.StringIO()
    try:
        call_command("verify", str(PUBLISHED), *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_it_flags_exactly_the_four_figures_the_records_cannot_give(demo):
    status, output = verify()

    assert status == 1
    assert output.splitlines() == [
        "professional_project.yes : publié 65 %, calculé 64 % (25/39) ; "
        "aucun nombre entier sur 39 ne donne 65 %",
        "professional_project.no : publié 25 %, calculé 26 % (10/39) ; "
        "aucun nombre entier sur 39 ne donne 25 %",
        "positive_exits.by_category.study : publié 6 %, calculé 16 % (4/25) ; "
        "aucun nombre entier sur 25 ne donne 6 %",
        "budget.planned_by_category.pedagogy : publié 37,2 %, reconnu par la méthode du plus "
        "fort reste (arrondi simple : 37,1 %)",
        "3 écarts sur 46 chiffres publiés.",
    ]


def test_it_says_so_in_italian_and_english(demo):
    _, italian = verify("--lang", "it")
    _, english = verify("--lang", "en")

    assert italian.splitlines()[2] == (
        "positive_exits.by_category.study: pubblicato 6%, calcolato 16% (4/25); "
        "nessun numero intero su 25 dà 6%"
    )
    assert english.splitlines()[-1] == "3 discrepancies in 46 published figures."


@pytest.mark.parametrize("convention", [PLAIN, LARGEST_REMAINDER])
def test_the_teen_lab_budget_shares_are_recognised_by_either_rounding(demo, convention):
    bilan = bilan_build(project=demo)
    budget = bilan.figures.budget
    planned, total = budget.planned_by_category, budget.planned_total_eur
    if convention == PLAIN:
        shares = [percent_round(amount, total) for amount in planned.values()]
    else:
        shares = largest_remainder(list(planned.values()))
    published = {
        "budget": {
            "planned_by_category": {
                code: {"percent": share} for code, share in zip(planned, shares, strict=True)
            }
        }
    }

    result = published_verify(published=published, bilan=bilan)

    assert result.ok, result.mismatches
    plain = [percent_round(amount, total) for amount in planned.values()]
    expected = {
        code: PLAIN if share == plain_share else LARGEST_REMAINDER
        for code, share, plain_share in zip(planned, shares, plain, strict=True)
    }
    assert {r.path[-1]: r.convention for r in result.recognised} == expected
    assert sum(shares) == 100 or convention == PLAIN
    # The demo's budget is the published one: the two conventions differ on one line at least.
    assert LARGEST_REMAINDER in expected.values() or convention == PLAIN


def test_the_cohort_bilans_add_up_to_the_project(demo):
    whole = bilan_build(project=demo).figures
    parts = [bilan_build(project=demo, cohort=cohort).figures for cohort in demo.cohorts.all()]

    assert len(parts) == 2
    # A youth is counted once per cohort, once in the project.
    twice = (
        Enrolment.objects.filter(cohort__project=demo)
        .values("youth")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    recruited = sum(part.funnel.youth_recruited for part in parts)
    assert recruited == whole.funnel.youth_recruited + twice
    assert sum(part.events for part in parts) == whole.events
    for part in parts:
        assert part.training_hours == whole.training_hours  # the same course twice
