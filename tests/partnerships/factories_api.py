import factory

from partnerships.models import ApiKey
from partnerships.roles import Role
from partnerships.selectors.apikeys import apikey_hash
from tests.partnerships.factories import MembershipFactory, PartnershipFactory


class ApiKeyFactory(factory.django.DjangoModelFactory):
    """A key created by a leader of its partnership. The full key text is on
    ``key.raw_key`` (tests only: the application never keeps it)."""

    class Meta:
        model = ApiKey

    class Params:
        secret = factory.Sequence(lambda n: f"test-secret-{n:06d}-abcdefghijklmnop")

    partnership = factory.SubFactory(PartnershipFactory)
    created_by = factory.LazyAttribute(
        lambda o: MembershipFactory(partnership=o.partnership, role=Role.LEADER).user
    )
    name = factory.Sequence(lambda n: f"Key {n}")
    prefix = factory.Sequence(lambda n: f"lh_t{n:07d}")
    raw_key = factory.LazyAttribute(lambda o: f"{o.prefix}.{o.secret}")
    key_hash = factory.LazyAttribute(lambda o: apikey_hash(o.raw_key))
    scope = ApiKey.Scope.READ

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        raw_key = kwargs.pop("raw_key")
        key = super()._create(model_class, *args, **kwargs)
        key.raw_key = raw_key
        return key


def key_header(key: ApiKey) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Api-Key {key.raw_key}"}
