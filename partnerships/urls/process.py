from django.urls import path

from partnerships.views import process as views

urlpatterns = [
    path("process/", views.ProcessView.as_view(), name="process"),
    path("process/open/", views.StageOpenView.as_view(), name="process-stage-open"),
    path("process/<uuid:progress_uuid>/edit/", views.StageProgressEditView.as_view(), name="process-edit"),
    path("process/<uuid:progress_uuid>/evidence/", views.EvidenceAddView.as_view(), name="process-evidence-add"),
    path("process/evidence/<uuid:evidence_uuid>/", views.EvidenceDownloadView.as_view(), name="process-evidence-download"),
    path("process/evidence/<uuid:evidence_uuid>/delete/", views.EvidenceDeleteView.as_view(), name="process-evidence-delete"),
]  # fmt: skip
