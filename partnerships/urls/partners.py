from django.urls import path

from partnerships.views import partners as views

urlpatterns = [
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("partners/new/", views.PartnerCreateView.as_view(), name="partner-create"),
    path(
        "partners/<uuid:partner_uuid>/edit/", views.PartnerEditView.as_view(), name="partner-edit"
    ),
    path("partners/<uuid:partner_uuid>/end/", views.PartnerEndView.as_view(), name="partner-end"),
    path(
        "partners/<uuid:partner_uuid>/delete/",
        views.PartnerDeleteView.as_view(),
        name="partner-delete",
    ),
    path(
        "partners/<uuid:partner_uuid>/contacts/",
        views.PartnerContactAddView.as_view(),
        name="partner-contact-add",
    ),
    path(
        "partners/contacts/<uuid:contact_uuid>/delete/",
        views.PartnerContactDeleteView.as_view(),
        name="partner-contact-delete",
    ),
]
