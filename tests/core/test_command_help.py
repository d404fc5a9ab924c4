"""Every teenlab command prints its help, in each language, before any database is needed."""

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

TEENLAB_COMMANDS = sorted(
    (app, name) for name, app in get_commands().items() if app.startswith("teenlab.")
)


@pytest.mark.parametrize("lang", ["fr", "it", "en"])
@pytest.mark.parametrize(("app", "name"), TEENLAB_COMMANDS)
def test_the_help_of_every_teenlab_command_prints(app, name, lang):
    with translation.override(lang):
        command = load_command_class(app, name)
        text = command.create_parser("teenlab", name).format_help()
    assert text.startswith(f"usage: teenlab {name}")
    assert "--help" in text


def test_the_commands_with_translated_help_are_listed():
    assert {"import", "export", "audit", "worker"} <= {name for _, name in TEENLAB_COMMANDS}


@pytest.mark.parametrize(
    "name",
    [
        "bilan",
        "indicators",
        "import",
        "export",
        "attendance",
        "rollups",
        "demo",
        "backup",
        "restore",
    ],
)
def test_help_needs_no_database(name, tmp_path):
    """``teenlab NAME --help`` through the real entry point, with a database that cannot be
    reached: it prints the help and never connects (no migration, no check)."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "TEENLAB_HOME": str(tmp_path / "home"),
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:1/nowhere",
    }
    result = subprocess.run(
        [sys.executable, "-m", "teenlab.cli", name, "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: teenlab {name}")
    assert "Traceback" not in result.stderr


def test_the_report_commands_start_without_the_urlconf_or_matplotlib(tmp_path):
    """``teenlab bilan --format json`` neither loads the views (system checks) nor matplotlib:
    what made it spend seconds before reading a row (issue 14, start-up)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from teenlab.cli import main\n"
        "try:\n"
        "    main(['bilan', '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('matplotlib', 'teenlab.urls', 'weasyprint') if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    env = {**os.environ, "TEENLAB_HOME": str(tmp_path / "home")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert "LOADED []" in result.stderr, result.stderr[-2000:]
