"""``teenlab verify``: published figures compared with records the tests build."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from teenlab.core.choices import BudgetCategory, EnrolmentStatus, Exit, Gender, ProfessionalProject
from teenlab.reporting.formatting import percent_round
from teenlab.reporting.verify import (
    PublishedReportError,
    _whole_count_gives,
    published_parse,
)
from tests.factories import (
    BudgetLineFactory,
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    OutcomeFactory,
    ProjectFactory,
    YouthFactory,
)


@pytest.fixture
def programme():
    """4 recruited (1 girl, 3 boys): 3 completed, 1 dropout; exits work, work, study, none;
    professional projects yes, yes, no, and one not recorded; a 350 000 € budget."""
    project = ProjectFactory(code="TL")
    organisation = OrganisationFactory(country="FR")
    cohort = CohortFactory(project=project, organisation=organisation)
    rows = [
        (Gender.F, EnrolmentStatus.COMPLETED, ProfessionalProject.YES, Exit.WORK),
        (Gender.M, EnrolmentStatus.COMPLETED, ProfessionalProject.YES, Exit.WORK),
        (Gender.M, EnrolmentStatus.COMPLETED, ProfessionalProject.NO, Exit.STUDY),
        (Gender.M, EnrolmentStatus.DROPPED_OUT, None, None),
    ]
    for gender, status, project_at_end, exit_ in rows:
        youth = YouthFactory(project=project, organisation=organisation, gender=gender)
        enrolment = EnrolmentFactory(cohort=cohort, youth=youth, status=status)
        if project_at_end:
            OutcomeFactory(enrolment=enrolment, professional_project=project_at_end, exit=exit_)
    for category, amount in [
        (BudgetCategory.CROSS_BORDER, 33000),
        (BudgetCategory.COORDINATION, 54000),
        (BudgetCategory.PEDAGOGY, 130000),
        (BudgetCategory.PREMISES_EQUIPMENT, 133000),
    ]:
        BudgetLineFactory(
            project=project,
            organisation=organisation,
            category=category,
            planned_eur=Decimal(amount),
        )
    return project


FAITHFUL = """
about:
  name: Test
  anything: [goes, here]
funnel:
  youth_recruited: 4
  recruited_by_gender:
    f: {count: 1, percent: 25}
    m: 3
  completed: 3
  dropouts: 1
professional_project:
  "yes": {percent: 50}
  "no": {percent: 25}
  "unknown": {percent: 25}
positive_exits:
  total: 3
  by_category:
    work: {count: 2, percent: 67}
    study: {count: 1, percent: 33.3}
budget:
  planned_total_eur: 350000
  planned_by_category:
    cross_border: {amount_eur: 33000, percent: 9.4}
    pedagogy: {amount_eur: 130000, percent: 37.1}
    premises_equipment: {amount_eur: 133000, percent: 38}
"""


def verify(tmp_path, text, *args):
    path = tmp_path / "published.yaml"
    path.write_text(text, encoding="utf-8")
    lines = []

    class Out:
        def write(self, message):
            lines.append(message)

        def flush(self):
            pass

    status = 0
    try:
        call_command("verify", str(path), *args, stdout=Out())
    except SystemExit as exit_:
        status = exit_.code
    return status, "".join(lines)


@pytest.mark.django_db
def test_it_accepts_a_report_the_records_support(tmp_path, programme):
    status, output = verify(tmp_path, FAITHFUL)

    assert status == 0, output
    assert "Aucun écart" in output
    assert "21 chiffres" in output


@pytest.mark.django_db
def test_it_flags_each_wrong_figure_with_both_values_and_the_counts(tmp_path, programme):
    wrong = (
        FAITHFUL.replace("study: {count: 1, percent: 33.3}", "study: {count: 1, percent: 6}")
        .replace("percent: 37.1}", "percent: 37.3}")
        .replace('"yes": {percent: 50}', '"yes": {percent: 65}')
        .replace("completed: 3", "completed: 28")
        .replace("cross_border: {amount_eur: 33000", "cross_border: {amount_eur: 33500")
    )

    status, output = verify(tmp_path, wrong)

    assert status == 1
    # The causes under each mismatch (« → cause probable : … ») are tested in
    # test_verify_demo.py and test_explain.py.
    lines = [line for line in output.strip().splitlines() if not line.startswith("  → ")]
    assert lines[:-1] == [
        "funnel.completed : publié 28, calculé 3",
        "professional_project.yes : publié 65 %, calculé 50 % (2/4) ; "
        "aucun nombre entier sur 4 ne donne 65 %",
        "positive_exits.by_category.study : publié 6 %, calculé 33 % (1/3) ; "
        "aucun nombre entier sur 3 ne donne 6 %",
        "budget.planned_by_category.cross_border : publié 33 500 €, calculé 33 000 €",
        "budget.planned_by_category.pedagogy : publié 37,3 %, calculé 37,1 % (130 000/350 000)",
    ]
    assert lines[-1] == "5 écarts sur 21 chiffres publiés."


@pytest.mark.django_db
def test_a_largest_remainder_percentage_is_recognised_and_said_so(tmp_path, programme):
    text = "budget:\n  planned_by_category:\n    pedagogy: {percent: 37.2}\n"

    status, output = verify(tmp_path, text)
    _, english = verify(tmp_path, text, "--lang", "en")

    assert status == 0, output
    assert output.splitlines() == [
        "budget.planned_by_category.pedagogy : publié 37,2 %, reconnu par la méthode du plus "
        "fort reste (arrondi simple : 37,1 %)",
        "Aucun écart : le chiffre publié correspond aux données.",
    ]
    assert "largest remainder" in english


@pytest.mark.django_db
def test_a_percentage_some_whole_count_would_give_is_not_called_unreachable(tmp_path, programme):
    status, output = verify(tmp_path, "funnel:\n  recruited_by_gender:\n    m: {percent: 25}\n")

    assert status == 1
    assert output.splitlines()[0] == (
        "funnel.recruited_by_gender.m : publié 25 %, calculé 75 % (3/4)"
    )


@pytest.mark.django_db
def test_it_speaks_italian_and_english(tmp_path, programme):
    text = "budget:\n  planned_by_category:\n    pedagogy: {percent: 37.3}\n"

    _, italian = verify(tmp_path, text, "--lang", "it")
    _, english = verify(tmp_path, text, "--lang", "en")

    assert "37,3%" in italian and "130.000/350.000" in italian
    assert "37.3%" in english and "130,000/350,000" in english


@pytest.mark.django_db
def test_unquoted_yes_and_no_are_professional_project_codes(tmp_path, programme):
    status, output = verify(tmp_path, "professional_project:\n  yes: {percent: 50}\n  no: 1\n")

    assert status == 0, output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("funnel:\n  recruited: 39\n", "Clé inconnue : funnel.recruited"),
        ("fun: 3\n", "Clé inconnue : fun"),
        ("funnel:\n  completed: {count: 3, share: 4}\n", "funnel.completed.share"),
        ("funnel:\n  completed: beaucoup\n", "funnel.completed"),
        ("funnel: [1, 2]\n", "funnel : un dictionnaire est attendu"),
        ("funnel: {completed: 3\n", "pas du YAML valide (ligne"),
        ("- 1\n- 2\n", "Un rapport publié est un dictionnaire"),
        ("", "Un rapport publié est un dictionnaire"),
    ],
)
def test_a_malformed_report_is_a_clear_error(tmp_path, programme, text, expected):
    path = tmp_path / "published.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match=None) as error:
        call_command("verify", str(path))

    assert expected in str(error.value)
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_a_missing_or_binary_file_is_a_clear_error(tmp_path, programme):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("verify", str(tmp_path / "nowhere.yaml"))
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x81 not yaml")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("verify", str(binary))


@pytest.mark.django_db
def test_an_unknown_project_is_a_clear_error(tmp_path, programme):
    path = tmp_path / "published.yaml"
    path.write_text("events: 0\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"Projet inconnu : « NOPE »\. Projets de la base : TL"):
        call_command("verify", str(path), "--project", "NOPE")


def test_percentages_round_half_up_on_the_exact_share():
    assert percent_round(1, 8, decimals=0) == Decimal("13")  # 12.5
    assert percent_round(1, 8, decimals=1) == Decimal("12.5")
    assert percent_round(2, 3, decimals=1) == Decimal("66.7")
    assert percent_round(27, 39, decimals=0) == Decimal("69")
    assert percent_round(130000, 350000, decimals=1) == Decimal("37.1")
    assert percent_round(1, 1, decimals=0) == Decimal("100")


def test_published_decimals_keep_the_precision_they_were_printed_with():
    data = published_parse("budget:\n  planned_by_category:\n    pedagogy: {percent: 38.0}\n")

    assert data["budget"]["planned_by_category"]["pedagogy"]["percent"] == Decimal("38.0")
    assert str(data["budget"]["planned_by_category"]["pedagogy"]["percent"]) == "38.0"
    with pytest.raises(PublishedReportError):
        published_parse("events: -1\n")


@pytest.mark.django_db
def test_a_figure_the_scope_does_not_have_is_a_mismatch(tmp_path, programme):
    cohort = programme.cohorts.get()

    status, output = verify(
        tmp_path, "budget:\n  planned_total_eur: 350000\n", "--cohort", cohort.code
    )

    assert status == 1
    assert "budget.planned_total_eur : publié 350 000 €, calculé sans objet" in output


@pytest.mark.django_db
def test_a_budget_amount_printed_as_a_plain_number_is_in_euros(tmp_path, programme):
    status, output = verify(tmp_path, "budget:\n  planned_by_category:\n    coordination: 50000\n")

    assert status == 1
    assert output.splitlines()[0] == (
        "budget.planned_by_category.coordination : publié 50 000 €, calculé 54 000 €"
    )


def test_it_finds_whether_any_whole_count_gives_a_percentage():
    def brute_force(percent, places, denominator):
        return any(
            percent_round(k, denominator, decimals=places) == percent
            for k in range(denominator + 1)
        )

    for percent, places in [
        (Decimal(65), 0),
        (Decimal(25), 0),
        (Decimal("37.2"), 1),
        (Decimal(0), 0),
        (Decimal(100), 0),
        (Decimal("6"), 0),
        (Decimal("99.9"), 1),
    ]:
        for denominator in (1, 3, 7, 25, 39, 40, 1000):
            assert _whole_count_gives(percent, places, denominator) == brute_force(
                percent, places, denominator
            ), (percent, denominator)
    assert not _whole_count_gives(Decimal(65), 0, 39)
    assert _whole_count_gives(Decimal(64), 0, 39)


@pytest.mark.django_db
def test_a_wrong_count_or_amount_is_explained_by_a_dropped_digit_or_a_sum(programme):
    from teenlab.reporting import explain
    from teenlab.reporting.selectors import bilan_build
    from teenlab.reporting.verify import published_parse, published_verify

    wrong = FAITHFUL.replace("planned_total_eur: 350000", "planned_total_eur: 35000").replace(
        "total: 3", "total: 4"
    )

    result = published_verify(
        published=published_parse(wrong), bilan=bilan_build(project=programme)
    )

    causes = {
        mismatch.key: [(e.cause, dict(e.details)) for e in mismatch.explanations]
        for mismatch in result.mismatches
    }
    assert causes == {
        "budget.planned_total_eur": [(explain.DIGIT_DROPPED, {"expected": 350000})],
        # 2 + 1 exits printed by category, 4 printed in all.
        "positive_exits.total": [(explain.SUM_MISMATCH, {"sum": 3, "total": 4})],
    }
