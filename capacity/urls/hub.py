"""Hub-level capacity pages, mounted at /capacity/."""

from django.urls import path

from capacity.views import cohorts, programs

app_name = "capacity"

COHORT = "cohorts/<uuid:cohort_uuid>/"
SESSION = f"{COHORT}sessions/<uuid:session_uuid>/"
ENROLLMENT = f"{COHORT}enrollments/<uuid:enrollment_uuid>/"

urlpatterns = [
    path("", programs.ProgramListView.as_view(), name="program-list"),
    path("programs/new/", programs.ProgramCreateView.as_view(), name="program-create"),
    path(
        "programs/<uuid:program_uuid>/", programs.ProgramDetailView.as_view(), name="program-detail"
    ),
    path(
        "programs/<uuid:program_uuid>/edit/",
        programs.ProgramEditView.as_view(),
        name="program-edit",
    ),
    path(
        "programs/<uuid:program_uuid>/cohorts/new/",
        programs.CohortCreateView.as_view(),
        name="cohort-create",
    ),
    path("resources/", programs.ResourceListView.as_view(), name="resource-list"),
    path(COHORT, cohorts.CohortDetailView.as_view(), name="cohort-detail"),
    path(f"{COHORT}edit/", cohorts.CohortEditView.as_view(), name="cohort-edit"),
    path(f"{COHORT}sessions/new/", cohorts.SessionFormView.as_view(), name="session-create"),
    path(f"{SESSION}edit/", cohorts.SessionFormView.as_view(), name="session-edit"),
    path(f"{SESSION}attendance/", cohorts.AttendanceView.as_view(), name="attendance"),
    path(
        f"{SESSION}attendance/<uuid:enrollment_uuid>/",
        cohorts.AttendanceRecordView.as_view(),
        name="attendance-record",
    ),
    path(
        f"{COHORT}participants/new/", cohorts.ParticipantAddView.as_view(), name="participant-add"
    ),
    path(f"{ENROLLMENT}status/", cohorts.EnrollmentStatusView.as_view(), name="enrollment-status"),
    path(
        f"{ENROLLMENT}assignment/", cohorts.AssignmentView.as_view(), name="enrollment-assignment"
    ),
    path(
        f"{ENROLLMENT}withdraw-consent/",
        cohorts.ConsentWithdrawView.as_view(),
        name="consent-withdraw",
    ),
    path(f"{ENROLLMENT}consent/", cohorts.ConsentView.as_view(), name="consent"),
    path(
        f"{ENROLLMENT}certificate/revoke/",
        cohorts.CertificateRevokeView.as_view(),
        name="certificate-revoke",
    ),
    path(
        f"{COHORT}certificates/", cohorts.CertificateBatchView.as_view(), name="certificate-batch"
    ),
    path(f"{COHORT}trainers/", cohorts.TrainerAddView.as_view(), name="trainer-add"),
    path(
        f"{COHORT}trainers/<uuid:user_uuid>/remove/",
        cohorts.TrainerRemoveView.as_view(),
        name="trainer-remove",
    ),
    path(
        "certificates/<uuid:certificate_uuid>/pdf/",
        cohorts.CertificateDownloadView.as_view(),
        name="certificate-download",
    ),
]
