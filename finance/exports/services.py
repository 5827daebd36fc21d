"""Starting the exports that run as a Job."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from finance.models import Portfolio
from hub.jobs.services import job_create
from hub.models import Job, User
from partnerships.roles import FinancePerm

PDF_TASK = "finance.tasks.portfolio_pdf_task"


def portfolio_pdf_start(*, portfolio: Portfolio, actor: User) -> Job:
    """Queue the portfolio summary PDF; the job page shows progress and the download."""
    from hub.services import ApplicationError

    if not actor.has_perm(FinancePerm.VIEW, portfolio.partnership):
        raise ApplicationError(_("You cannot see this portfolio."))
    return job_create(
        owner=actor,
        partnership=portfolio.partnership,
        kind="finance_portfolio_pdf",
        title=str(
            format_lazy(_("Portfolio summary (PDF) · {name}"), name=portfolio.partnership.name)
        ),
        task_name=PDF_TASK,
        params={"portfolio_id": portfolio.pk},
    )
