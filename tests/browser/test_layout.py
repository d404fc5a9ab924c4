"""The everyday pages fit a phone and a tablet: nothing wider than the screen, no horizontal
scroll (a wide table scrolls inside its own frame), and touch targets at least 44 px high."""

import pytest

from tests.browser.conftest import TABLET

PHONE = {"width": 390, "height": 844}

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.table-wrap, .bilan-viewer, dialog:not([open])')) continue;
    const box = e.getBoundingClientRect();
    if (box.width && box.right > width + 1) wide.push(
      `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`
      + ` right=${Math.round(box.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 10)};
}"""

# docs/web.md: touch targets at least 44 px high; ``button--small`` (secondary actions in a
# table) at least 24 px, WCAG 2.2's minimum target size (2.5.8).
SMALL_TARGETS = """() => {
  const controls = 'main button, main .button, main select, main input:not([type=hidden])'
    + ':not([type=checkbox]):not([type=radio])';
  return [...document.querySelectorAll(controls)]
    .filter(e => e.offsetParent !== null)
    .filter(e => e.getBoundingClientRect().height < (e.matches('.button--small') ? 24 : 44))
    .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}`
      + ` ${Math.round(e.getBoundingClientRect().height)}px`);
}"""


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_the_everyday_pages_fit_the_screen(page, programme, log_in, viewport):
    page.set_viewport_size(viewport)
    log_in(programme.coordinator)
    problems = {}
    for name, url in {
        "dashboard": "/",
        "youth list": "/youth/",
        "youth record": f"/youth/{programme.trainees[0].pk}/",
        "sign-in": f"/slots/{programme.slot.pk}/",
        "cohort": f"/cohorts/{programme.cohort.pk}/",
        "outcomes": f"/outcomes/cohorts/{programme.finished.pk}/",
        "bilan": "/bilan/?scope=project&lang=fr",
    }.items():
        page.goto(url)
        overflow = page.evaluate(OVERFLOW)
        if overflow["scroll"] > 0 or overflow["wide"]:
            problems[name] = overflow
        small = page.evaluate(SMALL_TARGETS)
        if small:
            problems[f"{name} (touch targets under 44 px)"] = small
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())
