"""Chain the journal entries written before the chain existed, in the order they were written,
and file each under an organisation (the young person's, else the record's, else the author's)."""

from django.db import migrations

from teenlab.core import chain

BATCH = 2000


def _organisation_of(apps, entry, youth_org, user_org, cache):
    if entry.youth_id is not None and entry.youth_id in youth_org:
        return youth_org[entry.youth_id]
    key = (entry.model, entry.object_id)
    if key not in cache:
        cache[key] = None
        try:
            model = apps.get_model(entry.model)
        except (LookupError, ValueError):
            model = None
        if model is not None and entry.object_id is not None:
            if model._meta.label_lower == "core.organisation":
                cache[key] = entry.object_id
            elif any(f.name == "organisation" for f in model._meta.concrete_fields):
                cache[key] = (
                    model._default_manager.filter(pk=entry.object_id)
                    .values_list("organisation_id", flat=True)
                    .first()
                )
    return cache[key] if cache[key] is not None else user_org.get(entry.user_id)


def chain_existing(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    Youth = apps.get_model("participants", "Youth")
    User = apps.get_model("core", "User")
    db = schema_editor.connection.alias
    youth_org = dict(Youth.objects.using(db).values_list("pk", "organisation_id"))
    user_org = dict(User.objects.using(db).values_list("pk", "organisation_id"))
    cache = {}
    previous, seq, batch = chain.GENESIS, 0, []
    for entry in AuditEntry.objects.using(db).order_by("id").iterator(chunk_size=BATCH):
        seq += 1
        entry.seq = seq
        entry.organisation_id = _organisation_of(apps, entry, youth_org, user_org, cache)
        entry.hash = chain.entry_hash(chain.entry_values(entry), previous=previous)
        previous = entry.hash
        batch.append(entry)
        if len(batch) == BATCH:
            AuditEntry.objects.using(db).bulk_update(batch, ["seq", "organisation", "hash"])
            batch = []
    if batch:
        AuditEntry.objects.using(db).bulk_update(batch, ["seq", "organisation", "hash"])
    AuditChainHead.objects.using(db).update_or_create(
        pk=1, defaults={"seq": seq, "hash": previous}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_chain"),
        ("participants", "0001_initial"),
    ]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
