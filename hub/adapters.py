from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.http import Http404
from django.utils.module_loading import import_string


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "")
        language = form.cleaned_data.get("preferred_language")
        user.preferred_language = (
            language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        )
        if commit:
            user.save()
        return user

    def post_login(self, request, user, **kwargs):
        """After sign-in, let the apps listed in ``HUB_POST_LOGIN_HOOKS`` redirect the
        person (e.g. into the partnership whose invitation they opened before signing up)."""
        response = super().post_login(request, user, **kwargs)
        for path in getattr(settings, "HUB_POST_LOGIN_HOOKS", ()):
            response = import_string(path)(request=request, user=user, response=response)
        return response


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_provider(self, request, provider, client_id=None):
        """A provider without configured credentials does not exist (404), rather than
        failing with a server error."""
        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as error:
            raise Http404 from error
