"""URL kwarg fillers for the capacity pages and endpoints under /p/<slug>/ and
/api/v1/partnerships/<slug>/."""

from tests.capacity.factories import CohortFactory, SelfAssessmentFactory
from tests.tenancy.harness import register_filler


@register_filler("cohort_uuid")
def _cohort(partnership):
    return CohortFactory(partnerships=[partnership]).uuid


@register_filler("assessment_uuid")
def _assessment(partnership):
    return SelfAssessmentFactory(partnership=partnership).uuid
