"""Factories for stories and library resources."""

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from landscapes.models_content import Resource, Story
from tests.partnerships.factories import PartnershipFactory


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    summary = "Farmers restore a river bank together."
    body = "<p>It started with a meeting by the river.</p>"
    language = "en"
    status = Story.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Story.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )
        in_review = factory.Trait(
            status=Story.Status.IN_REVIEW,
            submitted_at=factory.LazyFunction(timezone.now),
        )


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Resource {n}")
    description = "A practical guide to landscape planning."
    kind = Resource.Kind.GUIDE
    url = factory.Sequence(lambda n: f"https://example.org/resource-{n}")
    tags = factory.LazyFunction(lambda: ["planning"])
    languages = factory.LazyFunction(lambda: ["en"])
    partnership = None
    status = Resource.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        proposed = factory.Trait(status=Resource.Status.PROPOSED, published_at=None)


def png_upload(name: str = "photo.png", size=(8, 6)) -> SimpleUploadedFile:
    """A small real PNG."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
