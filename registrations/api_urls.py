"""URL map of the registrations API: under /api/v1/events/{id}/ for an event's registrations,
and /api/v1/registrations/{id}/ for one registration (see docs/api.md, "Registrations")."""

from django.urls import path

from registrations import api

event_urlpatterns = [
    path("<int:pk>/registration/", api.RegistrationApi.as_view(), name="event-registration"),
    path(
        "<int:pk>/registration/guest/",
        api.GuestRegistrationApi.as_view(),
        name="event-registration-guest",
    ),
    path(
        "<int:pk>/registration/settings/",
        api.RegistrationSettingsApi.as_view(),
        name="event-registration-settings",
    ),
    path("<int:pk>/registrations/", api.RegistrationListApi.as_view(), name="event-registrations"),
]

urlpatterns = [
    path("<int:pk>/attendance/", api.AttendanceApi.as_view(), name="registration-attendance"),
]
