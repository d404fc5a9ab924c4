"""Pages of the demo's PDF bilan in French, Italian and English, rendered by pdftoppm into
``docs/screenshots/`` (issue 11, point 4): the cover, the table of contents, a chart page and a
text page of each. Not a test: run it by hand after a change of the bilan's layout, look at the
images, commit them::

    .venv/bin/python tests/reporting/pdf_pages.py [--out docs/screenshots]

It loads the TEEN LAB demo into a throw-away SQLite database, writes the three PDFs and renders
the pages whose text says what they are (the first heading found on each), at 60 dpi, quantised
to 256 colours to stay small.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("fr", "it", "en")
# Which page to show: (file name, a text only that page's heading carries, per language).
PAGES = {
    "cover": None,  # page 1
    "contents": {"fr": "Sommaire", "it": "Indice", "en": "Contents"},
    "charts": {
        "fr": "Qui sont les jeunes recrutés",
        "it": "Chi sono i giovani selezionati",
        "en": "Who are the young people recruited",
    },
    "text": {"fr": "Pédagogie", "it": "Pedagogia", "en": "Teaching approach"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="teenlab-pdf-pages-") as home:
        os.environ["TEENLAB_HOME"] = home
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teenlab.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        for path in _render(arguments.out, Path(home)):
            print(f"{path}: {path.stat().st_size // 1024} KB")


def _render(out: Path, work: Path) -> list[Path]:
    from PIL import Image
    from pypdf import PdfReader

    from teenlab.datapackage.services import package_import
    from teenlab.demo.generate import PACKAGE_DIR
    from teenlab.reporting.renderers.pdf import render_pdf
    from teenlab.reporting.selectors import bilan_build

    result = package_import(source=PACKAGE_DIR, replace=True)
    bilan = bilan_build(project=result.project)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in LANGUAGES:
        pdf = work / f"bilan-{lang}.pdf"
        pdf.write_bytes(render_pdf(bilan, lang))
        texts = [
            page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages
        ]
        contents = _first_page(texts, PAGES["contents"][lang], after=1)
        for name, marker in PAGES.items():
            if marker is None:
                number = 1
            elif name == "contents":
                number = contents
            else:
                number = _first_page(texts, marker[lang], after=contents)
            stem = work / f"{name}-{lang}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "60",
                    "-png",
                    "-singlefile",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    str(pdf),
                    str(stem),
                ],
                check=True,
            )
            path = out / f"bilan-pdf-{lang}-{name}.png"
            Image.open(f"{stem}.png").convert("RGB").quantize(256).save(path, optimize=True)
            written.append(path)
    return written


def _first_page(texts: list[str], marker: str, *, after: int) -> int:
    """The number of the first page after page ``after`` whose text has ``marker``."""
    return next(n for n, text in enumerate(texts, start=1) if n > after and marker in text)


if __name__ == "__main__":
    main()
