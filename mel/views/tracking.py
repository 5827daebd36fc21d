"""The MEL dashboard (data completeness), the tracking table and its XLSX export, and
the import pages."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mel import forms
from mel.imports import error_report_csv, template_csv, template_xlsx
from mel.models import Framework, ImportBatch
from mel.selectors.framework import framework_list
from mel.selectors.tracking import completeness, indicator_list, review_queue, tracking_table
from mel.services.imports import import_start
from mel.views.base import FormPage, MelPage
from partnerships.roles import MelPerm, PartnershipPerm


def _default_range(partnership) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    framework = Framework.objects.for_partnership(partnership).order_by("start_date").first()
    first = datetime.date(today.year - 1, 1, 1)
    last = datetime.date(today.year, 12, 31)
    if framework and framework.start_date:
        first = max(framework.start_date, first)
    return first, last


class DashboardView(MelPage):
    template_name = "mel/dashboard.html"
    sub = "dashboard"

    def get_context_data(self, **kwargs):
        first, _last = _default_range(self.partnership)
        data = completeness(partnership=self.partnership, first=first)
        return super().get_context_data(
            completeness=data,
            frameworks=framework_list(partnership=self.partnership),
            awaiting=review_queue(partnership=self.partnership).count(),
            recent_imports=ImportBatch.objects.for_partnership(self.partnership)[:5],
            **kwargs,
        )


class TrackingMixin(MelPage):
    def table(self):
        levels = sorted(
            {(r.depth, r.framework.level_name(r.depth)) for r in _results(self.partnership)}
        )
        form = forms.TrackingFilterForm(
            self.request.GET or None, partnership=self.partnership, levels=levels
        )
        first, last = _default_range(self.partnership)
        filters, kind, unapproved = {}, "quarter", False
        if form.is_valid():
            data = form.cleaned_data
            first, last = data["start"] or first, data["end"] or last
            kind = data["by"] or "quarter"
            unapproved = data["unapproved"]
            filters = {
                "framework": data["framework"],
                "result": data["result"],
                "depth": data["level"],
                "pillar": data["pillar"],
            }
        if last < first:
            first, last = last, first
        if kind == "month" and (last - first).days > 3 * 366:
            first = last - datetime.timedelta(days=3 * 366)
        table = tracking_table(
            partnership=self.partnership,
            first=first,
            last=last,
            kind=kind,
            include_unapproved=unapproved,
            **filters,
        )
        return form, table


def _results(partnership):
    from mel.models import Result

    return Result.objects.for_partnership(partnership).select_related("framework")


class TrackingView(TrackingMixin):
    template_name = "mel/tracking.html"
    sub = "tracking"

    def get_context_data(self, **kwargs):
        form, table = self.table()
        return super().get_context_data(
            form=form, table=table, query=self.request.GET.urlencode(), **kwargs
        )


class TrackingExportView(TrackingMixin):
    def get(self, request, *args, **kwargs):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        _form, table = self.table()
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Tracking")[:31]
        head = [_("Code"), _("Indicator"), _("Unit"), _("Baseline")]
        top = ["", "", "", ""]
        for _start, _end, label in table.columns:
            top += [label, "", ""]
            head += [_("Target"), _("Actual"), "%"]
        top += [_("Whole period"), "", ""]
        head += [_("End target"), _("Actual"), "%"]
        sheet.append(top)
        sheet.append(head)
        fills = {"good": "C6EFCE", "warn": "FFEB9C", "bad": "FFC7CE"}
        for row in table.rows:
            i = row.indicator
            line = [i.code, i.name, i.unit_label, _num(i.baseline_value)]
            for cell in [*row.cells, row.total]:
                line += [
                    _num(cell.target),
                    _num(cell.actual),
                    round(float(cell.percent), 1) if cell.percent is not None else None,
                ]
            sheet.append(line)
            for index, cell in enumerate([*row.cells, row.total]):
                if cell.status in fills:
                    sheet.cell(row=sheet.max_row, column=5 + index * 3 + 2).fill = PatternFill(
                        "solid", fgColor=fills[cell.status]
                    )
        for cell in sheet[1] + sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions["B"].width = 40
        sheet.freeze_panes = "E3"
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="tracking-{self.partnership.slug}-{stamp}.xlsx"'
        )
        return response


def _num(value):
    return None if value is None else float(value)


class ImportView(FormPage):
    """The import page: the template, the upload form and the recent imports."""

    required_perm = MelPerm.ENTER_MEASUREMENT
    required_perms = {"GET": PartnershipPerm.VIEW}
    template_name = "mel/import.html"
    page_title = gettext_lazy("Import targets and values")
    sub = "import"

    def get_form(self, data=None, files=None):
        return forms.ImportForm(data, files)

    def perform(self, form):
        return import_start(
            partnership=self.partnership,
            upload=form.cleaned_data["file"],
            actor=self.request.user,
            submit=form.cleaned_data["submit"],
        )

    def get_success_url(self, batch) -> str:
        if batch.status == ImportBatch.Status.DONE:
            messages.success(
                self.request,
                _("Imported: %(m)s values and %(t)s targets.")
                % {"m": batch.measurement_count, "t": batch.target_count},
            )
        return self.url("import-detail", batch.uuid)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            imports=ImportBatch.objects.for_partnership(self.partnership).select_related(
                "created_by", "job"
            )[:10],
            **kwargs,
        )


class ImportDetailView(MelPage):
    template_name = "mel/import_detail.html"
    sub = "import"

    def get_context_data(self, **kwargs):
        batch = self.get_tenant_object(
            ImportBatch.objects.select_related("job", "created_by"), uuid=self.kwargs["import_uuid"]
        )
        return super().get_context_data(
            batch=batch,
            errors=batch.errors[:200],
            running=batch.status in ("queued", "running"),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        if request.htmx:
            return render(request, "mel/import_detail.html#status", context)
        return self.render_to_response(context)


class ImportErrorsView(MelPage):
    def get(self, request, *args, **kwargs):
        batch = self.get_tenant_object(ImportBatch.objects, uuid=self.kwargs["import_uuid"])
        response = HttpResponse(
            error_report_csv(batch.errors), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="import-errors-{batch.uuid}.csv"'
        return response


class ImportTemplateView(MelPage):
    def get(self, request, *args, **kwargs):
        indicators = list(indicator_list(partnership=self.partnership))
        first, last = _default_range(self.partnership)
        year = request.GET.get("year", "")
        if year.isdigit() and 2000 <= int(year) <= 2100:
            first, last = datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31)
        name = f"mel-template-{self.partnership.slug}"
        if kwargs.get("fmt") == "csv":
            response = HttpResponse(
                template_csv(indicators, first, last), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        response = HttpResponse(
            template_xlsx(indicators, first, last),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
