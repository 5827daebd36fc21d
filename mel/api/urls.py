from mel.api.views import urlpatterns

__all__ = ["urlpatterns"]
