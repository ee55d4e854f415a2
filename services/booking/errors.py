"""Booking errors. Each has a ``kind`` that the conversation maps to a message."""

from __future__ import annotations


class BookingError(Exception):
    kind = "booking_error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.kind)


class NotFound(BookingError):
    kind = "not_found"


class NotOwner(BookingError):
    """The appointment belongs to someone else. Say "not found" to the person; do not reveal it exists."""

    kind = "not_owner"


class SlotTaken(BookingError):
    kind = "slot_taken"


class SlotInPast(BookingError):
    kind = "slot_in_past"


class NotBookable(BookingError):
    """The unit takes no bookings (an emergency department) or does not offer this kind of visit."""

    kind = "not_bookable"


class AppointmentInPast(BookingError):
    kind = "appointment_in_past"


class AppointmentCancelled(BookingError):
    kind = "appointment_cancelled"


class OverlappingAppointment(BookingError):
    kind = "overlapping_appointment"


class TimeInPast(BookingError):
    """``parse_when`` understood a time, but it has already passed."""

    kind = "time_in_past"


class RegionFileError(BookingError):
    kind = "region_file"
