"""The import layers (.importlinter, docs/web.md "Layers"): kept by the code, and a back-edge
breaks them — checked on a copy of the package with one import added."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(ROOT / ".importlinter")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_code_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/audit.py", "from teenlab.training.models import Slot", "core imports no domain app"),
        ("core/views.py", "from teenlab import access", "core imports no domain app"),
        ("participants/models.py", "from teenlab.training import models", "Layers only point down"),
        (
            "participants/views.py",
            "from teenlab.training import selectors",
            "Layers only point down",
        ),
        ("training/views.py", "from teenlab.dashboard import selectors", "Layers only point down"),
        ("access.py", "from teenlab.reporting import selectors", "Layers only point down"),
        (
            "outcomes/views.py",
            "from teenlab.finance import selectors",
            "outcomes, activities and finance are independent",
        ),
        (
            "training/selectors.py",
            "from teenlab import access",
            "The records' models, services and selectors read no layer above the records",
        ),
    ],
    ids=[
        "core-to-record",
        "core-to-access",
        "record-models-up",
        "record-views-up",
        "record-views-to-dashboard",
        "access-to-reporting",
        "sibling-to-sibling",
        "selectors-to-access",
    ],
)
def test_a_back_edge_breaks_a_contract(tmp_path, module, line, contract):
    copy = tmp_path / "teenlab"
    shutil.copytree(
        ROOT / "teenlab",
        copy,
        ignore=lambda folder, names: [
            name for name in names if not (name.endswith(".py") or Path(folder, name).is_dir())
        ],
    )
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout, result.stdout
