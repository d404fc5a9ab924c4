"""Browser steps of the bilan's texts (issue 11, points 1 and 2), for tests that compose them.
Each drives the real pages with Playwright as a coordinator (the page's session); the steps that
save raise ``AssertionError`` with the page's errors when it refuses.

    texts_open(page, server, *, section) -> None
        The list « Textes du bilan » (the bilan page links to it), then the section's editor.
        ``section`` is the heading the list shows (``"Introduction"``, ``"Conclusion"``…).

    texts_fill(page, *, fr=None, it=None, en=None, in_bilan=None) -> None
        In the open editor: each text given replaces that language's text (``""`` clears it);
        ``in_bilan`` ticks or unticks « Imprimer cette section dans le bilan ».

    texts_preview(page) -> dict[str, str]
        « Aperçu avec les chiffres »: {language code: the text as the bilan prints it}.

    texts_save(page) -> None
        « Enregistrer »; returns once saved.

    texts_refused(page) -> list[str]
        « Enregistrer » expecting a refusal: the errors shown beside the texts.

    figure_value(page, name) -> str
        The value the editor lists beside the texts for the figure ``name``.

    revision_restore(page, *, text) -> None
        « Versions précédentes », then « Rétablir » on the newest version whose text is ``text``.

    bilan_read(page, server, *, lang, scope="project") -> str
        The bilan page for ``scope`` in ``lang``: the report's text.
"""

from __future__ import annotations

BILAN_TIMEOUT_MS = 60_000


def _url(server, path: str) -> str:
    return f"{server.url}{path}"


def _click(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _errors(page) -> list[str]:
    return page.locator(".alert--error, .field__errors").all_inner_texts()


def texts_open(page, server, *, section: str) -> None:
    page.goto(_url(server, "/bilan/texts/"))
    _click(page, page.locator("#texts-sections").get_by_role("link", name=section, exact=True))


def texts_fill(
    page,
    *,
    fr: str | None = None,
    it: str | None = None,
    en: str | None = None,
    in_bilan: bool | None = None,
) -> None:
    for lang, text in (("fr", fr), ("it", it), ("en", en)):
        if text is not None:
            page.locator(f"#id_text_{lang}").fill(text)
    if in_bilan is not None:
        page.locator("#id_in_bilan").set_checked(in_bilan)


def texts_preview(page) -> dict[str, str]:
    _click(page, page.locator("#texts-preview-button"))
    if _errors(page):
        raise AssertionError(f"{page.url}: {' | '.join(_errors(page))}")
    shown = {}
    for lang in ("fr", "it", "en"):
        section = page.locator(f"#texts-preview-{lang}")
        if section.count():
            shown[lang] = " ".join(section.locator("p, li").all_inner_texts())
    return shown


def texts_save(page) -> None:
    _click(page, page.locator("#texts-save"))
    if _errors(page):
        raise AssertionError(f"{page.url}: {' | '.join(_errors(page))}")


def texts_refused(page) -> list[str]:
    _click(page, page.locator("#texts-save"))
    errors = page.locator(".field__errors li").all_inner_texts()
    assert errors, f"{page.url}: the texts were saved"
    return errors


def figure_value(page, name: str) -> str:
    catalogue = page.locator("#texts-catalogue")
    names = catalogue.locator("dt").all_inner_texts()
    values = catalogue.locator("dd").all_inner_texts()
    return dict(zip(names, values, strict=True))["{" + name + "}"]


def revision_restore(page, *, text: str) -> None:
    _click(page, page.locator("#texts-history"))
    row = page.locator("tr.texts-revision").filter(has_text=text).first
    _click(page, row.get_by_role("button", name="Rétablir"))
    if page.locator(".alert--error").count():
        raise AssertionError(f"{page.url}: {' | '.join(_errors(page))}")


def bilan_read(page, server, *, lang: str, scope: str = "project") -> str:
    # The report is computed and laid out with its charts: slower than a form page.
    page.goto(_url(server, f"/bilan/?scope={scope}&lang={lang}"), timeout=BILAN_TIMEOUT_MS)
    return page.locator("article.bilan").inner_text()
