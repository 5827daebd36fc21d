from django.db import transaction

from hub.models import User


@transaction.atomic
def user_update_profile(
    *, user: User, full_name: str, preferred_language: str, time_zone: str
) -> User:
    """Change the person's name, language and time zone; raises ValidationError and
    leaves the row unchanged when a value is not acceptable."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    user.time_zone = time_zone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "preferred_language", "time_zone"])
    return user
