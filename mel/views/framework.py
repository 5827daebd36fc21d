"""Results frameworks: list, create, edit; the outline editor (HTMX) and the diagram."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from hub.services import ApplicationError
from mel import forms
from mel.models import Framework, Result
from mel.selectors.framework import flatten, framework_list, result_tree, tree_layout
from mel.services import framework as services
from mel.views.base import FormPage, MelMixin, MelPage
from partnerships.roles import MelPerm


class FrameworkListView(MelPage):
    template_name = "mel/framework_list.html"
    sub = "framework"

    def get(self, request, *args, **kwargs):
        frameworks = list(framework_list(partnership=self.partnership))
        if len(frameworks) == 1:
            return HttpResponseRedirect(self.url("framework-detail", frameworks[0].uuid))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            frameworks=framework_list(partnership=self.partnership), **kwargs
        )


class FrameworkFormMixin(FormPage):
    required_perm = MelPerm.EDIT_FRAMEWORK
    sub = "framework"

    def get_form(self, data=None, files=None):
        initial = {}
        if self.object is not None:
            initial = {f: getattr(self.object, f) for f in forms.FrameworkForm.base_fields}
        return forms.FrameworkForm(data, partnership=self.partnership, initial=initial)

    def get_success_url(self, framework) -> str:
        return self.url("framework-detail", framework.uuid)

    def get_cancel_url(self) -> str:
        return self.url("framework-list")


class FrameworkCreateView(FrameworkFormMixin):
    page_title = gettext_lazy("New results framework")

    def perform(self, form):
        return services.framework_create(partnership=self.partnership, **form.cleaned_data)


class FrameworkEditView(FrameworkFormMixin):
    page_title = gettext_lazy("Edit the framework")

    def setup_object(self):
        return self.get_tenant_object(Framework.objects, uuid=self.kwargs["framework_uuid"])

    def perform(self, form):
        return services.framework_update(framework=self.object, **form.cleaned_data)


def editor_context(view, framework: Framework, **extra) -> dict:
    roots = result_tree(framework=framework)
    diagram = tree_layout(roots, framework.level_names)
    depth_limit = len(framework.level_names)
    return {
        "framework": framework,
        "nodes": flatten(roots),
        "diagram": diagram,
        "depth_limit": depth_limit,
        "result_form": forms.ResultForm(partnership=view.partnership, auto_id="new_%s"),
        "can_edit_framework": view.has_perm(MelPerm.EDIT_FRAMEWORK),
        "partnership": view.partnership,
        **extra,
    }


class FrameworkDetailView(MelPage):
    template_name = "mel/framework_detail.html"
    sub = "framework"

    def get_context_data(self, **kwargs):
        framework = self.get_tenant_object(Framework.objects, uuid=self.kwargs["framework_uuid"])
        return super().get_context_data(
            frameworks=framework_list(partnership=self.partnership),
            **editor_context(self, framework),
            **kwargs,
        )


class OutlineMixin(MelMixin):
    """Outline edits answer HTMX with the re-rendered editor (outline and diagram)."""

    required_perm = MelPerm.EDIT_FRAMEWORK

    def editor(self, framework: Framework, error: str = "", status: int = 200):
        if self.request.htmx:
            context = editor_context(self, framework, outline_error=error)
            return render(self.request, "mel/framework_detail.html#editor", context, status=status)
        if error:
            messages.error(self.request, error)
        return HttpResponseRedirect(self.url("framework-detail", framework.uuid))

    def result(self) -> Result:
        return self.get_tenant_object(
            Result.objects.select_related("framework"), uuid=self.kwargs["result_uuid"]
        )


class ResultCreateView(OutlineMixin, View):
    def post(self, request, *args, **kwargs):
        framework = self.get_tenant_object(Framework.objects, uuid=self.kwargs["framework_uuid"])
        form = forms.ResultForm(request.POST, partnership=self.partnership)
        parent = None
        if request.POST.get("parent"):
            parent = (
                Result.objects.for_partnership(self.partnership)
                .filter(framework=framework, uuid=request.POST["parent"])
                .first()
            )
            if parent is None:
                return self.editor(framework, _("The parent result was not found."), 400)
        if not form.is_valid():
            error = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            return self.editor(framework, error, 200 if request.htmx else 400)
        try:
            services.result_create(framework=framework, parent=parent, **form.cleaned_data)
        except ApplicationError as error:
            return self.editor(framework, error.message)
        return self.editor(framework)


class ResultEditView(OutlineMixin, FormPage):
    page_title = gettext_lazy("Edit the result")
    sub = "framework"

    def setup_object(self):
        return self.result()

    def get_form(self, data=None, files=None):
        result = self.object
        initial = {
            "title": result.title,
            "code": result.code,
            "description": result.description,
            "landscape": result.landscape,
            "landscape_goals": list(result.landscape_goals.all()),
        }
        return forms.ResultForm(data, partnership=self.partnership, initial=initial)

    def post(self, request, *args, **kwargs):
        if request.htmx and "title" in request.POST and len(request.POST) <= 3:
            result = self.result()
            try:
                services.result_update(
                    result=result,
                    title=request.POST["title"],
                    code=result.code,
                    description=result.description,
                    landscape=result.landscape,
                    landscape_goals=list(result.landscape_goals.all()),
                )
            except ApplicationError as error:
                return self.editor(result.framework, error.message)
            return self.editor(result.framework)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return services.result_update(result=self.object, **form.cleaned_data)

    def get_success_url(self, result) -> str:
        return self.url("framework-detail", result.framework.uuid)

    def get_cancel_url(self) -> str:
        return self.url("framework-detail", self.object.framework.uuid)


class ResultMoveView(OutlineMixin, View):
    def post(self, request, *args, **kwargs):
        result = self.result()
        form = forms.ResultMoveForm(
            request.POST, partnership=self.partnership, framework=result.framework
        )
        if not form.is_valid() or ("parent" not in request.POST and not request.POST.get("step")):
            return self.editor(result.framework, _("Choose where to move the result."), 400)
        try:
            if form.cleaned_data.get("step"):
                services.result_move_step(result=result, step=form.cleaned_data["step"])
            else:
                services.result_move(result=result, parent=form.cleaned_data["parent"])
        except ApplicationError as error:
            return self.editor(result.framework, error.message)
        return self.editor(result.framework)


class ResultDeleteView(OutlineMixin, View):
    def post(self, request, *args, **kwargs):
        result = self.result()
        try:
            services.result_delete(result=result)
        except ApplicationError as error:
            return self.editor(result.framework, error.message)
        return self.editor(result.framework)
