"""R5/R6 corrected (DOMAIN.md §10): one CSTĐCS streak for one CSTĐ cấp bộ; CSTĐ toàn quốc needs two CSTĐ cấp bộ
one three-year cycle apart, considered the year after the second. Updates the rules of existing databases."""

from django.db import migrations

STREAK = {"award": "CSTDCS", "times": 3, "exclusive": True}
CYCLES = {"award": "CSTD-CAND", "times": 2, "step": 3, "offset": 1}


def forwards(apps, schema_editor):
    CriterionRule = apps.get_model("awards", "CriterionRule")
    for code, params in (("CSTD-CAND", STREAK), ("CSTD-TQ", CYCLES)):
        for rule in CriterionRule.objects.filter(rule_key="consecutive_title", award_type__code=code):
            if rule.params.get("award") == params["award"]:
                rule.params = {**rule.params, **params}
                rule.save(update_fields=["params"])


def backwards(apps, schema_editor):
    CriterionRule = apps.get_model("awards", "CriterionRule")
    for rule in CriterionRule.objects.filter(rule_key="consecutive_title"):
        rule.params = {k: v for k, v in rule.params.items() if k not in ("exclusive", "step", "offset")}
        rule.save(update_fields=["params"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0009_recipient_key_keeps_tone_marks")]
    operations = [migrations.RunPython(forwards, backwards)]
