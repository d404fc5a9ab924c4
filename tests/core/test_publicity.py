"""EU publicity (issue 11, point 4): the emblem drawn from its official construction, the
funding statement per language, on the bilan's cover and on the sign-in sheets."""

import math
import xml.etree.ElementTree as ET

import pytest

from teenlab.core.publicity import (
    EMBLEM_BLUE,
    EMBLEM_FILE,
    EMBLEM_YELLOW,
    default_funding_statement,
    eu_emblem_svg,
    project_publicity,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_the_emblem_file_is_the_construction_s_output_nothing_downloaded():
    assert EMBLEM_FILE.read_text(encoding="utf-8") == eu_emblem_svg()


@pytest.mark.parametrize("height", [540, 180])
def test_the_emblem_follows_the_official_geometric_construction(height):
    root = ET.fromstring(eu_emblem_svg(height))
    width = int(root.get("width"))
    assert (width, int(root.get("height"))) == (height * 3 // 2, height)
    assert root.find(f"{SVG}rect").get("fill") == EMBLEM_BLUE
    group = root.find(f"{SVG}g")
    assert group.get("fill") == EMBLEM_YELLOW
    stars = [
        [tuple(map(float, point.split(","))) for point in polygon.get("points").split()]
        for polygon in group.findall(f"{SVG}polygon")
    ]
    assert len(stars) == 12
    centre = (width / 2, height / 2)
    angles = []
    for points in stars:
        assert len(points) == 10  # five points, five inner corners
        middle = (sum(x for x, _ in points) / 10, sum(y for _, y in points) / 10)
        # On the invisible circle of radius one third of the height…
        assert math.dist(middle, centre) == pytest.approx(height / 3, abs=0.05)
        # …each star's points on a circle of radius one eighteenth of the height…
        for point in points[::2]:
            assert math.dist(point, middle) == pytest.approx(height / 18, abs=0.05)
        # …upright: one point straight up.
        top = points[0]
        assert top[0] == pytest.approx(middle[0], abs=0.01) and top[1] < middle[1]
        angles.append(math.degrees(math.atan2(middle[1] - centre[1], middle[0] - centre[0])))
    # At the hours of a clock.
    assert sorted(round(angle) % 360 for angle in angles) == list(range(0, 360, 30))


@pytest.mark.django_db
def test_a_project_prints_its_own_statement_else_the_erdf_wording_and_no_emblem_if_off():
    from tests.factories import ProjectFactory

    project = ProjectFactory(funding_statement_it="Progetto finanziato da ALCOTRA")
    italian = project_publicity(project, "it")
    assert italian.statement == "Progetto finanziato da ALCOTRA"
    assert italian.union == "Unione europea" and italian.emblem_src.startswith("data:image/svg")
    english = project_publicity(project, "en")
    assert english.statement == default_funding_statement("en")
    assert "European Regional Development Fund" in english.statement
    project.eu_emblem = False
    off = project_publicity(project, "en")
    assert not off and off.emblem_src == "" and off.statement == ""
    assert project_publicity(project, "it").statement == "Progetto finanziato da ALCOTRA"
