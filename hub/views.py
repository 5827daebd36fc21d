from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "hub/home.html"


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "hub/dashboard.html"
