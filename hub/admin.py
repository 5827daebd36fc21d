from axes import utils as axes_utils
from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, ReadOnlyPasswordHashField
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries as all_countries
from pghistory.admin import EventsAdmin

from hub.models import (
    AuditEvent,
    EmailDelivery,
    IdempotencyRecord,
    Job,
    Notification,
    NotificationPreference,
    Organization,
    User,
)

# --- users ----------------------------------------------------------------------------


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "preferred_language")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this email address already exists."))
        return email


class UserChangeForm(forms.ModelForm):
    password = ReadOnlyPasswordHashField(
        label=_("Password"),
        help_text=_(
            "Passwords are not stored in clear text. The person can reset it from the sign-in page."
        ),
    )

    class Meta:
        model = User
        fields = (
            "email",
            "password",
            "full_name",
            "preferred_language",
            "time_zone",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A user with this email address already exists."))
        return email


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = (
        "email",
        "full_name",
        "is_staff",
        "is_active",
        "preferred_language",
        "last_login",
        "date_joined",
    )
    list_filter = ("is_staff", "is_active", "is_superuser", "preferred_language", "groups")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("uuid", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password", "uuid")}),
        (_("Profile"), {"fields": ("full_name", "preferred_language", "time_zone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "preferred_language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    actions = ["unlock_sign_in"]

    @admin.action(description=_("Unlock sign-in after too many failed attempts"))
    def unlock_sign_in(self, request, queryset):
        removed = 0
        for user in queryset:
            count = axes_utils.reset(username=user.email)
            if count:
                removed += count
                self.log_change(request, user, "Unlocked sign-in (axes attempts reset).")
        self.message_user(
            request,
            ngettext(
                "Removed %(count)d record of failed sign-ins.",
                "Removed %(count)d records of failed sign-ins.",
                removed,
            )
            % {"count": removed},
            messages.SUCCESS,
        )


class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    """axes' list of failed sign-ins, plus an action that lifts the lock."""

    actions = [*AxesAccessAttemptAdmin.actions, "unlock"]

    @admin.action(description=_("Unlock the selected username and IP address pairs"))
    def unlock(self, request, queryset):
        pairs = set(queryset.values_list("username", "ip_address"))
        removed = sum(axes_utils.reset(username=u, ip=ip) for u, ip in pairs)
        self.message_user(
            request,
            ngettext(
                "Unlocked %(pairs)d sign-in (%(count)d records removed).",
                "Unlocked %(pairs)d sign-ins (%(count)d records removed).",
                len(pairs),
            )
            % {"pairs": len(pairs), "count": removed},
            messages.SUCCESS,
        )


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, AccessAttemptAdmin)


# --- organizations --------------------------------------------------------------------


class CountryListFilter(admin.SimpleListFilter):
    """Filter any model with a ``CountryField(multiple=True)`` named ``countries``."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        used = set()
        for value in model_admin.model.objects.values_list("countries", flat=True):
            used.update(str(code) for code in value)
        return sorted(((c, all_countries.name(c)) for c in used), key=lambda item: item[1])

    def queryset(self, request, queryset):
        code = self.value()
        if code and code in all_countries:
            # CountryField(multiple=True) stores "KE,TZ": match one whole code.
            return queryset.filter(
                Q(countries=code)
                | Q(countries__startswith=f"{code},")
                | Q(countries__endswith=f",{code}")
                | Q(countries__contains=f",{code},")
            )
        return queryset


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "type", "country_names", "website_link", "updated_at")
    list_filter = ("type", CountryListFilter)
    search_fields = ("name", "acronym", "description")
    readonly_fields = ("uuid", "created_at", "updated_at")
    fields = (
        "name",
        "acronym",
        "type",
        "countries",
        "website",
        "logo",
        "description",
        "uuid",
        "created_at",
        "updated_at",
    )

    @admin.display(description=_("countries"))
    def country_names(self, obj: Organization) -> str:
        return ", ".join(country.name for country in obj.countries)

    @admin.display(description=_("website"), ordering="website")
    def website_link(self, obj: Organization) -> str:
        if not obj.website:
            return "—"
        return format_html(
            '<a href="{}" rel="noopener noreferrer">{}</a>', obj.website, obj.website
        )


# --- audit ----------------------------------------------------------------------------


class ReadOnlyMixin:
    """Rows that people manage through the app's services (or that the platform writes
    itself): staff look, not touch, so every change keeps its audit trail and checks."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    """Child rows shown, read-only, on their parent's page."""

    extra = 0
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields or ()


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "subject", "actor", "partnership", "ip_address")
    list_filter = ("action", "created_at")
    date_hierarchy = "created_at"
    search_fields = ("subject", "actor__email", "actor__full_name", "ip_address")
    list_select_related = ("actor", "partnership")
    fields = (
        "created_at",
        "action",
        "subject",
        "actor",
        "partnership",
        "ip_address",
        "user_agent",
        "data",
    )


class HistoryEventsAdmin(EventsAdmin):
    """pghistory's row history across all tracked models, with where each change came
    from (a page and its user, or a background task)."""

    @admin.display(description=_("origin"))
    def origin(self, obj) -> str:
        metadata = obj.pgh_context if isinstance(obj.pgh_context, dict) else {}
        if metadata.get("task"):
            return f"task {metadata['task']} ({metadata.get('task_id') or '?'})"
        if metadata.get("url"):
            return f"{metadata.get('method', '')} {metadata['url']}".strip()
        return "—"


# --- notifications and jobs (read-mostly) ---------------------------------------------


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("title", "recipient__email")
    list_select_related = ("recipient",)
    readonly_fields = ("uuid", "recipient", "kind", "title", "body", "url", "created_at")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "to_address", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "created_at")
    search_fields = ("to_address", "subject", "dedup_key")
    date_hierarchy = "created_at"
    exclude = ("body_html",)


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "title", "kind", "owner", "status", "progress", "finished_at")
    list_filter = ("status", "kind", "created_at")
    search_fields = ("title", "owner__email", "task_name")
    list_select_related = ("owner",)
    date_hierarchy = "created_at"


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdmin):
    """Stored answers to API writes sent with an Idempotency-Key (kept 24 hours)."""

    list_display = ("created_at", "caller", "method", "path", "response_status")
    list_filter = ("method", "response_status", "created_at")
    search_fields = ("caller", "key", "path")
    date_hierarchy = "created_at"
    exclude = ("response_body",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    """People set their own preferences (or unsubscribe from an email's link)."""

    list_display = ("user", "kind", "email", "updated_at")
    list_filter = ("kind", "email")
    search_fields = ("user__email",)
    list_select_related = ("user",)
