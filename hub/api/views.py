"""Hub-level endpoints: the caller (users/me) and the organization registry."""

import django_filters
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.services import user_update_profile
from hub.api.fields import CountryCodesField
from hub.api.serializers import StrictInputMixin
from hub.models import Organization, User
from hub.organizations import selectors as organization_selectors


class UserMeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["uuid", "email", "full_name", "preferred_language", "time_zone"]
        read_only_fields = fields


class UserMeUpdateSerializer(StrictInputMixin, serializers.Serializer):
    full_name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    time_zone = serializers.CharField(
        max_length=64, required=False, help_text="An IANA time zone name, e.g. `Africa/Nairobi`."
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="users_me_retrieve",
        tags=["users"],
        summary="The signed-in person (or the creator of the API key)",
    ),
    patch=extend_schema(
        operation_id="users_me_partial_update",
        tags=["users"],
        summary="Change your name, language or time zone (session only, not with an API key)",
        request=UserMeUpdateSerializer,
        responses=UserMeSerializer,
    ),
)
class UserMeApi(GenericAPIView):
    serializer_class = UserMeSerializer
    pagination_class = None
    filter_backends = []

    def get(self, request):
        return Response(UserMeSerializer(request.user).data)

    def patch(self, request):
        if request.auth is not None:
            raise exceptions.PermissionDenied(_("An API key cannot change a person's profile."))
        data = UserMeUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = request.user
        values = {
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
        } | data.validated_data
        user = user_update_profile(user=user, **values)
        return Response(UserMeSerializer(user).data)


class OrganizationSerializer(serializers.ModelSerializer):
    countries = CountryCodesField(read_only=True)
    logo = serializers.ImageField(read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "uuid",
            "name",
            "acronym",
            "type",
            "countries",
            "website",
            "logo",
            "description",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Full-text search in name, acronym and description"
    )
    type = django_filters.ChoiceFilter(choices=Organization.Type.choices)

    class Meta:
        model = Organization
        fields = ["q", "type"]

    def search(self, queryset, name, value):
        query = organization_selectors.organization_search_query(value[:200])
        if query is None:
            return queryset
        return queryset.annotate(search=organization_selectors.organization_search_vector()).filter(
            search=query
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="organizations_list",
        tags=["organizations"],
        summary="Organizations known to the hub",
    )
)
class OrganizationListApi(ListAPIView):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    def get_queryset(self):
        return organization_selectors.organization_list()


@extend_schema_view(
    get=extend_schema(
        operation_id="organizations_retrieve",
        tags=["organizations"],
        summary="One organization",
    )
)
class OrganizationDetailApi(RetrieveAPIView):
    serializer_class = OrganizationSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "organization_uuid"
    queryset = Organization.objects.all()


class ApiNotFoundView(APIView):
    """Unknown addresses under /api/v1/ answer the JSON error, not the HTML page."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        path = request.path_info
        if settings.APPEND_SLASH and not path.endswith("/"):
            try:
                match = resolve(f"{path}/")
            except Resolver404:
                match = None
            if match is not None and getattr(match.func, "cls", None) is not ApiNotFoundView:
                raise exceptions.NotFound(
                    _("There is no endpoint at this address. Did you mean %(path)s?")
                    % {"path": f"{request.path}/"}
                )
        raise exceptions.NotFound(_("There is no endpoint at this address."))
