"""Reminder SMS the day before a visit, sent exactly once.

Each reminder row is claimed with a conditional UPDATE, so concurrent workers never both take it. With
the outbox (a transactional sender) the claim, the message and "sent" commit together: a crash at any
point leaves the reminder either untouched or fully sent. With a remote provider the claim commits
before the HTTP call; a worker that dies between the provider accepting and the "sent" update leaves
the row in ``sending``, and it is retried after ``lease`` (a duplicate is possible only in that window,
which no SMS API without idempotency keys can avoid).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from services.booking.models import Appointment, CareUnit, Reminder, VisitKind
from services.booking.timeutil import local_datetime, to_local, utcnow
from services.identity.service import mobile_number_of
from services.notifications import SmsError, SmsSender, get_sms_sender
from services.store.db import session_scope

log = logging.getLogger(__name__)

REMIND_AT = time(18, 0)  # local time, the day before the visit
MAX_ATTEMPTS = 3
DEFAULT_LEASE = timedelta(minutes=10)

_WEEKDAYS = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
_TEMPLATES = {
    "sv": (
        "Påminnelse: du har en tid hos {kind} {when} på {unit}, {address}. "
        "Bokningsnummer {reference}. Kan du inte komma? Avboka så att någon annan kan få tiden."
    ),
    "en": (
        "Reminder: you have an appointment with a {kind} {when} at {unit}, {address}. "
        "Booking number {reference}. If you cannot come, please cancel so someone else can have the time."
    ),
}


@dataclass(frozen=True)
class ReminderRun:
    sent: int = 0
    skipped: int = 0
    failed: int = 0


def reminder_due_at(start_at: datetime) -> datetime:
    """18:00 Stockholm time the day before the visit."""
    day_before = to_local(start_at).date() - timedelta(days=1)
    return local_datetime(day_before, REMIND_AT)


def schedule_reminder(session: Session, appt: Appointment, *, now: datetime) -> None:
    """Create or reschedule the appointment's reminder (called when booking and moving)."""
    due = reminder_due_at(appt.start_at)
    status = "pending" if due > now else "skipped"  # booked after 18:00 the day before: no reminder
    reminder = session.execute(
        select(Reminder).where(Reminder.appointment_id == appt.id)
    ).scalar_one_or_none()
    if reminder is None:
        session.add(Reminder(appointment_id=appt.id, due_at=due, status=status, attempts=0))
    else:
        reminder.due_at, reminder.status, reminder.attempts = due, status, 0
        reminder.claimed_by = reminder.claimed_at = reminder.sent_at = None
    session.flush()


def cancel_reminder(session: Session, appointment_id: int) -> None:
    session.execute(
        update(Reminder)
        .where(Reminder.appointment_id == appointment_id, Reminder.status.in_(("pending", "sending")))
        .values(status="cancelled")
    )


def reminder_text(appt: Appointment, unit: CareUnit, kind: VisitKind) -> str:
    lang = appt.language if appt.language in _TEMPLATES else "sv"
    local = to_local(appt.start_at)
    weekday, month = _WEEKDAYS[lang][local.weekday()], _MONTHS[lang][local.month - 1]
    if lang == "sv":
        when = f"{weekday} {local.day} {month} kl. {local:%H.%M}"
        kind_name = kind.name_sv.lower()
    else:
        when = f"on {weekday} {local.day} {month} at {local:%H:%M}"
        kind_name = kind.name_en.lower()
    return _TEMPLATES[lang].format(
        kind=kind_name, when=when, unit=unit.name, address=unit.address, reference=appt.reference
    )


def send_due_reminders(
    now: datetime | None = None,
    *,
    sender: SmsSender | None = None,
    lease: timedelta = DEFAULT_LEASE,
    batch: int = 200,
) -> ReminderRun:
    """Send every reminder that is due. Safe to run from several workers at once, and after a crash."""
    now = now or utcnow()
    sender = sender or get_sms_sender()
    claimable = or_(
        and_(Reminder.status == "pending", Reminder.due_at <= now),
        and_(Reminder.status == "sending", Reminder.claimed_at < now - lease),
    )
    with session_scope() as session:
        ids = list(
            session.execute(
                select(Reminder.id).where(claimable).order_by(Reminder.due_at).limit(batch)
            ).scalars()
        )
    sent = skipped = failed = 0
    for reminder_id in ids:
        outcome = _send_one(reminder_id, claimable, sender, now)
        sent += outcome == "sent"
        skipped += outcome in ("skipped", "cancelled")
        failed += outcome in ("failed", "retry")
    if ids:
        log.info("reminders run sent=%d skipped=%d failed=%d", sent, skipped, failed)
    return ReminderRun(sent=sent, skipped=skipped, failed=failed)


def _send_one(reminder_id: int, claimable, sender: SmsSender, now: datetime) -> str:  # type: ignore[no-untyped-def]
    token = secrets.token_hex(8)
    with session_scope() as session:
        claimed = session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, claimable)
            .values(status="sending", claimed_by=token, claimed_at=now, attempts=Reminder.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            return "taken"  # another worker has it
        reminder = session.get(Reminder, reminder_id)
        appt = session.get(Appointment, reminder.appointment_id)
        if appt is None or appt.status != "booked" or appt.start_at <= now:
            reminder.status = "cancelled"
            return "cancelled"
        number = mobile_number_of(appt.person_id, session=session)
        if number is None:
            reminder.status = "skipped"
            return "skipped"
        body = reminder_text(
            appt, session.get(CareUnit, appt.unit_id), session.get(VisitKind, appt.visit_kind)
        )
        if sender.transactional:
            result = sender.send(number, body, session=session)
            reminder.status, reminder.sent_at, reminder.provider_reference = "sent", now, result.reference
            return "sent"
        attempts = reminder.attempts
    try:
        result = sender.send(number, body)
    except SmsError as error:
        outcome = "failed" if attempts >= MAX_ATTEMPTS else "retry"
        log.warning("reminder %s not sent (%s): %s", reminder_id, outcome, error)
        with session_scope() as session:
            session.execute(
                update(Reminder)
                .where(Reminder.id == reminder_id, Reminder.claimed_by == token)
                .values(status="failed" if outcome == "failed" else "pending")
            )
        return outcome
    with session_scope() as session:
        session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.claimed_by == token)
            .values(status="sent", sent_at=now, provider_reference=result.reference[:64])
        )
    return "sent"
