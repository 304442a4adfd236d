import factory
from factory.django import DjangoModelFactory

from thidua.conferences.tests.factories import ConferenceFactory
from thidua.voting.models import Ballot, BallotKind, BallotOption, VoterCode


class BallotFactory(DjangoModelFactory):
    class Meta:
        model = Ballot

    conference = factory.SubFactory(ConferenceFactory)
    kind = BallotKind.YES_NO
    title = factory.Sequence(lambda n: f"Biểu quyết đề nghị danh hiệu số {n}")


class BallotOptionFactory(DjangoModelFactory):
    class Meta:
        model = BallotOption

    ballot = factory.SubFactory(BallotFactory)
    order = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: f"Phương án {n}")


def codes_of(ballot) -> list[str]:
    """The one-time codes of a ballot, in issue order (test helper)."""
    return list(VoterCode.objects.filter(ballot=ballot).order_by("pk").values_list("code", flat=True))
