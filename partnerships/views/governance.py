"""Governance pages: overview, bodies and seats, meetings, decisions, action items."""

from __future__ import annotations

import os

from django.contrib import messages
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from hub.services import ApplicationError
from hub.views import ServiceFormMixin
from partnerships.forms import governance as forms
from partnerships.mixins import PartnershipMixin
from partnerships.models import (
    ActionItem,
    BodyMember,
    Decision,
    GovernanceBody,
    Meeting,
    MeetingAttachment,
)
from partnerships.roles import PartnershipPerm
from partnerships.selectors import governance as selectors
from partnerships.services import governance as services


class EditMixin(PartnershipMixin):
    """Editing pages: viewing the form and posting it both need EDIT_CONTENT."""

    required_perm = PartnershipPerm.EDIT_CONTENT

    def url(self, name: str, *args) -> str:
        return reverse(f"partnerships:{name}", args=[self.partnership.slug, *args])


class ServiceFormView(EditMixin, ServiceFormMixin, FormView):
    """A form whose valid data goes to a service; a refusal of the service (an
    ApplicationError) comes back as an error on the form, with nothing changed."""

    template_name = "partnerships/governance/form.html"
    success_message = ""
    page_title = ""
    cancel_url_name = "governance"
    object = None

    def setup_object(self):
        return None

    def get(self, request, *args, **kwargs):
        self.object = self.setup_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.setup_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_success_url(self, result=None):
        return self.url("governance")

    def get_cancel_url(self):
        return self.url(self.cancel_url_name)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page_title", self.page_title)
        kwargs.setdefault("cancel_url", self.get_cancel_url())
        return super().get_context_data(object=self.object, **kwargs)


class ConfirmDeleteView(EditMixin, TemplateView):
    """GET asks for confirmation, POST deletes through the service."""

    template_name = "partnerships/governance/confirm_delete.html"
    success_message = ""
    cancel_url_name = "governance"

    def setup_object(self):
        raise NotImplementedError

    def perform(self, obj) -> None:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.url("governance")

    def get_cancel_url(self) -> str:
        return self.url(self.cancel_url_name)

    def get(self, request, *args, **kwargs):
        self.object = self.setup_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.setup_object()
        self.perform(self.object)
        if self.success_message:
            messages.success(request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object, cancel_url=self.get_cancel_url(), **kwargs
        )


def file_download(field_file, title: str) -> FileResponse:
    extension = os.path.splitext(field_file.name)[1]
    filename = title if title.lower().endswith(extension.lower()) else f"{title}{extension}"
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)


# --- overview ---------------------------------------------------------------------------


class GovernanceView(PartnershipMixin, TemplateView):
    section = "governance"
    template_name = "partnerships/governance/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_edit=self.has_perm(PartnershipPerm.EDIT_CONTENT),
            status_choices=ActionItem.Status.choices,
            **selectors.governance_overview(partnership=self.partnership),
            **kwargs,
        )


# --- bodies and seats -------------------------------------------------------------------


class BodyDetailView(PartnershipMixin, TemplateView):
    section = "governance"
    template_name = "partnerships/governance/body_detail.html"

    def get_context_data(self, **kwargs):
        body = self.get_tenant_object(
            selectors.body_list(partnership=self.partnership), uuid=self.kwargs["body_uuid"]
        )
        return super().get_context_data(
            body=body,
            meetings=selectors.meeting_list(partnership=self.partnership, body=body)[:20],
            can_edit=self.has_perm(PartnershipPerm.EDIT_CONTENT),
            **kwargs,
        )


class BodyCreateView(ServiceFormView):
    section = "governance"
    form_class = forms.BodyForm
    page_title = _("New governance body")
    success_message = _("The body was created.")

    def perform(self, data):
        return services.body_create(partnership=self.partnership, **data)

    def get_success_url(self, result=None):
        return self.url("body-detail", result.uuid)


class BodyEditView(ServiceFormView):
    section = "governance"
    form_class = forms.BodyForm
    page_title = _("Edit governance body")
    success_message = _("The body was saved.")

    def setup_object(self):
        return self.get_tenant_object(GovernanceBody.objects, uuid=self.kwargs["body_uuid"])

    def get_initial(self):
        body = self.object
        return {"name": body.name, "kind": body.kind, "mandate": body.mandate,
                "is_active": body.is_active}  # fmt: skip

    def perform(self, data):
        return services.body_update(body=self.object, **data)

    def get_success_url(self, result=None):
        return self.url("body-detail", self.object.uuid)

    def get_cancel_url(self):
        return self.url("body-detail", self.object.uuid)


class BodyDeleteView(ConfirmDeleteView):
    section = "governance"
    success_message = _("The body was deleted. Its meetings and decisions were kept.")

    def setup_object(self):
        return self.get_tenant_object(GovernanceBody.objects, uuid=self.kwargs["body_uuid"])

    def perform(self, obj):
        services.body_delete(body=obj)


class BodyMemberAddView(ServiceFormView):
    section = "governance"
    form_class = forms.BodyMemberForm
    success_message = _("The seat was added.")

    def setup_object(self):
        self.body = self.get_tenant_object(GovernanceBody.objects, uuid=self.kwargs["body_uuid"])
        return None

    def get_context_data(self, **kwargs):
        kwargs["page_title"] = _("Add a member to %(body)s") % {"body": self.body.name}
        return super().get_context_data(**kwargs)

    def perform(self, data):
        return services.body_member_add(body=self.body, **data)

    def get_success_url(self, result=None):
        return self.url("body-detail", self.body.uuid)

    def get_cancel_url(self):
        return self.url("body-detail", self.body.uuid)


class BodyMemberEditView(ServiceFormView):
    section = "governance"
    form_class = forms.BodyMemberForm
    page_title = _("Edit seat")
    success_message = _("The seat was saved.")

    def setup_object(self):
        return self.get_tenant_object(
            BodyMember.objects.select_related("body"), uuid=self.kwargs["seat_uuid"]
        )

    def get_initial(self):
        seat = self.object
        return {"user": seat.user_id, "name": seat.name, "organization": seat.organization_id,
                "position": seat.position, "since": seat.since, "until": seat.until}  # fmt: skip

    def perform(self, data):
        return services.body_member_update(seat=self.object, **data)

    def get_success_url(self, result=None):
        return self.url("body-detail", self.object.body.uuid)

    def get_cancel_url(self):
        return self.get_success_url()


class BodyMemberDeleteView(ConfirmDeleteView):
    section = "governance"
    success_message = _("The seat was removed.")

    def setup_object(self):
        return self.get_tenant_object(
            BodyMember.objects.select_related("body", "user"), uuid=self.kwargs["seat_uuid"]
        )

    def perform(self, obj):
        services.body_member_remove(seat=obj)

    def get_success_url(self):
        return self.url("body-detail", self.object.body.uuid)

    def get_cancel_url(self):
        return self.get_success_url()


# --- meetings ---------------------------------------------------------------------------


class MeetingListView(PartnershipMixin, TemplateView):
    section = "governance"
    template_name = "partnerships/governance/meeting_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meetings=selectors.meeting_list(partnership=self.partnership)[:200],
            now=timezone.now(),
            can_edit=self.has_perm(PartnershipPerm.EDIT_CONTENT),
            **kwargs,
        )


class MeetingDetailView(PartnershipMixin, TemplateView):
    section = "governance"
    template_name = "partnerships/governance/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = self.get_tenant_object(
            selectors.meeting_detail(partnership=self.partnership),
            uuid=self.kwargs["meeting_uuid"],
        )
        can_edit = self.has_perm(PartnershipPerm.EDIT_CONTENT)
        return super().get_context_data(
            meeting=meeting,
            can_edit=can_edit,
            attachment_form=kwargs.pop("attachment_form", None)
            or (forms.AttachmentForm(partnership=self.partnership) if can_edit else None),
            status_choices=ActionItem.Status.choices,
            today=timezone.localdate(),
            **kwargs,
        )


def _meeting_initial(meeting: Meeting) -> dict:
    return {
        "title": meeting.title,
        "body": meeting.body_id,
        "starts_at": timezone.localtime(meeting.starts_at),
        "location": meeting.location,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "attendees": [user.pk for user in meeting.attendees.all()],
        "other_attendees": meeting.other_attendees,
    }


class MeetingCreateView(ServiceFormView):
    section = "governance"
    form_class = forms.MeetingForm
    page_title = _("New meeting")
    success_message = _("The meeting was created.")

    def get_initial(self):
        body = self.request.GET.get("body")
        return {"body": GovernanceBody.objects.for_partnership(self.partnership)
                .filter(uuid=body).values_list("pk", flat=True).first()} if body else {}  # fmt: skip

    def perform(self, data):
        return services.meeting_create(partnership=self.partnership, **data)

    def get_success_url(self, result=None):
        return self.url("meeting-detail", result.uuid)


class MeetingEditView(ServiceFormView):
    section = "governance"
    form_class = forms.MeetingForm
    page_title = _("Edit meeting")
    success_message = _("The meeting was saved.")

    def setup_object(self):
        return self.get_tenant_object(
            Meeting.objects.prefetch_related("attendees"), uuid=self.kwargs["meeting_uuid"]
        )

    def get_initial(self):
        return _meeting_initial(self.object)

    def perform(self, data):
        return services.meeting_update(meeting=self.object, **data)

    def get_success_url(self, result=None):
        return self.url("meeting-detail", self.object.uuid)

    def get_cancel_url(self):
        return self.get_success_url()


class MeetingDeleteView(ConfirmDeleteView):
    section = "governance"
    success_message = _("The meeting was deleted.")

    def setup_object(self):
        return self.get_tenant_object(Meeting.objects, uuid=self.kwargs["meeting_uuid"])

    def perform(self, obj):
        services.meeting_delete(meeting=obj)


class MeetingAttachmentAddView(EditMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        meeting = self.get_tenant_object(Meeting.objects, uuid=kwargs["meeting_uuid"])
        form = forms.AttachmentForm(request.POST, request.FILES, partnership=self.partnership)
        if form.is_valid():
            try:
                services.meeting_attachment_add(meeting=meeting, **form.cleaned_data)
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("The file was attached."))
                return HttpResponseRedirect(self.url("meeting-detail", meeting.uuid))
        view = MeetingDetailView(request=request, kwargs=kwargs)
        view.partnership, view.role = self.partnership, self.role
        context = view.get_context_data(attachment_form=form)
        return render(request, view.template_name, context, status=400)


class MeetingAttachmentDownloadView(PartnershipMixin, View):
    def get(self, request, *args, **kwargs):
        attachment = self.get_tenant_object(
            MeetingAttachment.objects, uuid=kwargs["attachment_uuid"]
        )
        return file_download(attachment.file, attachment.title)


class MeetingAttachmentDeleteView(EditMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        attachment = self.get_tenant_object(
            MeetingAttachment.objects.select_related("meeting"), uuid=kwargs["attachment_uuid"]
        )
        meeting_uuid = attachment.meeting.uuid
        services.meeting_attachment_remove(attachment=attachment)
        messages.success(request, _("The file was removed."))
        return HttpResponseRedirect(self.url("meeting-detail", meeting_uuid))


# --- decisions --------------------------------------------------------------------------


class DecisionListView(PartnershipMixin, TemplateView):
    section = "governance"
    template_name = "partnerships/governance/decision_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            decisions=selectors.decision_list(partnership=self.partnership)[:200],
            can_edit=self.has_perm(PartnershipPerm.EDIT_CONTENT),
            **kwargs,
        )


class DecisionCreateView(ServiceFormView):
    section = "governance"
    form_class = forms.DecisionForm
    page_title = _("Record a decision")
    success_message = _("The decision was recorded.")
    cancel_url_name = "decision-list"

    def get_initial(self):
        meeting = self.request.GET.get("meeting")
        if not meeting:
            return {"decided_on": timezone.localdate()}
        found = Meeting.objects.for_partnership(self.partnership).filter(uuid=meeting).first()
        if found is None:
            return {"decided_on": timezone.localdate()}
        return {"meeting": found.pk, "body": found.body_id,
                "decided_on": timezone.localdate(found.starts_at)}  # fmt: skip

    def perform(self, data):
        return services.decision_create(partnership=self.partnership, **data)

    def get_success_url(self, result=None):
        return self.url("decision-list")


class DecisionEditView(ServiceFormView):
    section = "governance"
    form_class = forms.DecisionForm
    page_title = _("Edit decision")
    success_message = _("The decision was saved.")
    cancel_url_name = "decision-list"

    def setup_object(self):
        return self.get_tenant_object(Decision.objects, uuid=self.kwargs["decision_uuid"])

    def get_initial(self):
        d = self.object
        return {"title": d.title, "decided_on": d.decided_on, "text": d.text,
                "body": d.body_id, "meeting": d.meeting_id}  # fmt: skip

    def perform(self, data):
        return services.decision_update(decision=self.object, **data)

    def get_success_url(self, result=None):
        return self.url("decision-list")


class DecisionDeleteView(ConfirmDeleteView):
    section = "governance"
    success_message = _("The decision was deleted.")
    cancel_url_name = "decision-list"

    def setup_object(self):
        return self.get_tenant_object(Decision.objects, uuid=self.kwargs["decision_uuid"])

    def perform(self, obj):
        services.decision_delete(decision=obj)

    def get_success_url(self):
        return self.url("decision-list")


# --- action items -----------------------------------------------------------------------


class ActionListView(PartnershipMixin, TemplateView):
    section = "governance"
    template_name = "partnerships/governance/action_list.html"

    def get_context_data(self, **kwargs):
        show = self.request.GET.get("show", "open")
        items = list(
            selectors.action_item_list(partnership=self.partnership, open_only=show != "all")[:300]
        )
        today = timezone.localdate()
        for item in items:
            item.is_overdue = (
                item.status in selectors.OPEN_STATUSES
                and item.due_date is not None
                and item.due_date < today
            )
        return super().get_context_data(
            items=items,
            show=show,
            today=today,
            status_choices=ActionItem.Status.choices,
            can_edit=self.has_perm(PartnershipPerm.EDIT_CONTENT),
            **kwargs,
        )


class ActionCreateView(ServiceFormView):
    section = "governance"
    form_class = forms.ActionItemForm
    page_title = _("New action item")
    success_message = _("The action item was created.")
    cancel_url_name = "action-list"

    def get_initial(self):
        meeting = self.request.GET.get("meeting")
        found = (
            Meeting.objects.for_partnership(self.partnership).filter(uuid=meeting).first()
            if meeting
            else None
        )
        return {"meeting": found.pk} if found else {}

    def perform(self, data):
        return services.action_item_create(partnership=self.partnership, **data)

    def get_success_url(self, result=None):
        return self.url("action-list")


class ActionEditView(ServiceFormView):
    section = "governance"
    form_class = forms.ActionItemForm
    page_title = _("Edit action item")
    success_message = _("The action item was saved.")
    cancel_url_name = "action-list"

    def setup_object(self):
        return self.get_tenant_object(ActionItem.objects, uuid=self.kwargs["action_uuid"])

    def get_initial(self):
        i = self.object
        return {"title": i.title, "owner": i.owner_id, "due_date": i.due_date,
                "status": i.status, "description": i.description,
                "meeting": i.meeting_id, "decision": i.decision_id}  # fmt: skip

    def perform(self, data):
        return services.action_item_update(item=self.object, **data)

    def get_success_url(self, result=None):
        return self.url("action-list")


class ActionDeleteView(ConfirmDeleteView):
    section = "governance"
    success_message = _("The action item was deleted.")
    cancel_url_name = "action-list"

    def setup_object(self):
        return self.get_tenant_object(ActionItem.objects, uuid=self.kwargs["action_uuid"])

    def perform(self, obj):
        services.action_item_delete(item=obj)

    def get_success_url(self):
        return self.url("action-list")


class ActionStatusView(EditMixin, View):
    """Inline status change (HTMX swaps the row; without HTMX, back to the list)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = self.get_tenant_object(
            ActionItem.objects.select_related("owner", "meeting", "decision"),
            uuid=kwargs["action_uuid"],
        )
        form = forms.ActionStatusForm(request.POST, partnership=self.partnership)
        error = None
        if form.is_valid():
            try:
                item = services.action_item_set_status(
                    item=item, status=form.cleaned_data["status"]
                )
            except ApplicationError as exc:
                error = exc.message
        else:
            error = "; ".join(form.errors.get("status", [])) or str(_("Choose a valid status."))
        if not request.htmx:
            if error:
                messages.error(request, error)
            else:
                messages.success(request, _("The status was changed."))
            return HttpResponseRedirect(request.POST.get("next") or self.url("action-list"))
        today = timezone.localdate()
        item.is_overdue = (
            item.status in selectors.OPEN_STATUSES and item.due_date is not None
            and item.due_date < today
        )  # fmt: skip
        return render(
            request,
            "partnerships/governance/action_list.html#action-row",
            {
                "item": item,
                "partnership": self.partnership,
                "can_edit": True,
                "error": error,
                "status_choices": ActionItem.Status.choices,
                "today": today,
                "compact": request.POST.get("compact") == "1",
            },
        )
