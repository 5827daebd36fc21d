"""Settings pages of a partnership that belong to its profile (leaders only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from hub.services import ApplicationError
from partnerships.forms.profile import PartnershipProfileForm
from partnerships.mixins import PartnershipMixin
from partnerships.roles import PartnershipPerm
from partnerships.services.profile import partnership_update


class ProfileSettingsView(PartnershipMixin, FormView):
    required_perm = PartnershipPerm.CHANGE
    section = "settings"
    form_class = PartnershipProfileForm
    template_name = "partnerships/pages/settings_profile.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def form_valid(self, form):
        changes = form.changes()
        if not changes:
            messages.info(self.request, _("Nothing was changed."))
            return redirect("partnerships:settings-profile", self.partnership.slug)
        try:
            partnership_update(partnership=self.partnership, actor=self.request.user, **changes)
        except ApplicationError as error:
            form.add_application_error(error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_validation_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("The profile was saved."))
        return redirect("partnerships:settings-profile", self.partnership.slug)
