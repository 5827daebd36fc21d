from django.urls import path

from capacity.api import views

COHORT = "capacity/cohorts/<uuid:cohort_uuid>/"
PARTNERSHIP = "partnerships/<slug:partnership_slug>/capacity/"

urlpatterns = [
    path("capacity/programs/", views.ProgramListApi.as_view(), name="capacity-program-list"),
    path(
        "capacity/programs/<uuid:program_uuid>/",
        views.ProgramDetailApi.as_view(),
        name="capacity-program-detail",
    ),
    path("capacity/cohorts/", views.CohortListApi.as_view(), name="capacity-cohort-list"),
    path(COHORT, views.CohortDetailApi.as_view(), name="capacity-cohort-detail"),
    path(f"{COHORT}sessions/", views.SessionListApi.as_view(), name="capacity-session-list"),
    path(
        f"{COHORT}sessions/<uuid:session_uuid>/attendance/",
        views.AttendanceListApi.as_view(),
        name="capacity-attendance-list",
    ),
    path(
        f"{COHORT}enrollments/", views.EnrollmentListApi.as_view(), name="capacity-enrollment-list"
    ),
    path(
        f"{COHORT}enrollments/<uuid:enrollment_uuid>/",
        views.EnrollmentDetailApi.as_view(),
        name="capacity-enrollment-detail",
    ),
    path(
        f"{PARTNERSHIP}enrollments/",
        views.PartnershipEnrollmentListApi.as_view(),
        name="capacity-partnership-enrollment-list",
    ),
    path(
        f"{PARTNERSHIP}participation/",
        views.ParticipationApi.as_view(),
        name="capacity-participation",
    ),
    path(
        f"{PARTNERSHIP}assessments/",
        views.AssessmentListApi.as_view(),
        name="capacity-assessment-list",
    ),
    path(
        f"{PARTNERSHIP}assessments/<uuid:assessment_uuid>/",
        views.AssessmentDetailApi.as_view(),
        name="capacity-assessment-detail",
    ),
]
