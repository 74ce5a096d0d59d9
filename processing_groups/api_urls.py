"""/api/v1/groups/… (API.md)."""

app_name = "groups"

urlpatterns: list = []
