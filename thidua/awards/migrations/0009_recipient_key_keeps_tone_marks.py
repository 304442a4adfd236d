"""recipient_key keeps tone marks (issue 13.12): recompute it for every record, names stored NFC."""

from django.db import migrations

from thidua.core.text import name_key, nfc


def forwards(apps, schema_editor):
    AwardRecord = apps.get_model("awards", "AwardRecord")
    Person = apps.get_model("awards", "Person")
    batch = []
    for record in AwardRecord.objects.only("pk", "recipient_name", "recipient_key").iterator(chunk_size=5000):
        name = nfc(record.recipient_name)
        key = name_key(name)[:255]
        if (name, key) != (record.recipient_name, record.recipient_key):
            record.recipient_name, record.recipient_key = name, key
            batch.append(record)
        if len(batch) >= 5000:
            AwardRecord.objects.bulk_update(batch, ["recipient_name", "recipient_key"])
            batch = []
    if batch:
        AwardRecord.objects.bulk_update(batch, ["recipient_name", "recipient_key"])
    people = [p for p in Person.objects.only("pk", "full_name") if nfc(p.full_name) != p.full_name]
    for person in people:
        person.full_name = nfc(person.full_name)
    Person.objects.bulk_update(people, ["full_name"], batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("awards", "0008_versions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
