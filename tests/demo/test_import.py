"""The demo package through the importer and the bilan: the published figures come back."""

import pytest

from teenlab.datapackage.services import package_import
from teenlab.demo.generate import PACKAGE_DIR
from teenlab.reporting.selectors import bilan_build
from teenlab.reporting.verify import published_load, published_verify

PUBLISHED = PACKAGE_DIR.parent / "published-figures.yaml"


@pytest.fixture
def imported(db):
    result = package_import(source=PACKAGE_DIR)
    assert result.ok, [str(issue) for issue in result.errors]
    return result


def test_the_demo_imports_with_only_the_trial_day_warning(imported):
    assert [issue.code for issue in imported.warnings] == ["outside_enrolment"]
    assert imported.warnings[0].table == "attendance"


def test_the_demo_bilan_gives_every_published_figure_arithmetic_allows(imported):
    published = published_load(PUBLISHED)

    verification = published_verify(
        published=published, bilan=bilan_build(project=imported.project)
    )

    assert verification.checked > 0
    for mismatch in verification.mismatches:
        # Only a printed percentage may differ, and only one no records could give: no whole
        # number reaches it, or it contradicts the count or amount printed beside it.
        assert mismatch.kind == "percent", mismatch
        node = published
        for key in mismatch.path:
            node = node[key]
        printed_beside = {"count", "amount_eur"} & set(node)
        assert mismatch.reachable is False or printed_beside, mismatch
