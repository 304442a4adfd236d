"""Issue 14.2: the object rules of the apps live in their policy modules, registered with access."""

import pytest

from thidua.organisation import access
from thidua.scoring.models import ScoreSheet

pytestmark = pytest.mark.django_db


def test_every_object_rule_is_registered_with_the_policy():
    assert access.object_rules() == [
        "CrossInspection.record",
        "GeneratedDocument.regenerate",
        "GeneratedDocument.view",
        "PressRelease.view",
        "ScoreSheet.assess",
        "ScoreSheet.comment",
        "ScoreSheet.manage_own_unit",
        "ScoreSheet.self_score",
    ]


def test_an_unknown_rule_is_an_error_not_a_refusal(users):
    with pytest.raises(LookupError):
        access.can_object(users["admin"], "publish", ScoreSheet())


def test_a_rule_declared_twice_is_refused():
    with pytest.raises(ValueError):
        access.rule(ScoreSheet, "assess")(lambda actor, sheet: True)
