from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from hub.accounts.forms import ProfileForm
from hub.accounts.services import user_update_profile


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "hub/accounts/profile.html"
    form_class = ProfileForm

    def get_initial(self):
        user = self.request.user
        return {
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
        }

    def form_valid(self, form):
        try:
            user_update_profile(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        # The language just chosen wins over an earlier pick in the language switcher.
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return response
