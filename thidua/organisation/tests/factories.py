import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from thidua.accounts.models import User
from thidua.organisation.models import (
    Cluster,
    ClusterLevel,
    ClusterMembership,
    ClusterTerm,
    Role,
    Unit,
    UnitKind,
    UnitRole,
)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Cán Bộ {n}")
    password = factory.PostGenerationMethodCall("set_password", "matkhau-thu-nghiem")

    @factory.post_generation
    def save_password(obj: User, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    parent = None
    kind = UnitKind.PROVINCIAL_POLICE
    name = factory.Sequence(lambda n: f"Công an tỉnh Thử Nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"CA Thử Nghiệm {n}")
    code = factory.Sequence(lambda n: f"CA-TN-{n}")


class UnitRoleFactory(DjangoModelFactory[UnitRole]):
    class Meta:
        model = UnitRole

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.OFFICER


class ClusterFactory(DjangoModelFactory[Cluster]):
    class Meta:
        model = Cluster

    level = ClusterLevel.MINISTRY
    owner = factory.SubFactory(UnitFactory, kind=UnitKind.MINISTRY, name="Bộ Công an (thử)")
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Cụm thi đua số {o.number}")


class ClusterTermFactory(DjangoModelFactory[ClusterTerm]):
    """A term with `members` (list of units); leader/deputy must be among them."""

    class Meta:
        model = ClusterTerm
        skip_postgeneration_save = True

    cluster = factory.SubFactory(ClusterFactory)
    year = 2024

    @factory.post_generation
    def members(obj: ClusterTerm, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for unit in extracted:
            ClusterMembership.objects.create(
                term=obj, unit=unit, year=obj.year, level=obj.cluster.level, owner=obj.cluster.owner
            )
