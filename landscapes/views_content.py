"""Pages for stories and the knowledge library.

- Public: /stories/ (list, story pages, RSS and Atom in ``landscapes.feeds``) and
  /library/ (search and filters, resource pages). Only published content.
- Hub staff: /stories/review/... and /library/review/... to write hub content and
  to publish, return, approve or decline what partnerships submit.
- Partnerships: /p/<slug>/stories/ and /p/<slug>/library/ to write stories and
  propose resources (PartnershipPerm.EDIT_CONTENT; reading needs VIEW).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from hub.services import ApplicationError
from hub.views import ServiceFormMixin
from landscapes import forms_content as forms
from landscapes import selectors_content as selectors
from landscapes import services_content as services
from landscapes.models import Landscape
from landscapes.models_content import Resource, Story
from partnerships.mixins import PartnershipMixin
from partnerships.models import Partnership
from partnerships.roles import PartnershipPerm

HUB_BASE = "landscapes/content_hub_base.html"
WORKSPACE_BASE = "partnerships/base_workspace.html"


class ContentFormMixin(ServiceFormMixin):
    """ServiceFormMixin that also shows a model's ValidationError on the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            return self.form_invalid(form)


class StaffRequiredMixin(LoginRequiredMixin):
    """Hub staff only: anonymous callers sign in first, everyone else gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _message_error(request, error: ApplicationError) -> None:
    messages.error(request, error.message)


# ----------------------------------------------------------------------- public pages


class StoryListView(ListView):
    template_name = "landscapes/stories/story_list.html"
    context_object_name = "stories"
    paginate_by = 12

    def get_queryset(self):
        return selectors.story_public_list()


class StoryDetailView(TemplateView):
    template_name = "landscapes/stories/story_detail.html"

    def get_context_data(self, **kwargs):
        try:
            story = selectors.story_public_get(uuid=self.kwargs["story_uuid"])
        except Story.DoesNotExist:
            raise Http404 from None
        return super().get_context_data(story=story, **kwargs)


class LibraryView(ListView):
    template_name = "landscapes/library/library.html"
    context_object_name = "resources"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = forms.LibraryFilterForm(self.request.GET or None)
        self.filters = (
            self.filter_form.cleaned_data
            if self.filter_form.is_valid()
            else {"q": "", "kind": "", "tag": "", "language": ""}
        )
        return selectors.resource_public_list(
            kind=self.filters["kind"],
            tag=self.filters["tag"].strip().lower(),
            language=self.filters["language"],
            q=self.filters["q"],
        )

    def get_context_data(self, **kwargs):
        active = {k: v for k, v in self.filters.items() if v}
        return super().get_context_data(
            filter_form=self.filter_form,
            filters=self.filters,
            filters_active=bool(active),
            query_string=urlencode(active),
            kinds=Resource.Kind.choices,
            tag_options=selectors.resource_tag_options(),
            **kwargs,
        )


class ResourceDetailView(TemplateView):
    template_name = "landscapes/library/resource_detail.html"

    def get_context_data(self, **kwargs):
        try:
            resource = selectors.resource_public_get(uuid=self.kwargs["resource_uuid"])
        except Resource.DoesNotExist:
            raise Http404 from None
        return super().get_context_data(resource=resource, **kwargs)


# ------------------------------------------------------------------ hub staff: stories


class StoryReviewListView(StaffRequiredMixin, TemplateView):
    template_name = "landscapes/stories/review_list.html"

    def get_context_data(self, **kwargs):
        stories = list(selectors.story_review_list())
        return super().get_context_data(
            base_template=HUB_BASE,
            waiting=[s for s in stories if s.status == Story.Status.IN_REVIEW],
            others=[s for s in stories if s.status != Story.Status.IN_REVIEW],
            **kwargs,
        )


class StaffStoryMixin(StaffRequiredMixin):
    def get_story(self) -> Story:
        if not hasattr(self, "_story"):
            try:
                self._story = selectors.story_get(uuid=self.kwargs["story_uuid"])
            except Story.DoesNotExist:
                raise Http404 from None
        return self._story


class StoryReviewDetailView(StaffStoryMixin, TemplateView):
    template_name = "landscapes/stories/review_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            base_template=HUB_BASE,
            story=self.get_story(),
            return_form=forms.ReturnStoryForm(),
            **kwargs,
        )


class HubStoryCreateView(StaffRequiredMixin, ContentFormMixin, FormView):
    template_name = "landscapes/stories/story_form.html"
    form_class = forms.StoryForm
    success_message = _("Story saved as a draft.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["landscapes"] = Landscape.objects.select_related("partnership").order_by("name")
        kwargs["many"] = True
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            base_template=HUB_BASE, cancel_url=reverse("stories:review"), **kwargs
        )

    def perform(self, data):
        return services.story_create(
            actor=self.request.user,
            partnership=None,
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            language=data["language"],
            landscapes=data["landscapes"],
            image=data.get("image"),
            image_alt=data["image_alt"],
            image_caption=data["image_caption"],
        )

    def get_success_url(self, story):
        return reverse("stories:review-detail", args=[story.uuid])


def _story_update_from(form_data, *, story, actor):
    image = form_data.get("image") or (None if form_data.get("remove_image") else False)
    return services.story_update(
        story=story,
        actor=actor,
        title=form_data["title"],
        summary=form_data["summary"],
        body=form_data["body"],
        language=form_data["language"],
        landscapes=form_data["landscapes"],
        image=image,
        image_alt=form_data["image_alt"],
        image_caption=form_data["image_caption"],
    )


def _story_initial(story: Story) -> dict:
    return {
        "title": story.title,
        "summary": story.summary,
        "body": story.body,
        "language": story.language,
        "landscapes": list(story.landscapes.all()),
        "image_alt": story.image_alt,
        "image_caption": story.image_caption,
    }


class StaffStoryEditView(StaffStoryMixin, ContentFormMixin, FormView):
    template_name = "landscapes/stories/story_form.html"
    form_class = forms.StoryForm
    success_message = _("Story saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        story = self.get_story()
        kwargs["story"] = story
        kwargs["many"] = story.partnership_id is None
        kwargs["landscapes"] = (
            Landscape.objects.for_partnership(story.partnership)
            if story.partnership_id
            else Landscape.objects.select_related("partnership")
        ).order_by("name")
        return kwargs

    def get_initial(self):
        return _story_initial(self.get_story())

    def get_context_data(self, **kwargs):
        story = self.get_story()
        return super().get_context_data(
            base_template=HUB_BASE,
            story=story,
            cancel_url=reverse("stories:review-detail", args=[story.uuid]),
            **kwargs,
        )

    def perform(self, data):
        return _story_update_from(data, story=self.get_story(), actor=self.request.user)

    def get_success_url(self, story):
        return reverse("stories:review-detail", args=[story.uuid])


class StaffStoryActionView(StaffStoryMixin, View):
    """POST-only state changes by hub staff."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, *args, **kwargs):
        story = self.get_story()
        try:
            if self.action == "publish":
                services.story_publish(story=story, actor=request.user)
                messages.success(request, _("The story is published."))
            elif self.action == "unpublish":
                services.story_unpublish(story=story, actor=request.user)
                messages.success(request, _("The story is no longer public."))
            elif self.action == "return":
                form = forms.ReturnStoryForm(request.POST)
                if not form.is_valid():
                    raise ApplicationError(_("Tell the authors what to change."), field="note")
                services.story_return(
                    story=story, actor=request.user, note=form.cleaned_data["note"]
                )
                messages.success(request, _("The story went back to its authors."))
            elif self.action == "delete":
                services.story_delete(story=story, actor=request.user)
                messages.success(request, _("The story is deleted."))
                return HttpResponseRedirect(reverse("stories:review"))
        except ApplicationError as error:
            _message_error(request, error)
        return HttpResponseRedirect(reverse("stories:review-detail", args=[story.uuid]))


# ------------------------------------------------------------------ hub staff: library


class LibraryReviewListView(StaffRequiredMixin, ListView):
    template_name = "landscapes/library/review_list.html"
    context_object_name = "resources"
    paginate_by = 50

    def get_queryset(self):
        return selectors.resource_review_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(base_template=HUB_BASE, **kwargs)


class StaffResourceMixin(StaffRequiredMixin):
    def get_resource(self) -> Resource:
        if not hasattr(self, "_resource"):
            try:
                self._resource = selectors.resource_get(uuid=self.kwargs["resource_uuid"])
            except Resource.DoesNotExist:
                raise Http404 from None
        return self._resource


class ResourceReviewDetailView(StaffResourceMixin, TemplateView):
    template_name = "landscapes/library/review_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            base_template=HUB_BASE,
            resource=self.get_resource(),
            decline_form=forms.DeclineResourceForm(),
            **kwargs,
        )


def _resource_args(data) -> dict:
    return {
        "title": data["title"],
        "kind": data["kind"],
        "description": data["description"],
        "url": data["url"],
        "file": data.get("file"),
        "tags": data["tags"],
        "languages": data["languages"],
        "landscapes": data["landscapes"],
    }


class ResourceCreateView(StaffRequiredMixin, ContentFormMixin, FormView):
    template_name = "landscapes/library/resource_form.html"
    form_class = forms.ResourceForm
    success_message = _("The resource is published in the library.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["partnerships"] = Partnership.objects.order_by("name")
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            base_template=HUB_BASE, cancel_url=reverse("library:review"), **kwargs
        )

    def perform(self, data):
        return services.resource_create(
            actor=self.request.user, partnerships=data["partnerships"], **_resource_args(data)
        )

    def get_success_url(self, resource):
        return reverse("library:review-detail", args=[resource.uuid])


class ResourceEditView(StaffResourceMixin, ContentFormMixin, FormView):
    template_name = "landscapes/library/resource_form.html"
    form_class = forms.ResourceForm
    success_message = _("Resource saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["partnerships"] = Partnership.objects.order_by("name")
        kwargs["resource"] = self.get_resource()
        return kwargs

    def get_initial(self):
        resource = self.get_resource()
        return {
            "title": resource.title,
            "kind": resource.kind,
            "description": resource.description,
            "url": resource.url,
            "tags": ", ".join(resource.tags),
            "languages": resource.languages,
            "landscapes": list(resource.landscapes.all()),
            "partnerships": list(resource.partnerships.all()),
        }

    def get_context_data(self, **kwargs):
        resource = self.get_resource()
        return super().get_context_data(
            base_template=HUB_BASE,
            resource=resource,
            cancel_url=reverse("library:review-detail", args=[resource.uuid]),
            **kwargs,
        )

    def perform(self, data):
        return services.resource_update(
            resource=self.get_resource(),
            actor=self.request.user,
            keep_file=not data.get("remove_file"),
            partnerships=data["partnerships"],
            **_resource_args(data),
        )

    def get_success_url(self, resource):
        return reverse("library:review-detail", args=[resource.uuid])


class StaffResourceActionView(StaffResourceMixin, View):
    http_method_names = ["post"]
    action = ""

    def post(self, request, *args, **kwargs):
        resource = self.get_resource()
        try:
            if self.action == "approve":
                services.resource_approve(resource=resource, actor=request.user)
                messages.success(request, _("The resource is published in the library."))
            elif self.action == "decline":
                form = forms.DeclineResourceForm(request.POST)
                if not form.is_valid():
                    raise ApplicationError(_("Say why the resource is declined."))
                services.resource_decline(
                    resource=resource, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The resource is declined."))
            elif self.action == "delete":
                services.resource_delete(resource=resource, actor=request.user)
                messages.success(request, _("The resource is deleted."))
                return HttpResponseRedirect(reverse("library:review"))
        except ApplicationError as error:
            _message_error(request, error)
        return HttpResponseRedirect(reverse("library:review-detail", args=[resource.uuid]))


# ----------------------------------------------------------------- partnership pages


class WorkspaceContentMixin(PartnershipMixin):
    section = "stories"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            base_template=WORKSPACE_BASE,
            can_edit=self.has_perm(PartnershipPerm.EDIT_CONTENT),
            **kwargs,
        )


class PartnershipStoryMixin(WorkspaceContentMixin):
    def get_story(self) -> Story:
        if not hasattr(self, "_story"):
            try:
                self._story = selectors.story_get_for_partnership(
                    partnership=self.partnership, uuid=self.kwargs["story_uuid"]
                )
            except Story.DoesNotExist:
                raise Http404 from None
        return self._story


class PartnershipStoryListView(WorkspaceContentMixin, ListView):
    template_name = "landscapes/stories/workspace_list.html"
    context_object_name = "stories"
    paginate_by = 50

    def get_queryset(self):
        return selectors.story_list_for_partnership(partnership=self.partnership)


class PartnershipStoryDetailView(PartnershipStoryMixin, TemplateView):
    template_name = "landscapes/stories/workspace_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(story=self.get_story(), **kwargs)


class PartnershipStoryCreateView(WorkspaceContentMixin, ContentFormMixin, FormView):
    required_perm = PartnershipPerm.EDIT_CONTENT
    template_name = "landscapes/stories/story_form.html"
    form_class = forms.StoryForm
    success_message = _("Story saved as a draft.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["landscapes"] = Landscape.objects.for_partnership(self.partnership).order_by("name")
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cancel_url=reverse("content:story-list", args=[self.partnership.slug]), **kwargs
        )

    def perform(self, data):
        return services.story_create(
            actor=self.request.user,
            partnership=self.partnership,
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            language=data["language"],
            landscapes=data["landscapes"],
            image=data.get("image"),
            image_alt=data["image_alt"],
            image_caption=data["image_caption"],
        )

    def get_success_url(self, story):
        return reverse("content:story-detail", args=[self.partnership.slug, story.uuid])


class PartnershipStoryEditView(PartnershipStoryMixin, ContentFormMixin, FormView):
    required_perm = PartnershipPerm.EDIT_CONTENT
    template_name = "landscapes/stories/story_form.html"
    form_class = forms.StoryForm
    success_message = _("Story saved.")

    def get(self, request, *args, **kwargs):
        if self.get_story().status != Story.Status.DRAFT:
            messages.info(request, _("Only drafts can be edited."))
            return HttpResponseRedirect(self._detail_url())
        return super().get(request, *args, **kwargs)

    def _detail_url(self):
        return reverse("content:story-detail", args=[self.partnership.slug, self.get_story().uuid])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["story"] = self.get_story()
        kwargs["landscapes"] = Landscape.objects.for_partnership(self.partnership).order_by("name")
        return kwargs

    def get_initial(self):
        return _story_initial(self.get_story())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            story=self.get_story(), cancel_url=self._detail_url(), **kwargs
        )

    def perform(self, data):
        return _story_update_from(data, story=self.get_story(), actor=self.request.user)

    def get_success_url(self, story):
        return self._detail_url()


class PartnershipStorySubmitView(PartnershipStoryMixin, View):
    required_perm = PartnershipPerm.EDIT_CONTENT
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        story = self.get_story()
        try:
            services.story_submit(story=story, actor=request.user)
            messages.success(request, _("The story is with hub staff for review."))
        except ApplicationError as error:
            _message_error(request, error)
        return HttpResponseRedirect(
            reverse("content:story-detail", args=[self.partnership.slug, story.uuid])
        )


class PartnershipStoryDeleteView(PartnershipStoryMixin, TemplateView):
    required_perm = PartnershipPerm.EDIT_CONTENT
    template_name = "landscapes/stories/confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(story=self.get_story(), **kwargs)

    def post(self, request, *args, **kwargs):
        story = self.get_story()
        try:
            services.story_delete(story=story, actor=request.user)
        except ApplicationError as error:
            _message_error(request, error)
            return HttpResponseRedirect(
                reverse("content:story-detail", args=[self.partnership.slug, story.uuid])
            )
        messages.success(request, _("The story is deleted."))
        return HttpResponseRedirect(reverse("content:story-list", args=[self.partnership.slug]))


class PartnershipResourceListView(WorkspaceContentMixin, ListView):
    section = "library"
    template_name = "landscapes/library/workspace_list.html"
    context_object_name = "resources"
    paginate_by = 50

    def get_queryset(self):
        return selectors.resource_list_for_partnership(partnership=self.partnership)


class PartnershipResourceProposeView(WorkspaceContentMixin, ContentFormMixin, FormView):
    section = "library"
    required_perm = PartnershipPerm.EDIT_CONTENT
    template_name = "landscapes/library/resource_form.html"
    form_class = forms.ResourceForm
    success_message = _("Thank you: hub staff will review the resource.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["landscapes"] = Landscape.objects.for_partnership(self.partnership).order_by("name")
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cancel_url=reverse("content:resource-list", args=[self.partnership.slug]), **kwargs
        )

    def perform(self, data):
        return services.resource_propose(
            actor=self.request.user, partnership=self.partnership, **_resource_args(data)
        )

    def get_success_url(self, resource):
        return reverse("content:resource-list", args=[self.partnership.slug])


class PartnershipResourceWithdrawView(WorkspaceContentMixin, View):
    required_perm = PartnershipPerm.EDIT_CONTENT
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            resource = selectors.resource_get_for_partnership(
                partnership=self.partnership, uuid=self.kwargs["resource_uuid"]
            )
        except Resource.DoesNotExist:
            raise Http404 from None
        try:
            services.resource_withdraw(resource=resource, actor=request.user)
            messages.success(request, _("The proposal is withdrawn."))
        except ApplicationError as error:
            _message_error(request, error)
        return HttpResponseRedirect(reverse("content:resource-list", args=[self.partnership.slug]))
