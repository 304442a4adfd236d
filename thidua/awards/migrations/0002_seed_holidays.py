from django.db import migrations


def seed(apps, schema_editor):
    from thidua.awards.catalogue import HOLIDAYS

    Holiday = apps.get_model("awards", "Holiday")
    existing = set(Holiday.objects.values_list("date", flat=True))
    Holiday.objects.bulk_create(Holiday(date=day, name=name) for day, name in HOLIDAYS if day not in existing)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
