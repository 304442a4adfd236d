import factory
from factory.django import DjangoModelFactory

from thidua.conferences.tests.factories import ConferenceFactory
from thidua.voting.models import Ballot, BallotKind, BallotOption, VoterCode


class BallotFactory(DjangoModelFactory[Ballot]):
    class Meta:
        model = Ballot

    conference = factory.SubFactory(ConferenceFactory)
    kind = BallotKind.YES_NO
    title = factory.Sequence(lambda n: f"Biểu quyết đề nghị danh hiệu số {n}")


class BallotOptionFactory(DjangoModelFactory[BallotOption]):
    class Meta:
        model = BallotOption

    ballot = factory.SubFactory(BallotFactory)
    order = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: f"Phương án {n}")


def codes_of(ballot) -> list[str]:
    """The one-time codes of a ballot, in issue order (test helper)."""
    return list(VoterCode.objects.filter(ballot=ballot).order_by("pk").values_list("code", flat=True))


ISSUED_SHARES: dict[int, list[str]] = {}  # filled by the conftest's recorder (the test is the committee)


def shares_of(ballot, count: int | None = None) -> list[str]:
    """The share texts handed to the committee of `ballot` when its key was made (test oracle)."""
    shares = ISSUED_SHARES[ballot.pk]
    return shares[: ballot.seal_threshold if count is None else count]
