from django.db import models
from django.utils.translation import gettext_lazy as _


class InvestmentKind(models.TextChoices):
    ASSET = "asset", _("Asset investment")
    ENABLING = "enabling", _("Enabling investment")


class Sector(models.TextChoices):
    SUSTAINABLE_AGRICULTURE = "sustainable_agriculture", _("Sustainable agriculture")
    AGROFORESTRY = "agroforestry", _("Agroforestry")
    RESTORATION = "restoration", _("Restoration")
    CONSERVATION = "conservation", _("Conservation")
    WATER = "water", _("Water")
    ENERGY = "energy", _("Energy")
    ECOTOURISM = "ecotourism", _("Ecotourism")
    ENTERPRISE_DEVELOPMENT = "enterprise_development", _("Enterprise development")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    FORESTRY = "forestry", _("Sustainable forestry")
    FISHERIES = "fisheries", _("Fisheries")
    GOVERNANCE = "governance", _("Governance and policy")
    CAPACITY = "capacity", _("Capacity development")
    MONITORING = "monitoring", _("Monitoring and data")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    """The investment pipeline, in order."""

    IDEA = "idea", _("Idea")
    DESIGN = "design", _("Design")
    READY = "ready", _("Ready for financing")
    FINANCED = "financed", _("Financed")
    IMPLEMENTING = "implementing", _("Implementing")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


STAGE_ORDER: list[str] = [value for value, _label in Stage.choices]


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Instrument(models.TextChoices):
    GRANT = "grant", _("Grant")
    LOAN = "loan", _("Loan")
    EQUITY = "equity", _("Equity")
    GUARANTEE = "guarantee", _("Guarantee")
    IN_KIND = "in_kind", _("In-kind")
    RESULTS_BASED = "results_based", _("Results-based payment")
    BLENDED = "blended", _("Blended")


class SourceType(models.TextChoices):
    PUBLIC = "public", _("Public (government)")
    MULTILATERAL = "multilateral", _("Multilateral or bilateral donor")
    PHILANTHROPIC = "philanthropic", _("Philanthropic")
    PRIVATE = "private", _("Private sector")
    IMPACT_INVESTOR = "impact_investor", _("Impact investor")
    COMMUNITY = "community", _("Community or own contribution")


class FundingStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    COMMITTED = "committed", _("Committed")
    DISBURSED = "disbursed", _("Disbursed")


class TransactionType(models.TextChoices):
    """IATI TransactionType codelist (version 2.03)."""

    INCOMING_FUNDS = "1", _("Incoming funds")
    OUTGOING_COMMITMENT = "2", _("Outgoing commitment")
    DISBURSEMENT = "3", _("Disbursement")
    EXPENDITURE = "4", _("Expenditure")
    INTEREST_PAYMENT = "5", _("Interest payment")
    LOAN_REPAYMENT = "6", _("Loan repayment")
    REIMBURSEMENT = "7", _("Reimbursement")
    PURCHASE_OF_EQUITY = "8", _("Purchase of equity")
    SALE_OF_EQUITY = "9", _("Sale of equity")
    CREDIT_GUARANTEE = "10", _("Credit guarantee")
    INCOMING_COMMITMENT = "11", _("Incoming commitment")
    OUTGOING_PLEDGE = "12", _("Outgoing pledge")
    INCOMING_PLEDGE = "13", _("Incoming pledge")


class BudgetType(models.TextChoices):
    """IATI BudgetType codelist."""

    ORIGINAL = "1", _("Original")
    REVISED = "2", _("Revised")


class BudgetStatus(models.TextChoices):
    """IATI BudgetStatus codelist."""

    INDICATIVE = "1", _("Indicative")
    COMMITTED = "2", _("Committed")


class ReviewStatus(models.TextChoices):
    SHARED = "shared", _("Shared")
    UNDER_REVIEW = "under_review", _("Under review")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    INTEREST_EXPRESSED = "interest_expressed", _("Interest expressed")
    DECLINED = "declined", _("Declined")


class MessageKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    QUESTION = "question", _("Question")
    ANSWER = "answer", _("Answer")
