import json
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from teenlab.core.models import Project, User
from teenlab.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from teenlab.participants.models import Youth
from teenlab.reporting.renderers.json import render_json
from teenlab.reporting.selectors import bilan_build


@pytest.mark.django_db
@pytest.mark.slow
def test_demo_loads_the_programme_writes_its_bilan_and_creates_one_account_per_role(tmp_path):
    out = StringIO()
    folder = tmp_path / "bilan"

    call_command("demo", no_serve=True, bilan_folder=folder, stdout=out)
    # Again, without asking: the demo replaces itself.
    call_command("demo", no_serve=True, bilan_folder=folder, stdout=out)

    assert Project.objects.count() == 1
    project = Project.objects.get()
    assert Youth.objects.filter(project=project).count() > 0
    written = sorted(path.suffix for path in folder.iterdir())
    assert written == [".html", ".json", ".pdf", ".xlsx"]
    assert str(folder) in out.getvalue()
    computed = json.loads(render_json(bilan_build(project=project)))
    assert json.loads(next(folder.glob("*.json")).read_text()) == computed
    assert next(folder.glob("*.pdf")).read_bytes().startswith(b"%PDF")

    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert getattr(user, account.role_field)
        assert authenticate(username=account.username, password=DEMO_PASSWORD) == user
        assert account.username in out.getvalue()
