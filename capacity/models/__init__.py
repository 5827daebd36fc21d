from capacity.models.assessments import AssessmentScore, SelfAssessment
from capacity.models.cohorts import (
    Cohort,
    CohortGroupObjectPermission,
    CohortUserObjectPermission,
    Session,
)
from capacity.models.competencies import Competency, CompetencyFramework
from capacity.models.participants import (
    Attendance,
    Certificate,
    ConsentText,
    Enrollment,
    Participant,
    ParticipantConsent,
)
from capacity.models.programs import Program, ProviderStaff
from capacity.models.resources import LearningResource

__all__ = [
    "AssessmentScore",
    "Attendance",
    "Certificate",
    "Cohort",
    "CohortGroupObjectPermission",
    "CohortUserObjectPermission",
    "Competency",
    "CompetencyFramework",
    "ConsentText",
    "Enrollment",
    "LearningResource",
    "Participant",
    "ParticipantConsent",
    "Program",
    "ProviderStaff",
    "SelfAssessment",
    "Session",
]
