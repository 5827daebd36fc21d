from django.urls import path

from hub.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("bell/", views.NotificationBellView.as_view(), name="bell"),
    path("read-all/", views.NotificationMarkAllReadView.as_view(), name="mark-all-read"),
    path("<uuid:uuid>/read/", views.NotificationMarkReadView.as_view(), name="mark-read"),
    path("preferences/", views.NotificationPreferencesView.as_view(), name="preferences"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
