"""Partner organization pages: the stakeholder view, add/edit/end, contacts inline."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from hub.services import ApplicationError
from partnerships.forms.partners import PartnerContactForm, PartnerEndForm, PartnerForm
from partnerships.mixins import PartnershipMixin
from partnerships.models import PartnerContact, PartnerOrganization
from partnerships.roles import PartnershipPerm
from partnerships.selectors import partners as selectors
from partnerships.services import partners as services
from partnerships.views.governance import ConfirmDeleteView, EditMixin, ServiceFormView


class PartnerListView(PartnershipMixin, TemplateView):
    section = "partners"
    template_name = "partnerships/partners/partner_list.html"

    def get_context_data(self, **kwargs):
        include_former = self.request.GET.get("former") == "1"
        group_by = "sector" if self.request.GET.get("by") == "sector" else "role"
        view = selectors.partner_stakeholder_view(
            partnership=self.partnership, include_former=include_former
        )
        return super().get_context_data(
            groups=view["by_sector"] if group_by == "sector" else view["by_role"],
            partner_count=len(view["partners"]),
            group_by=group_by,
            include_former=include_former,
            today=timezone.localdate(),
            can_edit=self.has_perm(PartnershipPerm.EDIT_CONTENT),
            **kwargs,
        )


class PartnerFormMixin:
    section = "partners"
    form_class = PartnerForm
    cancel_url_name = "partner-list"
    template_name = "partnerships/partners/partner_form.html"

    def get_success_url(self, result=None):
        return self.url("partner-list")


class PartnerCreateView(PartnerFormMixin, ServiceFormView):
    page_title = _("Add a partner organization")
    success_message = _("The partner was added.")

    def perform(self, data):
        return services.partner_create(partnership=self.partnership, **data)

    def get_success_url(self, result=None):
        return self.url("partner-edit", result.uuid)


class PartnerEditView(PartnerFormMixin, ServiceFormView):
    page_title = _("Edit partner")
    success_message = _("The partner was saved.")

    def setup_object(self):
        return self.get_tenant_object(
            selectors.partner_queryset(partnership=self.partnership),
            uuid=self.kwargs["partner_uuid"],
        )

    def get_initial(self):
        p = self.object
        return {"organization": p.organization_id, "role": p.role, "joined_on": p.joined_on,
                "left_on": p.left_on, "contribution": p.contribution}  # fmt: skip

    def perform(self, data):
        return services.partner_update(partner=self.object, **data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            partner=self.object,
            contacts=self.object.contacts.all(),
            contact_form=PartnerContactForm(partnership=self.partnership),
            **kwargs,
        )


class PartnerEndView(PartnerFormMixin, ServiceFormView):
    form_class = PartnerEndForm
    template_name = "partnerships/governance/form.html"
    page_title = _("End partnership role")
    success_message = _("The partner’s end date was recorded.")

    def setup_object(self):
        return self.get_tenant_object(
            PartnerOrganization.objects.select_related("organization"),
            uuid=self.kwargs["partner_uuid"],
        )

    def get_initial(self):
        return {"left_on": self.object.left_on or timezone.localdate()}

    def get_context_data(self, **kwargs):
        kwargs["intro"] = _(
            "%(partner)s stays in the partner history; from this date it is shown as a former "
            "partner."
        ) % {"partner": self.object}
        return super().get_context_data(**kwargs)

    def perform(self, data):
        return services.partner_end(partner=self.object, **data)


class PartnerDeleteView(ConfirmDeleteView):
    section = "partners"
    success_message = _("The partner was removed.")
    cancel_url_name = "partner-list"

    def setup_object(self):
        return self.get_tenant_object(
            PartnerOrganization.objects.select_related("organization"),
            uuid=self.kwargs["partner_uuid"],
        )

    def get_context_data(self, **kwargs):
        kwargs["hint"] = _(
            "Removing deletes the record and its contact people. To keep the history, record "
            "an end date instead."
        )
        return super().get_context_data(**kwargs)

    def perform(self, obj):
        services.partner_delete(partner=obj)

    def get_success_url(self):
        return self.url("partner-list")


class ContactsPartialMixin(EditMixin):
    http_method_names = ["post"]
    template = "partnerships/partners/partner_form.html#contacts"

    def render_contacts(self, partner, form=None, status=200):
        if not self.request.htmx:
            return HttpResponseRedirect(self.url("partner-edit", partner.uuid))
        return render(
            self.request,
            self.template,
            {
                "partner": partner,
                "partnership": self.partnership,
                "contacts": PartnerContact.objects.for_partnership(self.partnership).filter(
                    partner=partner
                ),
                "contact_form": form or PartnerContactForm(partnership=self.partnership),
            },
            status=status,
        )


class PartnerContactAddView(ContactsPartialMixin, View):
    def post(self, request, *args, **kwargs):
        partner = self.get_tenant_object(PartnerOrganization.objects, uuid=kwargs["partner_uuid"])
        form = PartnerContactForm(request.POST, partnership=self.partnership)
        if form.is_valid():
            try:
                services.partner_contact_add(partner=partner, **form.cleaned_data)
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                return self.render_contacts(partner)
        if not request.htmx:
            return render(
                request,
                "partnerships/governance/form.html",
                {
                    "form": form,
                    "partnership": self.partnership,
                    "role": self.role,
                    "section": "partners",
                    "page_title": _("Add a contact person"),
                    "cancel_url": self.url("partner-edit", partner.uuid),
                },
                status=400,
            )
        return self.render_contacts(partner, form=form)


class PartnerContactDeleteView(ContactsPartialMixin, View):
    def post(self, request, *args, **kwargs):
        contact = self.get_tenant_object(
            PartnerContact.objects.select_related("partner"), uuid=kwargs["contact_uuid"]
        )
        partner = contact.partner
        services.partner_contact_remove(contact=contact)
        return self.render_contacts(partner)
