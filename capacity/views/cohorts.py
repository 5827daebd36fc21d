"""Cohort pages (/capacity/cohorts/<cohort_uuid>/...): sessions, participants and their
progress, attendance on a phone (HTMX), completions, certificates and trainers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from capacity import forms
from capacity.models import Certificate, Enrollment, Session
from capacity.permissions import cohort_access
from capacity.selectors import cohorts as selectors
from capacity.services import certificates as certificate_services
from capacity.services import participants as participant_services
from capacity.services import programs as program_services
from capacity.services.participants import consent_text_current
from capacity.views.base import CohortMixin
from hub.models import User
from hub.services import ApplicationError
from hub.views import ServiceFormMixin


def cohort_url(cohort) -> str:
    return reverse("capacity:cohort-detail", args=[cohort.uuid])


class CohortDetailView(CohortMixin, TemplateView):
    template_name = "capacity/cohort_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrollments = selectors.enrollment_list(cohort=self.cohort)
        if not self.access.can_teach:
            # Members see the people of their own partnerships only.
            from partnerships.backends import roles_of

            mine = set(roles_of(self.request.user))
            enrollments = enrollments.filter(partnership_id__in=mine)
        context.update(
            sessions=selectors.session_list(cohort=self.cohort),
            enrollments=enrollments,
            trainers=selectors.cohort_trainers(cohort=self.cohort) if self.access.can_teach else [],
            trainer_form=forms.TrainerForm(),
            statuses=Enrollment.Status,
        )
        return context


class CohortEditView(CohortMixin, ServiceFormMixin, FormView):
    need = "manage"
    template_name = "capacity/form.html"
    form_class = forms.CohortForm
    success_message = gettext_lazy("Cohort saved.")

    def get_initial(self):
        return forms.cohort_initial(self.cohort)

    def perform(self, data):
        return program_services.cohort_update(cohort=self.cohort, **data)

    def get_success_url(self, result=None):
        return cohort_url(self.cohort)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Edit cohort"), cancel_url=cohort_url(self.cohort), **kwargs
        )


class SessionFormView(CohortMixin, ServiceFormMixin, FormView):
    need = "teach"
    template_name = "capacity/form.html"
    form_class = forms.SessionForm
    session = None

    def get_session(self):
        if "session_uuid" in self.kwargs:
            try:
                return selectors.session_get(cohort=self.cohort, uuid=self.kwargs["session_uuid"])
            except Session.DoesNotExist:
                raise Http404 from None
        return None

    def get_form(self, form_class=None):
        self.session = self.get_session()
        return super().get_form(form_class)

    def get_initial(self):
        if self.session is None:
            return {"time_zone": self.cohort.time_zone}
        return {
            "title": self.session.title,
            "starts_at_local": self.session.local_starts_at.replace(tzinfo=None),
            "time_zone": self.session.time_zone,
            "duration_minutes": self.session.duration_minutes,
            "location": self.session.location,
            "online_url": self.session.online_url,
            "other_facilitators": self.session.other_facilitators,
        }

    def perform(self, data):
        if self.session is None:
            return program_services.session_create(cohort=self.cohort, **data)
        return program_services.session_update(session=self.session, **data)

    def get_success_url(self, result=None):
        return cohort_url(self.cohort)

    def get_context_data(self, **kwargs):
        title = _("New session") if self.session is None else _("Edit session")
        return super().get_context_data(
            page_title=title, cancel_url=cohort_url(self.cohort), **kwargs
        )


class SessionMixin(CohortMixin):
    need = "teach"

    def load_session(self) -> Session:
        try:
            return selectors.session_get(cohort=self.cohort, uuid=self.kwargs["session_uuid"])
        except Session.DoesNotExist:
            raise Http404 from None


class AttendanceView(SessionMixin, TemplateView):
    """The attendance sheet: one row per participant, one tap per status."""

    template_name = "capacity/attendance.html"

    def get_context_data(self, **kwargs):
        session = self.load_session()
        rows = list(selectors.attendance_sheet(session=session))
        return super().get_context_data(
            session=session,
            rows=rows,
            recorded=sum(1 for r in rows if r.attendance_status),
            statuses=forms.Attendance.Status,
            **kwargs,
        )


class AttendanceRecordView(SessionMixin, View):
    """POST a status for one participant; HTMX gets the row back (swapped in place),
    a plain form post goes back to the sheet."""

    def post(self, request, *args, **kwargs):
        session = self.load_session()
        enrollment = (
            Enrollment.objects.filter(uuid=kwargs["enrollment_uuid"])
            .select_related("participant")
            .first()
        )
        if enrollment is None:
            raise Http404
        form = forms.AttendanceForm(request.POST)
        error = None
        if not form.is_valid():
            error = _("Choose present, late, excused or absent.")
        else:
            try:
                participant_services.attendance_record(
                    session=session,
                    enrollment=enrollment,
                    status=form.cleaned_data["status"],
                    actor=request.user,
                )
            except ApplicationError as refusal:
                error = refusal.message
        if enrollment.cohort_id != self.cohort.pk:
            # Another cohort's participant: refused above; nothing of theirs is shown.
            return render(
                request,
                "capacity/attendance.html#refused",
                {"error": error},
                status=400,
            )
        if not request.htmx:
            if error:
                messages.error(request, error)
            return HttpResponseRedirect(
                reverse("capacity:attendance", args=[self.cohort.uuid, session.uuid])
            )
        rows = list(selectors.attendance_sheet(session=session))
        row = next((r for r in rows if r.pk == enrollment.pk), None)
        if row is None:
            return render(request, "capacity/attendance.html#refused", {"error": error}, status=400)
        response = render(
            request,
            "capacity/attendance.html#row",
            {
                "row": row,
                "session": session,
                "cohort": self.cohort,
                "statuses": forms.Attendance.Status,
                "error": error,
                "recorded": sum(1 for r in rows if r.attendance_status),
                "rows": rows,
                "oob": True,
            },
        )
        patch_vary_headers(response, ["HX-Request"])
        return response


class ParticipantAddView(CohortMixin, ServiceFormMixin, FormView):
    need = "enroll"
    template_name = "capacity/participant_form.html"
    form_class = forms.ParticipantForm
    success_message = gettext_lazy("Participant enrolled.")

    def get_form_kwargs(self):
        allowed = [
            p for p in self.cohort_partnerships if p.pk in self.access.enroll_partnership_ids
        ]
        from partnerships.models import Partnership

        queryset = Partnership.objects.filter(pk__in=[p.pk for p in allowed]).order_by("name")
        return {**super().get_form_kwargs(), "partnerships": queryset}

    def perform(self, data):
        consent_text = consent_text_current()
        if consent_text is None:
            raise ApplicationError(
                _("The hub has not published a consent text yet; ask hub staff to add one.")
            )
        data.pop("consent")
        partnership = data.pop("partnership")
        status = data.pop("status")
        return participant_services.participant_enroll_new(
            cohort=self.cohort,
            partnership=partnership,
            status=status,
            consent_text=consent_text,
            actor=self.request.user,
            **data,
        )

    def get_success_url(self, result=None):
        if "add_another" in self.request.POST:
            return reverse("capacity:participant-add", args=[self.cohort.uuid])
        return cohort_url(self.cohort)

    def get_context_data(self, **kwargs):
        return super().get_context_data(consent_text=consent_text_current(), **kwargs)


class EnrollmentMixin(CohortMixin):
    need = "teach"

    def load_enrollment(self) -> Enrollment:
        try:
            return selectors.enrollment_get(cohort=self.cohort, uuid=self.kwargs["enrollment_uuid"])
        except Enrollment.DoesNotExist:
            raise Http404 from None


class EnrollmentStatusView(EnrollmentMixin, View):
    def post(self, request, *args, **kwargs):
        enrollment = self.load_enrollment()
        form = forms.EnrollmentStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a status."))
            return HttpResponseRedirect(cohort_url(self.cohort))
        try:
            participant_services.enrollment_set_status(
                enrollment=enrollment, status=form.cleaned_data["status"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {
                    "name": enrollment.participant.display_name,
                    "status": Enrollment.Status(form.cleaned_data["status"]).label,
                },
            )
        return HttpResponseRedirect(cohort_url(self.cohort) + "#participants")


class AssignmentView(EnrollmentMixin, View):
    def post(self, request, *args, **kwargs):
        enrollment = self.load_enrollment()
        try:
            participant_services.enrollment_set_assignment(
                enrollment=enrollment, submitted=request.POST.get("submitted") == "1"
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(cohort_url(self.cohort) + "#participants")


class ConsentWithdrawView(EnrollmentMixin, TemplateView):
    """Ask, then erase the person's personal data (teachers, or members who enroll for
    the person's partnership)."""

    need = "view"
    template_name = "capacity/consent_withdraw.html"

    def check(self, enrollment):
        if not (
            self.access.can_teach or enrollment.partnership_id in self.access.enroll_partnership_ids
        ):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        enrollment = self.load_enrollment()
        self.check(enrollment)
        return super().get_context_data(enrollment=enrollment, **kwargs)

    def post(self, request, *args, **kwargs):
        enrollment = self.load_enrollment()
        self.check(enrollment)
        participant_services.consent_withdraw(
            participant=enrollment.participant, actor=request.user
        )
        messages.success(
            request, _("Consent withdrawn: the person's personal data has been erased.")
        )
        return HttpResponseRedirect(cohort_url(self.cohort) + "#participants")


class ConsentView(EnrollmentMixin, ServiceFormMixin, FormView):
    """The person's consent history; record their consent again (to the current consent
    text) or go on to withdraw it. For the cohort's teachers and the members who enroll
    people for the person's partnership (the same people who may withdraw consent)."""

    need = "view"
    template_name = "capacity/consent.html"
    form_class = forms.ConsentForm
    success_message = gettext_lazy("Consent recorded.")

    def dispatch(self, request, *args, **kwargs):
        self.enrollment = None
        return super().dispatch(request, *args, **kwargs)

    def get_enrollment(self) -> Enrollment:
        if self.enrollment is None:
            self.enrollment = self.load_enrollment()
            if not (
                self.access.can_teach
                or self.enrollment.partnership_id in self.access.enroll_partnership_ids
            ):
                raise PermissionDenied
        return self.enrollment

    def get(self, request, *args, **kwargs):
        self.get_enrollment()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_enrollment()
        return super().post(request, *args, **kwargs)

    def perform(self, data):
        consent_text = consent_text_current()
        if consent_text is None:
            raise ApplicationError(
                _("The hub has not published a consent text yet; ask hub staff to add one.")
            )
        return participant_services.consent_record(
            participant=self.enrollment.participant,
            consent_text=consent_text,
            given_on=data["given_on"],
            actor=self.request.user,
        )

    def get_success_url(self, result=None):
        return reverse("capacity:consent", args=[self.cohort.uuid, self.enrollment.uuid])

    def get_context_data(self, **kwargs):
        enrollment = self.get_enrollment()
        history = list(selectors.consent_history(participant=enrollment.participant))
        current = consent_text_current()
        active = next((c for c in history if c.is_active), None)
        return super().get_context_data(
            enrollment=enrollment,
            participant=enrollment.participant,
            history=history,
            consent_text=current,
            active=active,
            needs_renewal=active is None or current is None or active.consent_text_id != current.pk,
            **kwargs,
        )


class CertificateRevokeView(EnrollmentMixin, ServiceFormMixin, FormView):
    """Ask for a reason, then revoke the person's certificate: the public verification
    page then says it was revoked, when and why. For the cohort's teachers (who issue
    certificates)."""

    need = "teach"
    template_name = "capacity/certificate_revoke.html"
    form_class = forms.CertificateRevokeForm
    success_message = gettext_lazy("Certificate revoked.")

    def dispatch(self, request, *args, **kwargs):
        self.certificate = None
        return super().dispatch(request, *args, **kwargs)

    def get_certificate(self) -> Certificate:
        if self.certificate is None:
            enrollment = self.load_enrollment()
            self.certificate = Certificate.objects.filter(enrollment=enrollment).first()
            if self.certificate is None:
                raise Http404
            self.certificate.enrollment = enrollment
        return self.certificate

    def get(self, request, *args, **kwargs):
        self.get_certificate()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.get_certificate().is_valid:
            messages.info(request, _("This certificate was already revoked."))
            return HttpResponseRedirect(self.get_success_url())
        return super().post(request, *args, **kwargs)

    def perform(self, data):
        return certificate_services.certificate_revoke(
            certificate=self.certificate, reason=data["reason"], actor=self.request.user
        )

    def get_success_url(self, result=None):
        return cohort_url(self.cohort) + "#participants"

    def get_context_data(self, **kwargs):
        certificate = self.get_certificate()
        return super().get_context_data(
            certificate=certificate, enrollment=certificate.enrollment, **kwargs
        )


class CertificateBatchView(CohortMixin, View):
    need = "teach"

    def post(self, request, *args, **kwargs):
        try:
            job = certificate_services.certificate_batch_start(
                cohort=self.cohort, actor=request.user
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(cohort_url(self.cohort))
        messages.success(request, _("The certificates are being prepared."))
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.uuid]))


class TrainerAddView(CohortMixin, View):
    need = "manage"

    def post(self, request, *args, **kwargs):
        form = forms.TrainerForm(request.POST)
        user = None
        if form.is_valid():
            user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            messages.error(
                request, _("No account has this email address; ask the trainer to sign up first.")
            )
        else:
            try:
                program_services.trainer_grant(cohort=self.cohort, user=user, actor=request.user)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(name)s can now teach this cohort.") % {"name": user})
        return HttpResponseRedirect(cohort_url(self.cohort) + "#trainers")


class TrainerRemoveView(CohortMixin, View):
    need = "manage"

    def post(self, request, *args, **kwargs):
        user = get_object_or_404(User, uuid=kwargs["user_uuid"])
        program_services.trainer_revoke(cohort=self.cohort, user=user, actor=request.user)
        messages.success(request, _("%(name)s no longer teaches this cohort.") % {"name": user})
        return HttpResponseRedirect(cohort_url(self.cohort) + "#trainers")


class CertificateDownloadView(View):
    """The PDF, for the cohort's teachers, members of the person's partnership and the
    person themself; everyone else gets 404."""

    def get(self, request, certificate_uuid):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        certificate = (
            Certificate.objects.select_related(
                "enrollment__participant", "enrollment__cohort__program"
            )
            .filter(uuid=certificate_uuid)
            .first()
        )
        if certificate is None or not certificate.file:
            raise Http404
        enrollment = certificate.enrollment
        access = cohort_access(request.user, enrollment.cohort)
        from partnerships.backends import roles_of

        allowed = (
            access.can_teach
            or enrollment.partnership_id in roles_of(request.user)
            or (enrollment.participant.user_id == request.user.pk)
        )
        if not allowed:
            raise Http404
        return FileResponse(
            certificate.file.open("rb"),
            as_attachment=True,
            filename=f"certificate-{certificate.code}.pdf",
            content_type="application/pdf",
        )
