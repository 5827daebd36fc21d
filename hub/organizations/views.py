from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.generic import DetailView, ListView

from hub.models import Organization
from hub.organizations import selectors


class OrganizationListView(LoginRequiredMixin, ListView):
    template_name = "hub/organizations/organization_list.html"
    context_object_name = "organizations"
    paginate_by = 25

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")[:200]
        self.type = self.request.GET.get("type", "")
        if self.type not in Organization.Type.values:
            self.type = ""
        return selectors.organization_list(query=self.query, type=self.type)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            query=self.query,
            type=self.type,
            types=Organization.Type.choices,
            querystring=params.urlencode(),
        )
        return context

    def get_template_names(self):
        name = self.template_name
        return [f"{name}#results"] if getattr(self.request, "htmx", False) else [name]


class OrganizationDetailView(LoginRequiredMixin, DetailView):
    template_name = "hub/organizations/organization_detail.html"
    context_object_name = "organization"

    def get_object(self, queryset=None):
        try:
            return selectors.organization_get(uuid=self.kwargs["uuid"])
        except Organization.DoesNotExist as error:
            raise Http404 from error
