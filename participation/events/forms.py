"""Organiser form input of events, parsed and checked (no database access): the event form,
its texts per language, and the repeat form. (The sign-up form is in signup_forms.py.)

Each `parse_*` returns (data or None, errors, values): `errors` maps the id of the field to
its message (for the error summary), `values` is what the page shows again. Dates and times
are typed as in Germany ("24.03.2027", "14:30") and mean local time in the district; they are
stored as UTC instants.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask_babel import gettext as _

from participation.builder.forms import text_problem  # the same rules as questionnaire texts
from participation.clock import LOCAL_ZONE, as_utc
from participation.events.models import FORMAT_TRAINING, FORMAT_WALK, FORMATS, Event
from participation.events.signup_forms import PHONE_RE

TITLE_MAX, DESCRIPTION_MAX, MEETING_POINT_MAX = 300, 5000, 1000
URL_MAX, CONTACT_MAX, PHONE_MAX = 500, 200, 50
CAPACITY_MAX = 500
MAX_REPEATS = 12
ACCESSIBILITY = ("step_free", "accessible_toilet", "seating", "hearing_loop")
YES, NO, UNKNOWN = "ja", "nein", "unbekannt"
PACES = ("slow", "moderate")
REPEAT_WEEKLY, REPEAT_FORTNIGHTLY, REPEAT_MONTHLY = "weekly", "fortnightly", "monthly"
REPEAT_RULES = (REPEAT_WEEKLY, REPEAT_FORTNIGHTLY, REPEAT_MONTHLY)
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")
TIME_RE = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")
MAP_URL_RE = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
DECIMAL_RE = re.compile(r"[0-9]{1,3}([,.][0-9]{1,2})?")


@dataclass
class EventInput:
    format: str
    quartier_ids: list[int]
    title: str
    description: str
    starts_at: datetime  # UTC
    ends_at: datetime
    meeting_point: str
    map_url: str | None
    accessibility: dict  # step_free, … → True | False | None (not known)
    walk_distance_km: float | None
    walk_pace: str | None
    walk_rest_stops: bool | None
    capacity: int
    held_back: int
    waiting_list: bool
    signup_deadline: datetime | None
    contact_name: str
    contact_phone: str


@dataclass
class RepeatInput:
    rule: str
    count: int
    publish: bool


def clean(text) -> str:
    text = text if isinstance(text, str) else ""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def one_line(text) -> str:
    return " ".join(text.split()) if isinstance(text, str) else ""


def parse_day(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            day = datetime.strptime(text.replace(" ", ""), pattern).date()
        except ValueError:
            continue
        return day if 2000 <= day.year <= 2100 else None
    return None


def parse_time(text: str) -> time | None:
    found = TIME_RE.fullmatch(text.replace(" ", ""))
    return time(int(found.group(1)), int(found.group(2))) if found else None


def utc_of(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=LOCAL_ZONE).astimezone(UTC)


def local_day(moment: datetime | None) -> str:
    return as_utc(moment).astimezone(LOCAL_ZONE).strftime("%d.%m.%Y") if moment else ""


def local_time(moment: datetime | None) -> str:
    return as_utc(moment).astimezone(LOCAL_ZONE).strftime("%H:%M") if moment else ""


def _tristate(value: bool | None) -> str:
    return UNKNOWN if value is None else (YES if value else NO)


def _from_tristate(value: str) -> bool | None:
    return {YES: True, NO: False}.get(value)


# --- the event --------------------------------------------------------------------------------


def event_values(event: Event | None, german=None, quartier_ids=()) -> dict:
    """What the form shows for a stored event (None: the defaults of a new one)."""
    if event is None:
        values = {name: UNKNOWN for name in ACCESSIBILITY}
        values.update(format="", quartiere=[], title="", description="", day="", starts="",
                      ends="", meeting_point="", map_url="", walk_distance="", walk_pace="",
                      walk_rest_stops=UNKNOWN, capacity="20", held_back="0", waiting_list=YES,
                      deadline_day="", deadline_time="", contact_name="", contact_phone="")
        return values
    distance = event.walk_distance_km
    values = {name: _tristate(getattr(event, name)) for name in ACCESSIBILITY}
    values.update(
        format=event.format, quartiere=[str(i) for i in quartier_ids],
        title=german.title if german else "", description=german.description if german else "",
        day=local_day(event.starts_at), starts=local_time(event.starts_at),
        ends=local_time(event.ends_at), meeting_point=event.meeting_point or "",
        map_url=event.map_url or "",
        walk_distance=(f"{distance:g}".replace(".", ",") if distance is not None else ""),
        walk_pace=event.walk_pace or "", walk_rest_stops=_tristate(event.walk_rest_stops),
        capacity=str(event.capacity), held_back=str(event.held_back),
        waiting_list=YES if event.waiting_list else NO,
        deadline_day=local_day(event.signup_deadline),
        deadline_time=local_time(event.signup_deadline),
        contact_name=event.contact_name or "", contact_phone=event.contact_phone or "")
    return values


def _whole_number(values: dict, errors: dict, name: str, low: int, high: int,
                  message: str) -> int | None:
    text = values[name]
    number = int(text) if text.isascii() and text.isdigit() and len(text) < 6 else None
    if number is None or not low <= number <= high:
        errors[name] = message
        return None
    return number


def parse_event(form, formats: tuple[str, ...], quartier_choices: list[dict],
                now: datetime, original_start: datetime | None = None):
    """`formats`: the formats this organiser may choose for this event (training only for
    district admins). A start in the past is refused unless it is the one already stored."""
    values = {name: one_line(form.get(name)) for name in (
        "format", "title", "day", "starts", "ends", "map_url", "walk_distance", "walk_pace",
        "capacity", "held_back", "deadline_day", "deadline_time", "contact_name",
        "contact_phone", "walk_rest_stops", "waiting_list", *ACCESSIBILITY)}
    values["description"] = clean(form.get("description"))
    values["meeting_point"] = clean(form.get("meeting_point"))
    allowed = {c["value"] for c in quartier_choices}
    values["quartiere"] = [v for v in form.getlist("quartiere") if v in allowed]
    if len(formats) == 1:
        values["format"] = formats[0]
    errors: dict[str, str] = {}
    if values["format"] not in formats:
        errors["format-1"] = _("Bitte wählen Sie die Art der Veranstaltung aus.")
    for name, limit, missing in (
            ("title", TITLE_MAX, _("Bitte geben Sie einen Titel ein.")),
            ("description", DESCRIPTION_MAX,
             _("Bitte beschreiben Sie kurz, was bei der Veranstaltung geschieht.")),
            ("meeting_point", MEETING_POINT_MAX,
             _("Bitte geben Sie den Treffpunkt oder die Adresse an.")),
            ("contact_name", CONTACT_MAX, None)):
        problem = text_problem(values[name], limit, missing)
        if problem:
            errors[name] = problem
    starts_at, ends_at = _start_and_end(values, errors, now, original_start)
    map_url = values["map_url"] or None
    if map_url and (len(map_url) > URL_MAX or not MAP_URL_RE.fullmatch(map_url)):
        errors["map_url"] = _("Bitte geben Sie einen vollständigen Link an, der mit "
                              "„https://“ beginnt, oder lassen Sie das Feld leer.")
    for name in (*ACCESSIBILITY, "walk_rest_stops"):
        if values[name] not in (YES, NO, UNKNOWN):
            values[name] = UNKNOWN
    walk = _walk(values, errors) if values["format"] == FORMAT_WALK else (None, None, None)
    capacity = _whole_number(values, errors, "capacity", 1, CAPACITY_MAX, _(
        "Bitte geben Sie die Zahl der Plätze an, von 1 bis %(n)d.", n=CAPACITY_MAX))
    held_back = _whole_number(values, errors, "held_back", 0, capacity or CAPACITY_MAX, _(
        "Bitte geben Sie eine Zahl von 0 bis zur Zahl der Plätze an."))
    deadline = _deadline(values, errors, starts_at)
    phone = values["contact_phone"]
    if phone and (len(phone) > PHONE_MAX or not PHONE_RE.fullmatch(phone)):
        errors["contact_phone"] = _("Bitte geben Sie die Telefonnummer nur mit Ziffern an, "
                                    "zum Beispiel 0711 123456.")
    if errors:
        return None, errors, values
    return EventInput(
        format=values["format"], quartier_ids=[int(v) for v in values["quartiere"]],
        title=values["title"], description=values["description"], starts_at=starts_at,
        ends_at=ends_at, meeting_point=values["meeting_point"], map_url=map_url,
        accessibility={name: _from_tristate(values[name]) for name in ACCESSIBILITY},
        walk_distance_km=walk[0], walk_pace=walk[1], walk_rest_stops=walk[2],
        capacity=capacity, held_back=held_back, waiting_list=values["waiting_list"] != NO,
        signup_deadline=deadline, contact_name=values["contact_name"], contact_phone=phone,
    ), errors, values


def _start_and_end(values, errors, now, original_start):
    day = parse_day(values["day"]) if values["day"] else None
    if day is None:
        errors["day"] = _("Bitte geben Sie das Datum wie 24.03.2027 ein.")
    starts, ends = parse_time(values["starts"]), parse_time(values["ends"])
    if starts is None:
        errors["starts"] = _("Bitte geben Sie die Uhrzeit wie 14:30 ein.")
    if ends is None:
        errors["ends"] = _("Bitte geben Sie die Uhrzeit wie 16:00 ein.")
    if day is None or starts is None or ends is None:
        return None, None
    if ends <= starts:
        errors["ends"] = _("Das Ende muss nach dem Beginn liegen.")
        return None, None
    starts_at, ends_at = utc_of(day, starts), utc_of(day, ends)
    if starts_at <= now and starts_at != original_start:
        errors["day"] = _("Der Beginn liegt in der Vergangenheit. Bitte prüfen Sie das Datum.")
    return starts_at, ends_at


def _walk(values, errors) -> tuple[float | None, str | None, bool | None]:
    distance = None
    text = values["walk_distance"]
    if text:
        if DECIMAL_RE.fullmatch(text) and 0 < float(text.replace(",", ".")) <= 50:
            distance = float(text.replace(",", "."))
        else:
            errors["walk_distance"] = _("Bitte geben Sie die Strecke in Kilometern an, zum "
                                        "Beispiel 2,5.")
    pace = values["walk_pace"] if values["walk_pace"] in PACES else None
    return distance, pace, _from_tristate(values["walk_rest_stops"])


def _deadline(values, errors, starts_at) -> datetime | None:
    if not values["deadline_day"] and not values["deadline_time"]:
        return None
    day = parse_day(values["deadline_day"]) if values["deadline_day"] else None
    if day is None:
        errors["deadline_day"] = _("Bitte geben Sie das Datum wie 20.03.2027 ein.")
        return None
    moment = parse_time(values["deadline_time"]) if values["deadline_time"] else time(23, 59)
    if moment is None:
        errors["deadline_time"] = _("Bitte geben Sie die Uhrzeit wie 12:00 ein, oder lassen "
                                    "Sie das Feld leer.")
        return None
    deadline = utc_of(day, moment)
    if starts_at is not None and deadline > starts_at:
        errors["deadline_day"] = _("Der Anmeldeschluss muss vor dem Beginn liegen.")
        return None
    return deadline


def formats_for(district_event: bool) -> tuple[str, ...]:
    """Staff training is the district's own: only district admins plan it, as an event of
    the district; events of a municipality are every other format."""
    if district_event:
        return (FORMAT_TRAINING,)
    return tuple(f for f in FORMATS if f != FORMAT_TRAINING)


# --- texts per language -----------------------------------------------------------------------


def parse_text(form, title_required: bool):
    """Title and description in one language; both empty removes the language (None, None)
    unless it is German."""
    values = {"title": one_line(form.get("title")), "description": clean(form.get("description"))}
    errors = {}
    needs_title = title_required or bool(values["description"])
    problem = text_problem(values["title"], TITLE_MAX,
                           _("Bitte geben Sie einen Titel ein.") if needs_title else None)
    if problem:
        errors["title"] = problem
    problem = text_problem(values["description"], DESCRIPTION_MAX)
    if problem:
        errors["description"] = problem
    if errors:
        return None, errors, values
    return (values["title"] or None, values["description"]), errors, values


# --- repeat -----------------------------------------------------------------------------------


def parse_repeat(form):
    values = {"rule": one_line(form.get("rule")), "count": one_line(form.get("count")),
              "status": one_line(form.get("status")) or "draft"}
    errors = {}
    if values["rule"] not in REPEAT_RULES:
        errors["rule-1"] = _("Bitte wählen Sie aus, wie oft die Veranstaltung stattfindet.")
    count = _whole_number(values, errors, "count", 1, MAX_REPEATS, _(
        "Bitte geben Sie eine Zahl von 1 bis %(n)d an.", n=MAX_REPEATS))
    if values["status"] not in ("draft", "published"):
        values["status"] = "draft"
    if errors:
        return None, errors, values
    return RepeatInput(values["rule"], count, values["status"] == "published"), errors, values
