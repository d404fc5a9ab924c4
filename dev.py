#!/usr/bin/env python3
"""Set teenlab up from a fresh clone and run it: ``python3 dev.py demo`` or ``python3 dev.py test``.

Needs only Python >= 3.11 and git. It installs uv (into ``.tools/``) if it is not on the PATH,
creates ``.venv/`` from ``uv.lock``, then:

- ``demo``: loads the TEEN LAB demo into the default SQLite database, writes its bilan and serves
  the web application (``teenlab demo``; extra arguments are passed on);
- ``test``: the whole test suite: ruff, mypy, migrations up to date, the import layers
  (import-linter), pytest on SQLite and, when ``TEENLAB_TEST_DATABASE_URL`` names a PostgreSQL
  database, pytest again on it (extra arguments go to pytest).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools"
UV_VERSION = "0.13.9"
VENV_BIN = ROOT / ".venv" / "bin"
# The packages and modules whose types mypy (with django-stubs) checks in `test`: services,
# selectors, indicators and the data package (issue 8). Other modules are read for their types only.
MYPY_PACKAGES = ("teenlab.datapackage",)
MYPY_TARGETS = (
    "teenlab.core.audit",
    "teenlab.core.bulk",
    "teenlab.core.services",
    "teenlab.core.project_setup",
    "teenlab.core.logos",
    "teenlab.core.languages",
    "teenlab.core.publicity",
    "teenlab.core.scoping",
    "teenlab.core.selectors",
    "teenlab.core.pagination",
    "teenlab.core.querysets",
    "teenlab.participants.services",
    "teenlab.activities.services",
    "teenlab.access",
    "teenlab.training.services",
    "teenlab.training.planning",
    "teenlab.training.selectors",
    "teenlab.training.ledger",
    "teenlab.privacy.services",
    "teenlab.privacy.selectors",
    "teenlab.privacy.management.commands.retention",
    "teenlab.training.rollups",
    "teenlab.training.management.commands.rollups",
    "teenlab.training.trainee_mode",
    "teenlab.training.management.commands.attendance",
    "teenlab.outcomes.services",
    "teenlab.outcomes.selectors",
    "teenlab.activities.selectors",
    "teenlab.finance.services",
    "teenlab.finance.selectors",
    "teenlab.reporting.formatting",
    "teenlab.reporting.indicators",
    "teenlab.dashboard.selectors",
    "teenlab.participants.selectors",
    "teenlab.privacy.subject_access",
    "teenlab.reporting.templatetags.figures",
    "teenlab.reporting.verify",
    "teenlab.privacy.backup",
    "teenlab.reporting.explain",
    "teenlab.reporting.renderers.names",
    "teenlab.reporting.bilan",
    "teenlab.reporting.selectors",
    "teenlab.reporting.scoping",
    "teenlab.reporting.views",
    "teenlab.reporting.text_views",
    "teenlab.reporting.services",
    "teenlab.reporting.figure_names",
    "teenlab.reporting.forms",
    "teenlab.reporting.attestations",
    "teenlab.reporting.charts",
    "teenlab.reporting.management.options",
    "teenlab.reporting.frameworks",
    "teenlab.reporting.frameworks.base",
    "teenlab.reporting.frameworks.records",
    "teenlab.reporting.frameworks.interreg",
    "teenlab.reporting.frameworks.esfplus",
    "teenlab.reporting.frameworks.bpf",
    "teenlab.reporting.frameworks.render",
    "teenlab.reporting.management.commands.indicators",
    "teenlab.reporting.renderers",
    "teenlab.reporting.renderers.json",
    "teenlab.reporting.renderers.html",
    "teenlab.reporting.renderers.pdf",
    "teenlab.reporting.renderers.xlsx",
    "teenlab.reporting.renderers.labels",
    "teenlab.reporting.renderers.report",
    "teenlab.reporting.renderers.sections.common",
    "teenlab.reporting.renderers.sections.figures",
    "teenlab.reporting.renderers.sections.outcomes",
    "teenlab.reporting.renderers.sections.narratives",
    "teenlab.reporting.renderers.sections.project",
    "teenlab.reporting.renderers.sections.finance",
    "teenlab.reporting.renderers.sections.activity",
    "teenlab.reporting.renderers.sections.charts",
)


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m" if sys.stdout.isatty() else f"==> {message}", flush=True)


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(part) for part in command], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def find_uv() -> Path:
    on_path = shutil.which("uv")
    if on_path:
        return Path(on_path)
    uv = TOOLS / "uv" / "bin" / "uv"
    if not uv.exists():
        say(f"Installing uv {UV_VERSION} into {uv.parent.parent.relative_to(ROOT)}/")
        try:
            venv.create(TOOLS / "uv", with_pip=True, clear=True)
        except (subprocess.CalledProcessError, OSError):
            sys.exit(
                "Python cannot create a virtual environment with pip here (Debian splits it out):\n"
                "    sudo apt-get install python3-venv\n"
                "or install uv (https://docs.astral.sh/uv/) and run this command again."
            )
        run(TOOLS / "uv" / "bin" / "python", "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}")
    return uv


def missing_system_packages() -> list[str]:
    """The Debian packages teenlab needs that this machine lacks: Pango, for WeasyPrint's PDFs
    (python3-venv, needed when uv is not on the PATH, is named by ``find_uv``)."""
    import ctypes.util

    missing = []
    if not (ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0")):
        missing.append("libpango-1.0-0 libpangoft2-1.0-0")
    return missing


def set_up() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (this script runs before the venv exists)
        sys.exit("teenlab needs Python 3.11 or newer.")
    missing = missing_system_packages()
    if missing:
        sys.exit(
            "teenlab needs these Debian packages, missing here:\n"
            f"    sudo apt-get install {' '.join(missing)}"
        )
    uv = find_uv()
    say("Installing teenlab and its dependencies into .venv/ (uv sync --locked)")
    env = {
        **os.environ,
        # The interpreter that runs this script is the one to use: never download another.
        "UV_PYTHON": sys.executable,
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_PROJECT_ENVIRONMENT": str(ROOT / ".venv"),
    }
    # Bytecode compiled once here, not at every start: where PYTHONDONTWRITEBYTECODE is set
    # (containers, CI), Python would otherwise recompile Django and matplotlib at each command.
    run(uv, "sync", "--locked", "--quiet", "--compile-bytecode", env=env)
    run(VENV_BIN / "python", "-m", "compileall", "-q", "teenlab", env=env)


def demo(arguments: list[str]) -> None:
    set_up()
    os.execv(VENV_BIN / "teenlab", ["teenlab", "demo", *arguments])


def test(arguments: list[str]) -> None:
    set_up()
    say("ruff check and ruff format --check")
    run(VENV_BIN / "ruff", "check", ".")
    run(VENV_BIN / "ruff", "format", "--check", ".")

    sqlite_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    check_env = {**sqlite_env, "TEENLAB_HOME": str(ROOT / ".tools" / "check-home")}
    say("Types (mypy with django-stubs)")
    targets = [f"--package={name}" for name in MYPY_PACKAGES]
    targets += [f"--module={name}" for name in MYPY_TARGETS]
    run(VENV_BIN / "mypy", *targets, env=check_env)

    say("Migrations match the models (makemigrations --check)")
    run(
        VENV_BIN / "python",
        "manage.py",
        "makemigrations",
        "--check",
        "--dry-run",
        env=check_env,
    )

    say("Layers (import-linter)")  # the contracts of .importlinter; docs/web.md, "Layers"
    run(VENV_BIN / "lint-imports", "--no-cache", "--no-logo", env=check_env)

    say("Test suite on SQLite")
    run(VENV_BIN / "pytest", *arguments, env=sqlite_env)

    postgres_url = os.environ.get("TEENLAB_TEST_DATABASE_URL")
    if postgres_url:
        say("Test suite on PostgreSQL")
        run(VENV_BIN / "pytest", *arguments, env={**os.environ, "DATABASE_URL": postgres_url})
    else:
        say("TEENLAB_TEST_DATABASE_URL is not set: the PostgreSQL run is skipped (CI sets it)")


COMMANDS = {"demo": demo, "test": test}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
