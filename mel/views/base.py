from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from hub.services import ApplicationError
from partnerships.mixins import PartnershipMixin
from partnerships.roles import MelPerm, PartnershipPerm


class MelMixin(PartnershipMixin):
    section = "mel"
    sub = ""

    def url(self, name: str, *args) -> str:
        return reverse(f"mel:{name}", args=[self.partnership.slug, *args])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            sub=self.sub,
            can_edit_framework=self.has_perm(MelPerm.EDIT_FRAMEWORK),
            can_enter=self.has_perm(MelPerm.ENTER_MEASUREMENT),
            can_approve=self.has_perm(MelPerm.APPROVE_MEASUREMENT),
            can_lock=self.has_perm(MelPerm.LOCK_PERIOD),
        )
        return context


class MelPage(MelMixin, TemplateView):
    required_perm = PartnershipPerm.VIEW


class FormPage(MelMixin, TemplateView):
    """GET shows the form, POST hands its data to ``perform``; a refusal of the
    service comes back as a form error (400) with nothing changed."""

    template_name = "mel/form.html"
    page_title = ""
    success_message = ""

    def setup_object(self):
        return None

    def get_form(self, data=None, files=None):
        raise NotImplementedError

    def perform(self, form):
        raise NotImplementedError

    def get_success_url(self, result) -> str:
        raise NotImplementedError

    def get_cancel_url(self) -> str:
        return self.url("dashboard")

    def get(self, request, *args, **kwargs):
        self.object = self.setup_object()
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        self.object = self.setup_object()
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = self.perform(form)
            except ApplicationError as error:
                add_error(form, error)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return HttpResponseRedirect(self.get_success_url(result))
        return self.render_form(form, status=400)

    def render_form(self, form, status=200):
        context = self.get_context_data(
            form=form,
            object=self.object,
            page_title=self.page_title,
            cancel_url=self.get_cancel_url(),
        )
        return render(self.request, self.template_name, context, status=status)


def add_error(form, error: ApplicationError) -> None:
    if hasattr(form, "add_application_error"):
        form.add_application_error(error)
    else:
        form.add_error(error.field if error.field in form.fields else None, error.message)


class ActionView(MelMixin, View):
    """POST-only: run ``perform`` and go back; a refusal becomes an error message."""

    success_message = ""

    def setup_object(self):
        return None

    def perform(self, obj):
        raise NotImplementedError

    def get_success_url(self, obj) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        obj = self.setup_object()
        try:
            self.perform(obj)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if self.success_message:
                messages.success(request, self.success_message)
        return HttpResponseRedirect(self.get_success_url(obj))
