"""MEL pages, mounted at /p/<partnership_slug>/mel/ with namespace "mel"."""

from django.urls import path

from mel.views import framework, indicators, measurements, reports, tracking

app_name = "mel"

FRAMEWORK = "frameworks/<uuid:framework_uuid>/"
RESULT = "results/<uuid:result_uuid>/"
INDICATOR = "indicators/<uuid:indicator_uuid>/"
MEASUREMENT = "values/<uuid:measurement_uuid>/"

urlpatterns = [
    path("", tracking.DashboardView.as_view(), name="dashboard"),
    path("frameworks/", framework.FrameworkListView.as_view(), name="framework-list"),
    path("frameworks/new/", framework.FrameworkCreateView.as_view(), name="framework-create"),
    path(FRAMEWORK, framework.FrameworkDetailView.as_view(), name="framework-detail"),
    path(f"{FRAMEWORK}edit/", framework.FrameworkEditView.as_view(), name="framework-edit"),
    path(f"{FRAMEWORK}results/new/", framework.ResultCreateView.as_view(), name="result-create"),
    path(f"{RESULT}edit/", framework.ResultEditView.as_view(), name="result-edit"),
    path(f"{RESULT}move/", framework.ResultMoveView.as_view(), name="result-move"),
    path(f"{RESULT}delete/", framework.ResultDeleteView.as_view(), name="result-delete"),
    path("indicators/", indicators.IndicatorListView.as_view(), name="indicator-list"),
    path("indicators/new/", indicators.IndicatorCreateView.as_view(), name="indicator-create"),
    path(INDICATOR, indicators.IndicatorDetailView.as_view(), name="indicator-detail"),
    path(f"{INDICATOR}edit/", indicators.IndicatorEditView.as_view(), name="indicator-edit"),
    path(f"{INDICATOR}delete/", indicators.IndicatorDeleteView.as_view(), name="indicator-delete"),
    path(f"{INDICATOR}targets/", indicators.TargetSetView.as_view(), name="target-set"),
    path(
        f"{INDICATOR}auto-values/", indicators.AutoValuesPullView.as_view(), name="auto-values-pull"
    ),
    path(
        f"{INDICATOR}values/new/",
        measurements.MeasurementCreateView.as_view(),
        name="measurement-create",
    ),
    path(
        f"{MEASUREMENT}edit/", measurements.MeasurementEditView.as_view(), name="measurement-edit"
    ),
    path(
        f"{MEASUREMENT}submit/",
        measurements.MeasurementSubmitView.as_view(),
        name="measurement-submit",
    ),
    path(
        f"{MEASUREMENT}approve/",
        measurements.MeasurementApproveView.as_view(),
        name="measurement-approve",
    ),
    path(
        f"{MEASUREMENT}return/",
        measurements.MeasurementReturnView.as_view(),
        name="measurement-return",
    ),
    path(
        f"{MEASUREMENT}delete/",
        measurements.MeasurementDeleteView.as_view(),
        name="measurement-delete",
    ),
    path(
        f"{MEASUREMENT}evidence/", measurements.EvidenceUploadView.as_view(), name="evidence-upload"
    ),
    path(
        "evidence/<uuid:mel_evidence_uuid>/",
        indicators.EvidenceDownloadView.as_view(),
        name="evidence-download",
    ),
    path(
        "disaggregations/", indicators.DisaggregationListView.as_view(), name="disaggregation-list"
    ),
    path("library/", indicators.LibraryView.as_view(), name="library"),
    path("library/adopt/", indicators.LibraryAdoptView.as_view(), name="library-adopt"),
    path("review/", measurements.ReviewView.as_view(), name="review"),
    path("locks/", measurements.LockListView.as_view(), name="lock-list"),
    path(
        "locks/<uuid:lock_uuid>/delete/", measurements.LockDeleteView.as_view(), name="lock-delete"
    ),
    path("tracking/", tracking.TrackingView.as_view(), name="tracking"),
    path("tracking.xlsx", tracking.TrackingExportView.as_view(), name="tracking-export"),
    path("import/", tracking.ImportView.as_view(), name="import"),
    path(
        "import/template.xlsx",
        tracking.ImportTemplateView.as_view(),
        {"fmt": "xlsx"},
        name="import-template",
    ),
    path(
        "import/template.csv",
        tracking.ImportTemplateView.as_view(),
        {"fmt": "csv"},
        name="import-template-csv",
    ),
    path("imports/<uuid:import_uuid>/", tracking.ImportDetailView.as_view(), name="import-detail"),
    path(
        "imports/<uuid:import_uuid>/errors.csv",
        tracking.ImportErrorsView.as_view(),
        name="import-errors",
    ),
    path("reports/start/", reports.ReportStartView.as_view(), name="report-start"),
    path("reports/", reports.ScheduleListView.as_view(), name="report-schedules"),
    path(
        "reports/schedules/<uuid:report_schedule_uuid>/delete/",
        reports.ScheduleDeleteView.as_view(),
        name="report-schedule-delete",
    ),
    path(
        "reports/runs/<uuid:report_run_uuid>/", reports.ReportRunView.as_view(), name="report-run"
    ),
]
