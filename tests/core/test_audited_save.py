"""One audited save (core.audit.audited_save): validated, saved and journaled, all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from teenlab.core import chain
from teenlab.core.audit import LABEL_KEY, audited_save
from teenlab.core.models import AuditEntry
from teenlab.participants.models import Youth
from tests.factories import UserFactory, YouthFactory


@pytest.fixture
def author(db):
    return UserFactory(is_counsellor=True)


def test_it_journals_a_new_record_as_a_creation_with_its_values(author):
    stored = YouthFactory()
    youth = Youth(
        project=stored.project,
        organisation=stored.organisation,
        code=f"{stored.code}X",
        first_name="Lina",
        last_name="Martin",
        birth_date=stored.birth_date,
        gender=stored.gender,
        received_on=stored.received_on,
    )
    entry = audited_save(youth, by=author)
    assert youth.pk is not None
    assert (entry.action, entry.model) == ("create", "participants.youth")
    assert entry.object_id == youth.pk
    assert entry.before is None
    assert entry.after["first_name"] == "Lina"
    assert entry.after[LABEL_KEY] == str(youth)


def test_it_journals_what_a_changed_field_was_from_the_stored_row(author):
    youth = YouthFactory(first_name="Lina")
    youth.first_name = "Léa"  # changed in memory first, as a model form does
    entry = audited_save(youth, by=author)
    assert entry.action == "update"
    assert set(entry.before) == set(entry.after) == {LABEL_KEY, "first_name"}
    assert (entry.before["first_name"], entry.after["first_name"]) == ("Lina", "Léa")
    assert Youth.objects.get(pk=youth.pk).first_name == "Léa"


def test_a_refused_change_leaves_the_record_and_the_journal_as_they_were(author):
    youth = YouthFactory(first_name="Lina")
    youth.first_name = ""
    with pytest.raises(ValidationError) as refused:
        audited_save(youth, by=author)
    assert "first_name" in refused.value.message_dict
    assert Youth.objects.get(pk=youth.pk).first_name == "Lina"
    assert not AuditEntry.objects.exists()


def test_the_services_own_check_replaces_full_clean(author):
    youth = YouthFactory()

    def refuse(obj):
        raise ValidationError({"code": "non"})

    youth.commune = "Menton"
    with pytest.raises(ValidationError):
        audited_save(youth, by=author, validate=refuse)
    assert not AuditEntry.objects.exists()


def test_an_unchanged_record_is_not_journaled_when_asked(author):
    youth = YouthFactory()
    assert audited_save(youth, by=author, skip_unchanged=True) is None
    assert not AuditEntry.objects.exists()
    assert audited_save(youth, by=author) is not None  # otherwise an entry, even unchanged


def test_the_journal_keeps_what_the_snapshot_keeps(author):
    youth = YouthFactory(first_name="Lina")
    youth.first_name, youth.last_name = "Léa", "Durand"

    def names_hidden(obj):
        return {"first_name": obj.first_name}

    entry = audited_save(youth, by=author, snapshot=names_hidden)
    assert (entry.before, entry.after) == (
        {LABEL_KEY: None, "first_name": "Lina"},
        {LABEL_KEY: None, "first_name": "Léa"},
    )


def test_entries_written_by_it_keep_the_chain_intact(author):
    youth = YouthFactory()
    for name in ("A", "B", "C"):
        youth.first_name = name
        audited_save(youth, by=author)
    assert chain.chain_verify().ok
