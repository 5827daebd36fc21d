"""Partnership pages that are not inside one partnership, mounted at /partnerships/
(namespace "partnerships-public"): the directory, proposing a partnership."""

app_name = "partnerships-public"

urlpatterns: list = []
