"""Issue 14.2: the object rules of the apps live in their policy modules, registered with access."""

import ast
import re
from pathlib import Path

import pytest

from thidua.organisation import access
from thidua.scoring.models import ScoreSheet

pytestmark = pytest.mark.django_db


def test_every_object_rule_is_registered_with_the_policy():
    assert access.object_rules() == [
        "AwardCount.change",
        "AwardType.edit",
        "Ballot.manage",
        "Ballot.see_results",
        "Conference.manage",
        "Conference.manage_ballots",
        "Covenant.manage",
        "CrossInspection.record",
        "Decision.annul",
        "Decision.manage_files",
        "Decision.publish",
        "GeneratedDocument.regenerate",
        "GeneratedDocument.view",
        "PeriodReport.accept",
        "PeriodReport.approve",
        "PeriodReport.return",
        "PressRelease.edit",
        "PressRelease.view",
        "ProposalBatch.approve",
        "ProposalBatch.approve_override",
        "ProposalBatch.draft",
        "ProposalBatch.review",
        "ProposalBatch.send",
        "ProposalBatch.withdraw",
        "ScoreSheet.assess",
        "ScoreSheet.comment",
        "ScoreSheet.manage_own_unit",
        "ScoreSheet.self_score",
        "SideEvent.manage",
        "SigningIdentity.sign",
        "Target.edit",
        "TargetRegistration.accept",
        "TargetRegistration.approve",
        "TargetRegistration.return",
    ]


def test_an_unknown_rule_is_an_error_not_a_refusal(users):
    with pytest.raises(LookupError):
        access.can_object(users["admin"], "publish", ScoreSheet())


def test_a_rule_declared_twice_is_refused():
    with pytest.raises(ValueError):
        access.rule(ScoreSheet, "assess")(lambda actor, sheet: True)


# -- no rule outside the policy (an `ast` walk, as tests/test_structure.py does) ---------------------

ROOT = Path(__file__).resolve().parents[3]
RULE_NAME = re.compile(r"^_?(check_)?(can|require)(_|$)")
WHO = {"actor", "user"}

# Functions that keep a rule-like name outside the policy, each with why it must stay.
STILL_OUTSIDE = {
    # a service entry point the admin form calls before parsing the file; the rule is
    # documents.policy.can_upload_template
    "thidua/documents/services/templates.py:check_can_upload",
}
# A module may still offer a policy function under its own name (`require_account_manager =
# access.require_manages_accounts`): such a name must be bound to the policy's function, not defined.
POLICY_MODULES = {"access", "policy"}


def _rule_functions() -> list[str]:
    found = []
    for path in sorted((ROOT / "thidua").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if {"tests", "migrations"} & set(path.parts) or path.name == "policy.py":
            continue
        if name == "thidua/organisation/access.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and RULE_NAME.match(node.name):
                arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                if WHO & {argument.arg for argument in arguments}:
                    found.append(f"{name}:{node.name}")
    return found


def _aliases_not_of_the_policy() -> list[str]:
    found = []
    for path in sorted((ROOT / "thidua").rglob("*.py")):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.Assign):
                continue
            for target in node.targets:
                if isinstance(target, ast.Name) and RULE_NAME.match(target.id):
                    value = node.value
                    of_policy = (
                        isinstance(value, ast.Attribute)
                        and isinstance(value.value, ast.Name)
                        and value.value.id in POLICY_MODULES
                    )
                    if not of_policy:
                        found.append(f"{path.relative_to(ROOT).as_posix()}:{target.id}")
    return found


def test_no_module_outside_the_policy_defines_a_rule_on_an_actor():
    """14.2: "may this user do X to this object" lives in organisation/access.py or an app's policy.py;
    services and selectors ask it (access.can_object / require_object), they do not write their own."""
    found = _rule_functions()
    assert found, "the walk found the allowed functions"
    assert sorted(set(found) - STILL_OUTSIDE) == []
    assert sorted(STILL_OUTSIDE - set(found)) == [], "an allowed function is gone: drop it from the list"


def test_a_rule_offered_under_another_name_is_the_policys_function():
    assert _aliases_not_of_the_policy() == []
