import posixpath

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from hub.jobs import selectors, services
from hub.models import Job

DEMO_EXPORT_TASK = "hub.jobs.tasks.demo_export_task"


class OwnJobMixin(LoginRequiredMixin):
    """Resolves ``self.job`` among the signed-in person's jobs: another's is a 404."""

    def get_job(self) -> Job:
        try:
            return selectors.job_get(owner=self.request.user, uuid=self.kwargs["uuid"])
        except Job.DoesNotExist:
            raise Http404 from None


class JobListView(LoginRequiredMixin, ListView):
    template_name = "hub/jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = 25

    def get_queryset(self):
        return selectors.job_list(owner=self.request.user)


class JobDetailView(OwnJobMixin, DetailView):
    template_name = "hub/jobs/job_detail.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        return self.get_job()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_template_names(self):
        if self.request.htmx:
            return [f"{self.template_name}#status"]
        return [self.template_name]


class JobDownloadView(OwnJobMixin, View):
    def get(self, request, uuid):
        job = self.get_job()
        if job.status != Job.Status.SUCCEEDED or not job.result_file:
            raise Http404
        try:
            handle = job.result_file.storage.open(job.result_file.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle, as_attachment=True, filename=posixpath.basename(job.result_file.name)
        )


class JobRetryView(OwnJobMixin, View):
    def post(self, request, uuid):
        job = self.get_job()
        try:
            services.job_retry(job=job, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The job is queued again."))
        return redirect("jobs:detail", uuid=job.uuid)


class DemoExportStartView(LoginRequiredMixin, View):
    def post(self, request):
        job = services.job_create(
            owner=request.user,
            kind="export",
            title=_("Export my notifications as CSV"),
            task_name=DEMO_EXPORT_TASK,
        )
        return redirect("jobs:detail", uuid=job.uuid)
