"""Calendar files (.ics, RFC 5545) of an event, built with the icalendar library."""

from datetime import UTC, datetime

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from participation.events.content import EventView

PRODUCT_ID = "-//Landkreis Esslingen//Quartiersforscher//DE"


def event_calendar(view: EventView, url: str, domain: str, cancelled: bool = False,
                   stamp: datetime | None = None) -> bytes:
    """One VEVENT in the view's language; its UID stays the same for the event, so a
    calendar updates the entry (and a cancelled event's file removes it). Times in UTC:
    every calendar shows them in its own zone, no VTIMEZONE needed."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"event-{view.id}@{domain}")
    entry.add("dtstamp", (stamp or datetime.now(UTC)).astimezone(UTC))
    entry.add("dtstart", view.starts_at.astimezone(UTC))
    entry.add("dtend", view.ends_at.astimezone(UTC))
    entry.add("summary", str(view.title))
    contact = " ".join(part for part in (view.contact_name, view.contact_phone) if part)
    description = "\n\n".join(part for part in (str(view.description), contact, url) if part)
    entry.add("description", description)
    if view.meeting_point:
        entry.add("location", view.meeting_point)
    entry.add("url", url)
    # raised with every change (and cancelling raises the version too): the newer file wins
    entry.add("sequence", view.version)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical()
