"""Writes for governance: bodies and their members, meetings with minutes and
attachments, decisions, action items and their reminders."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable

import nh3
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.models import Organization, User
from hub.notifications import kinds
from hub.notifications.services import notify
from hub.services import ApplicationError
from partnerships.models import (
    ActionItem,
    ActionItemReminder,
    BodyMember,
    Decision,
    GovernanceBody,
    Meeting,
    MeetingAttachment,
    Membership,
    Partnership,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES: dict[str, set[str]] = {
    ".pdf": {"application/pdf"},
    ".doc": {"application/msword"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".xls": {"application/vnd.ms-excel"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ".ppt": {"application/vnd.ms-powerpoint"},
    ".pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    ".odt": {"application/vnd.oasis.opendocument.text"},
    ".ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    ".txt": {"text/plain"},
    ".csv": {"text/csv", "text/plain", "application/vnd.ms-excel"},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
}
UPCOMING_DAYS = 3
OVERDUE_EVERY_DAYS = 7

RICH_TEXT_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "blockquote", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def rich_text_sanitize(html: str) -> str:
    """Minutes and other rich text keep basic formatting and safe links only."""
    return nh3.clean(
        html or "",
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href", "title"}, "th": {"colspan"}, "td": {"colspan"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def upload_check(
    file: UploadedFile, *, field: str = "file", allowed: dict[str, set[str]] = DOCUMENT_TYPES
) -> None:
    """Refuse a file by its size, extension and declared type before reading it."""
    extension = os.path.splitext(file.name or "")[1].lower()
    if extension not in allowed:
        raise ApplicationError(
            _("This type of file is not accepted. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(allowed))},
            field=field,
        )
    content_type = (getattr(file, "content_type", "") or "").split(";")[0].strip().lower()
    if (
        content_type
        and content_type != "application/octet-stream"
        and (content_type not in allowed[extension])
    ):
        raise ApplicationError(
            _("The file’s content type does not match its extension."), field=field
        )
    if file.size is None or file.size > MAX_UPLOAD_BYTES:
        raise ApplicationError(_("Files may be at most 10 MB."), field=field)
    if file.size == 0:
        raise ApplicationError(_("The file is empty."), field=field)


def _is_member(partnership: Partnership, user: User) -> bool:
    return Membership.objects.for_partnership(partnership).filter(user=user).exists()


def _same_partnership(partnership: Partnership, row, field: str) -> None:
    if row is not None and row.partnership_id != partnership.pk:
        raise ApplicationError(_("Choose a record of this partnership."), field=field)


# --- bodies -----------------------------------------------------------------------------


def _check_body_name(partnership: Partnership, name: str, exclude_pk: int | None = None) -> None:
    clash = GovernanceBody.objects.for_partnership(partnership).filter(name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ApplicationError(_("A body with this name already exists."), field="name")


@transaction.atomic
def body_create(
    *, partnership: Partnership, name: str, kind: str, mandate: str = "", is_active: bool = True
) -> GovernanceBody:
    name = name.strip()
    _check_body_name(partnership, name)
    body = GovernanceBody(
        partnership=partnership, name=name, kind=kind, mandate=mandate.strip(), is_active=is_active
    )
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_update(
    *, body: GovernanceBody, name: str, kind: str, mandate: str, is_active: bool
) -> GovernanceBody:
    name = name.strip()
    _check_body_name(body.partnership, name, exclude_pk=body.pk)
    body.name, body.kind, body.mandate, body.is_active = name, kind, mandate.strip(), is_active
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_delete(*, body: GovernanceBody) -> None:
    body.delete()


def _check_seat(
    *,
    body: GovernanceBody,
    user: User | None,
    name: str,
    organization: Organization | None,
    since: datetime.date | None,
    until: datetime.date | None,
    exclude_pk: int | None = None,
) -> None:
    if user is None and not name:
        raise ApplicationError(
            _("Choose a member of the partnership or enter the person’s name."), field="user"
        )
    if user is not None and name:
        raise ApplicationError(
            _("Either choose a member of the partnership or enter a name, not both."),
            field="name",
        )
    if user is not None:
        if not _is_member(body.partnership, user):
            raise ApplicationError(
                _("This person is not a member of the partnership."), field="user"
            )
        seats = BodyMember.objects.for_partnership(body.partnership).filter(body=body, user=user)
        if exclude_pk is not None:
            seats = seats.exclude(pk=exclude_pk)
        if seats.exists():
            raise ApplicationError(_("This person already sits on this body."), field="user")
    if since and until and until < since:
        raise ApplicationError(_("The end date must be on or after the start date."), field="until")


@transaction.atomic
def body_member_add(
    *,
    body: GovernanceBody,
    user: User | None = None,
    name: str = "",
    organization: Organization | None = None,
    position: str = BodyMember.Position.MEMBER,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> BodyMember:
    name = name.strip()
    _check_seat(
        body=body, user=user, name=name, organization=organization, since=since, until=until
    )
    seat = BodyMember(
        partnership_id=body.partnership_id,
        body=body,
        user=user,
        name=name,
        organization=organization,
        position=position,
        since=since,
        until=until,
    )
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def body_member_update(
    *,
    seat: BodyMember,
    user: User | None,
    name: str,
    organization: Organization | None,
    position: str,
    since: datetime.date | None,
    until: datetime.date | None,
) -> BodyMember:
    name = name.strip()
    _check_seat(
        body=seat.body,
        user=user,
        name=name,
        organization=organization,
        since=since,
        until=until,
        exclude_pk=seat.pk,
    )
    seat.user, seat.name, seat.organization = user, name, organization
    seat.position, seat.since, seat.until = position, since, until
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def body_member_remove(*, seat: BodyMember) -> None:
    seat.delete()


# --- meetings ---------------------------------------------------------------------------


def _check_attendees(partnership: Partnership, attendees: Iterable[User]) -> list[User]:
    people = list(attendees)
    members = set(
        Membership.objects.for_partnership(partnership)
        .filter(user__in=people)
        .values_list("user_id", flat=True)
    )
    strangers = [person for person in people if person.pk not in members]
    if strangers:
        raise ApplicationError(
            _("Attendees must be members of the partnership: %(names)s.")
            % {"names": ", ".join(str(p) for p in strangers)},
            field="attendees",
        )
    return people


@transaction.atomic
def meeting_create(
    *,
    partnership: Partnership,
    title: str,
    starts_at: datetime.datetime,
    body: GovernanceBody | None = None,
    location: str = "",
    agenda: str = "",
    minutes: str = "",
    attendees: Iterable[User] = (),
    other_attendees: str = "",
) -> Meeting:
    _same_partnership(partnership, body, "body")
    people = _check_attendees(partnership, attendees)
    meeting = Meeting(
        partnership=partnership,
        body=body,
        title=title.strip(),
        starts_at=starts_at,
        location=location.strip(),
        agenda=rich_text_sanitize(agenda),
        minutes=rich_text_sanitize(minutes),
        other_attendees=other_attendees.strip(),
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(people)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    title: str,
    starts_at: datetime.datetime,
    body: GovernanceBody | None,
    location: str,
    agenda: str,
    minutes: str,
    attendees: Iterable[User],
    other_attendees: str,
) -> Meeting:
    _same_partnership(meeting.partnership, body, "body")
    people = _check_attendees(meeting.partnership, attendees)
    meeting.title, meeting.starts_at, meeting.body = title.strip(), starts_at, body
    meeting.location = location.strip()
    meeting.agenda, meeting.minutes = rich_text_sanitize(agenda), rich_text_sanitize(minutes)
    meeting.other_attendees = other_attendees.strip()
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(people)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    meeting.delete()


@transaction.atomic
def meeting_attachment_add(
    *, meeting: Meeting, title: str, file: UploadedFile
) -> MeetingAttachment:
    upload_check(file)
    attachment = MeetingAttachment(
        partnership_id=meeting.partnership_id,
        meeting=meeting,
        title=title.strip() or os.path.basename(file.name),
        file=file,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def meeting_attachment_remove(*, attachment: MeetingAttachment) -> None:
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.delete(save=False))


# --- decisions --------------------------------------------------------------------------


@transaction.atomic
def decision_create(
    *,
    partnership: Partnership,
    title: str,
    decided_on: datetime.date,
    text: str = "",
    body: GovernanceBody | None = None,
    meeting: Meeting | None = None,
) -> Decision:
    _same_partnership(partnership, body, "body")
    _same_partnership(partnership, meeting, "meeting")
    if meeting is not None and body is None:
        body = meeting.body
    decision = Decision(
        partnership=partnership,
        title=title.strip(),
        text=text.strip(),
        decided_on=decided_on,
        body=body,
        meeting=meeting,
    )
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_update(
    *,
    decision: Decision,
    title: str,
    decided_on: datetime.date,
    text: str,
    body: GovernanceBody | None,
    meeting: Meeting | None,
) -> Decision:
    _same_partnership(decision.partnership, body, "body")
    _same_partnership(decision.partnership, meeting, "meeting")
    decision.title, decision.text, decision.decided_on = title.strip(), text.strip(), decided_on
    decision.body, decision.meeting = body, meeting
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision) -> None:
    decision.delete()


# --- action items -----------------------------------------------------------------------


def _check_action(
    partnership: Partnership,
    owner: User | None,
    meeting: Meeting | None,
    decision: Decision | None,
) -> None:
    if owner is not None and not _is_member(partnership, owner):
        raise ApplicationError(_("The owner must be a member of the partnership."), field="owner")
    _same_partnership(partnership, meeting, "meeting")
    _same_partnership(partnership, decision, "decision")


def _completed_at(status: str, previous: datetime.datetime | None) -> datetime.datetime | None:
    if status == ActionItem.Status.DONE:
        return previous or timezone.now()
    return None


@transaction.atomic
def action_item_create(
    *,
    partnership: Partnership,
    title: str,
    owner: User | None = None,
    due_date: datetime.date | None = None,
    status: str = ActionItem.Status.OPEN,
    description: str = "",
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> ActionItem:
    _check_action(partnership, owner, meeting, decision)
    item = ActionItem(
        partnership=partnership,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        status=status,
        meeting=meeting,
        decision=decision,
        completed_at=_completed_at(status, None),
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_item_update(
    *,
    item: ActionItem,
    title: str,
    owner: User | None,
    due_date: datetime.date | None,
    status: str,
    description: str,
    meeting: Meeting | None,
    decision: Decision | None,
) -> ActionItem:
    _check_action(item.partnership, owner, meeting, decision)
    item.title, item.description = title.strip(), description.strip()
    item.owner, item.due_date, item.status = owner, due_date, status
    item.meeting, item.decision = meeting, decision
    item.completed_at = _completed_at(status, item.completed_at)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_item_set_status(*, item: ActionItem, status: str) -> ActionItem:
    if status not in ActionItem.Status.values:
        raise ApplicationError(_("Choose a valid status."), field="status")
    item.status = status
    item.completed_at = _completed_at(status, item.completed_at)
    item.full_clean()
    item.save(update_fields=["status", "completed_at", "updated_at"])
    return item


@transaction.atomic
def action_item_delete(*, item: ActionItem) -> None:
    item.delete()


def reminder_due(item: ActionItem, today: datetime.date) -> tuple[str, datetime.date] | None:
    """The reminder an open item is owed today, as (kind, for_date), or None.

    "Due soon" is owed from three days before the due date (once per due date);
    "overdue" on the first day after it and every seven days after that. A day the
    task did not run is caught up on the next run, still only once per slot."""
    if item.due_date is None:
        return None
    days_left = (item.due_date - today).days
    if 0 <= days_left <= UPCOMING_DAYS:
        return ActionItemReminder.Kind.UPCOMING, item.due_date
    if days_left < 0:
        days_over = -days_left
        slot = (days_over - 1) // OVERDUE_EVERY_DAYS * OVERDUE_EVERY_DAYS + 1
        return ActionItemReminder.Kind.OVERDUE, item.due_date + datetime.timedelta(days=slot)
    return None


def _reminder_texts(item: ActionItem, kind: str):
    if kind == ActionItemReminder.Kind.UPCOMING:
        title = format_lazy(gettext_lazy("Action item due soon: {title}"), title=item.title)
    else:
        title = format_lazy(gettext_lazy("Action item overdue: {title}"), title=item.title)
    body = format_lazy(
        gettext_lazy("{partnership}: “{title}” is due on {due}."),
        partnership=item.partnership.name,
        title=item.title,
        due=item.due_date.isoformat(),
    )
    return title, body


def action_item_remind(*, item: ActionItem, today: datetime.date) -> bool:
    """Send the reminder ``item`` is owed today, at most once. Returns whether it sent."""
    due = reminder_due(item, today)
    if (
        due is None
        or item.owner is None
        or item.status
        not in (
            ActionItem.Status.OPEN,
            ActionItem.Status.IN_PROGRESS,
        )
    ):
        return False
    kind, for_date = due
    with transaction.atomic():
        _reminder, created = ActionItemReminder.objects.get_or_create(
            partnership_id=item.partnership_id, action_item=item, kind=kind, for_date=for_date
        )
        if not created:
            return False
        title, body = _reminder_texts(item, kind)
        url = reverse("partnerships:action-edit", args=[item.partnership.slug, item.uuid])
        notify(
            recipients=[item.owner],
            kind=kinds.GOVERNANCE,
            title=title,
            body=body,
            url=url,
            dedup_key=f"action-item:{item.uuid}:{kind}:{for_date.isoformat()}",
        )
    return True


def action_item_reminders_send(*, today: datetime.date) -> int:
    """Remind owners of open action items due within three days or overdue."""
    items = (
        ActionItem.objects.filter(
            status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
            owner__isnull=False,
            owner__is_active=True,
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
        )
        .select_related("owner", "partnership")
        .order_by("pk")
    )
    return sum(action_item_remind(item=item, today=today) for item in items.iterator())
