"""``{% table %}``: every page's data tables get the same wrapper and the same empty state."""

import pytest
from django.template import Context, Template

HEAD = "<tbody>{% for x in rows %}<tr><td>{{ x }}</td></tr>{% endfor %}</tbody>"


def render(arguments: str, rows) -> str:
    source = "{% load teenlab %}{% table rows " + arguments + " %}" + HEAD + "{% endtable %}"
    return Template(source).render(Context({"rows": rows, "label": "<Jeunes>"}))


def test_rows_are_drawn_in_the_scrolling_wrapper_with_their_attributes():
    html = render('id="youth" label=label css="wide" empty="Rien."', ["A & B", "C"])
    assert html.startswith('<div class="table-wrap"><table aria-label="&lt;Jeunes&gt;"')
    assert 'class="stack wide"' in html and 'id="youth"' in html
    assert "<td>A &amp; B</td><td>" not in html and "<td>A &amp; B</td></tr><tr><td>C</td>" in html
    assert "Rien." not in html


def test_a_small_table_can_stay_a_table_and_a_main_list_gets_its_own_card():
    assert 'class="stack' not in render("stack=False", [1])
    html = render("card=True", [1])
    assert html.startswith('<div class="card card--flush"><div class="table-wrap">')


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ('empty="Aucun jeune."', '<p class="empty empty--in-card">Aucun jeune.</p>'),
        ("empty=label", '<p class="empty empty--in-card">&lt;Jeunes&gt;</p>'),
        ("", ""),
    ],
)
def test_an_empty_list_says_so_in_place_of_the_table(arguments, expected):
    assert render(arguments, []) == expected


def test_an_empty_main_list_says_so_in_a_card_with_an_icon():
    html = render('card=True empty="Aucune dépense."', [])
    assert html.startswith('<div class="card"><p class="empty"><svg class="icon"')
    assert html.endswith("Aucune dépense.</p></div>")
