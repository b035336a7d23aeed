"""The DPD works at the académie's level: no page under a school (see ``territory_urls``)."""

app_name = "dpd_school"

urlpatterns: list = []
