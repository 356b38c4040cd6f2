"""URL map of the registrations API: under /api/v1/events/{id}/ for an event's registrations,
and /api/v1/registrations/{id}/ for one registration (see docs/api.md, "Registrations")."""

from django.urls import path

from registrations import api

event_urlpatterns = [
    path("<id:pk>/registration/", api.RegistrationApi.as_view(), name="event-registration"),
    path(
        "<id:pk>/registration/guest/",
        api.GuestRegistrationApi.as_view(),
        name="event-registration-guest",
    ),
    path(
        "<id:pk>/registration/settings/",
        api.RegistrationSettingsApi.as_view(),
        name="event-registration-settings",
    ),
    path("<id:pk>/registrations/", api.RegistrationListApi.as_view(), name="event-registrations"),
]

urlpatterns = [
    path("<id:pk>/attendance/", api.AttendanceApi.as_view(), name="registration-attendance"),
]
