"""The SVG charts: valid, accessible, deterministic, their text kept as text."""

import xml.etree.ElementTree as ET

from teenlab.reporting import charts

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def funnel() -> str:
    return charts.funnel(
        [
            charts.Bar("Jeunes reçus", 80, "80"),
            charts.Bar("Jeunes recrutés", 39, "39 · 48,8\u202f% (39/80)"),
        ],
        title="Du premier accueil à la fin",
    )


def test_a_chart_is_valid_svg_with_a_title_for_screen_readers():
    root = ET.fromstring(funnel())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Du premier accueil à la fin"
    assert root.find(f"{SVG}title").text == "Du premier accueil à la fin"


def test_its_text_stays_text_in_the_report_typeface():
    svg = funnel()
    assert "39 · 48,8\u202f% (39/80)" in texts(svg)
    assert "Jeunes recrutés" in texts(svg)
    assert "Source Sans 3" in svg
    assert "<path d=" in svg and "glyph" not in svg.lower()


def test_a_chart_styles_nothing_outside_itself():
    assert "<style" not in funnel()


def test_a_chart_has_no_style_attribute_the_csp_would_block_but_keeps_its_colours():
    svg = funnel()
    assert "style=" not in svg
    root = ET.fromstring(svg)
    fills = {node.get("fill") for node in root.iter() if node.get("fill")}
    assert charts.PRIMARY in fills
    assert any(node.get("font-family") for node in root.iter(f"{SVG}text"))


def test_the_same_figures_give_the_same_bytes_and_no_date():
    assert funnel() == funnel()
    assert "<metadata" not in funnel() and "2026" not in funnel()


def test_ids_are_prefixed_with_the_chart_name():
    svg = charts.bar_panels(
        [charts.Panel("Genre", [charts.Bar("Femme", 11, "11"), charts.Bar("Homme", 28, "28")])],
        name="gender",
        title="Genre",
    )
    root = ET.fromstring(svg)
    ids = [node.get("id") for node in root.iter() if node.get("id")]
    assert ids and all(identifier.startswith("gender-") for identifier in ids)
    assert "url(#gender-" in svg


def test_grouped_and_stacked_bars_label_every_value_and_the_legend():
    budget = charts.grouped_bars(
        ["Coordination", "Transfrontalier"],
        [
            ("Prévu", [54000, 33000], ["54 000 €", "33 000 €"]),
            ("Dépensé", [100, 0], ["100 €", "0 €"]),
        ],
        name="budget",
        title="Budget",
    )
    assert {"Prévu", "Dépensé", "54 000 €", "0 €", "Coordination"} <= set(texts(budget))
    exchanges = charts.stacked_bars(
        ["France → Italie", "À distance"],
        [("Séjour jeunes", [2, 0]), ("Formation de formateurs", [0, 1])],
        ["55,6 % (5/9)", "11,1 % (1/9)"],
        name="exchanges",
        title="Échanges",
    )
    shown = texts(exchanges)
    assert {"Séjour jeunes", "Formation de formateurs", "55,6 % (5/9)", "2", "1"} <= set(shown)
    assert "0" not in shown  # an empty segment gets no label


def test_empty_figures_still_draw():
    ET.fromstring(charts.bar_panels([charts.Panel("Vide", [])], name="empty", title="Vide"))
    ET.fromstring(charts.funnel([charts.Bar("Jeunes recrutés", 0, "0")], title="Zéro"))
