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
