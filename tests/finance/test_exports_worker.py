"""The portfolio summary PDF through a real ``celery -A hub worker`` process."""

import datetime
import io
from decimal import Decimal

import pytest

from finance.exports.services import portfolio_pdf_start
from hub.models import Job
from tests.finance.factories import ExchangeRateFactory, InvestmentFactory, PortfolioFactory
from tests.partnerships.factories import MembershipFactory
from tests.worker import wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_the_portfolio_pdf(celery_worker, partnership):
    portfolio = PortfolioFactory(partnership=partnership, title="Mau portfolio")
    ExchangeRateFactory(currency="KES", date=datetime.date(2026, 1, 1), rate=Decimal("100"))
    InvestmentFactory(
        portfolio=portfolio, name="Tree nurseries", total_cost=Decimal("250000"), currency="KES"
    )
    viewer = MembershipFactory(partnership=partnership, role="viewer").user

    job = portfolio_pdf_start(portfolio=portfolio, actor=viewer)
    wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=120)

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error + celery_worker.log()[-3000:]
    assert job.progress == 100
    from pypdf import PdfReader

    with job.result_file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Mau portfolio" in text and "Tree nurseries" in text
    assert "2,500.00" in text  # 250,000 KES at 100 per USD
