"""The integrated landscape management process tracker."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from hub.services import ApplicationError
from partnerships.forms.process import EvidenceForm, StageOpenForm, StageProgressForm
from partnerships.mixins import PartnershipMixin
from partnerships.models import StageEvidence
from partnerships.roles import PartnershipPerm
from partnerships.selectors import process as selectors
from partnerships.services import process as services
from partnerships.views.governance import EditMixin, ServiceFormView, file_download


class ProcessView(PartnershipMixin, TemplateView):
    section = "process"
    template_name = "partnerships/process/process.html"

    def get_context_data(self, **kwargs):
        steps = selectors.process_journey(partnership=self.partnership)
        return super().get_context_data(
            steps=steps,
            summary=selectors.journey_summary(steps),
            can_edit=self.has_perm(PartnershipPerm.EDIT_CONTENT),
            **kwargs,
        )


class StageOpenView(EditMixin, View):
    """Creates the partnership's progress row for a stage (if missing) and opens it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = StageOpenForm(request.POST, partnership=self.partnership)
        if not form.is_valid():
            messages.error(request, _("Choose a stage of the process."))
            return HttpResponseRedirect(self.url("process"), status=302)
        try:
            progress = services.stage_progress_open(
                partnership=self.partnership, stage=form.cleaned_data["stage"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.url("process"))
        return HttpResponseRedirect(self.url("process-edit", progress.uuid))


class StageProgressEditView(ServiceFormView):
    section = "process"
    form_class = StageProgressForm
    template_name = "partnerships/process/progress_form.html"
    success_message = _("The stage was saved.")
    cancel_url_name = "process"

    def setup_object(self):
        return self.get_tenant_object(
            selectors.stage_progress_queryset(partnership=self.partnership),
            uuid=self.kwargs["progress_uuid"],
        )

    def get_initial(self):
        p = self.object
        return {"status": p.status, "started_on": p.started_on,
                "completed_on": p.completed_on, "notes": p.notes}  # fmt: skip

    def perform(self, data):
        return services.stage_progress_update(progress=self.object, **data)

    def get_success_url(self, result=None):
        return self.url("process") + f"#stage-{self.object.stage.key}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.object.stage.label,
            form_action=self.url("process-edit", self.object.uuid),
            progress=self.object,
            evidence=self.object.evidence.all(),
            evidence_form=kwargs.pop("evidence_form", None)
            or EvidenceForm(partnership=self.partnership),
            **kwargs,
        )


class EvidenceAddView(EditMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        progress = self.get_tenant_object(
            selectors.stage_progress_queryset(partnership=self.partnership),
            uuid=kwargs["progress_uuid"],
        )
        form = EvidenceForm(request.POST, request.FILES, partnership=self.partnership)
        if form.is_valid():
            try:
                services.stage_evidence_add(progress=progress, **form.cleaned_data)
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("The evidence was added."))
                return HttpResponseRedirect(self.url("process-edit", progress.uuid))
        view = StageProgressEditView(request=request, kwargs=kwargs)
        view.partnership, view.role, view.object = self.partnership, self.role, progress
        context = view.get_context_data(
            form=StageProgressForm(partnership=self.partnership, initial=view.get_initial()),
            evidence_form=form,
        )
        return render(request, view.template_name, context, status=400)


class EvidenceDownloadView(PartnershipMixin, View):
    def get(self, request, *args, **kwargs):
        evidence = self.get_tenant_object(StageEvidence.objects, uuid=kwargs["evidence_uuid"])
        if not evidence.file:
            raise Http404
        return file_download(evidence.file, evidence.title)


class EvidenceDeleteView(EditMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        evidence = self.get_tenant_object(
            StageEvidence.objects.select_related("progress"), uuid=kwargs["evidence_uuid"]
        )
        progress_uuid = evidence.progress.uuid
        services.stage_evidence_remove(evidence=evidence)
        messages.success(request, _("The evidence was removed."))
        return HttpResponseRedirect(self.url("process-edit", progress_uuid))
