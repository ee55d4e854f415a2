"""Booking: care units from a region file, free times, appointments, reminders and FHIR export.

The conversation calls the functions re-exported here; each runs in its own transaction and returns
plain dataclasses (``SlotView``, ``AppointmentView``) that stay valid after the session closes.
"""

from services.booking.errors import (
    AppointmentCancelled,
    AppointmentInPast,
    BookingError,
    NotBookable,
    NotFound,
    NotOwner,
    OverlappingAppointment,
    RegionFileError,
    SlotInPast,
    SlotTaken,
    TimeInPast,
)
from services.booking.fhir import appointment_to_fhir, slot_to_fhir
from services.booking.region import DEMO_REGION_FILE, load_region
from services.booking.reminders import send_due_reminders
from services.booking.service import (
    book_appointment,
    cancel_appointment,
    find_appointment,
    find_free_slots,
    get_appointment,
    get_slot,
    get_unit,
    list_appointments,
    list_municipalities,
    list_units,
    list_visit_kinds,
    move_appointment,
    nearest_emergency_units,
)
from services.booking.timeparse import TimeWindow, parse_when
from services.booking.views import AppointmentView, SlotView, UnitView, VisitKindView

__all__ = [
    "DEMO_REGION_FILE",
    "AppointmentCancelled",
    "AppointmentInPast",
    "AppointmentView",
    "BookingError",
    "NotBookable",
    "NotFound",
    "NotOwner",
    "OverlappingAppointment",
    "RegionFileError",
    "SlotInPast",
    "SlotTaken",
    "SlotView",
    "TimeInPast",
    "TimeWindow",
    "UnitView",
    "VisitKindView",
    "appointment_to_fhir",
    "book_appointment",
    "cancel_appointment",
    "find_free_slots",
    "find_appointment",
    "get_appointment",
    "get_slot",
    "get_unit",
    "list_appointments",
    "list_municipalities",
    "list_units",
    "list_visit_kinds",
    "load_region",
    "move_appointment",
    "nearest_emergency_units",
    "parse_when",
    "send_due_reminders",
    "slot_to_fhir",
]
