"""A partnership's capacity pages, mounted at /p/<slug:partnership_slug>/capacity/."""

from django.urls import path

from capacity.views import workspace as views

app_name = "capacity-workspace"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("cohorts/<uuid:cohort_uuid>/", views.PartnershipCohortView.as_view(), name="cohort"),
    path("participation/", views.ParticipationView.as_view(), name="participation"),
    path(
        "participation/export/",
        views.ParticipationExportView.as_view(),
        name="participation-export",
    ),
    path("assessments/", views.AssessmentListView.as_view(), name="assessments"),
    path("assessments/new/", views.AssessmentFormView.as_view(), name="assessment-create"),
    path(
        "assessments/<uuid:assessment_uuid>/edit/",
        views.AssessmentFormView.as_view(),
        name="assessment-edit",
    ),
    path(
        "assessments/<uuid:assessment_uuid>/delete/",
        views.AssessmentDeleteView.as_view(),
        name="assessment-delete",
    ),
]
