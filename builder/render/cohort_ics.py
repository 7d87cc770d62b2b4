"""A cohort's ``calendar.ics``: one event per session and per interview slot (RFC 5545, ``icalendar``).

UIDs come from the cohort and session ids (``<cohort>.<session>@stagecraft``), so
importing a new export updates events instead of duplicating them. Calendar
clients only accept an update whose ``SEQUENCE`` is higher, so the sequence is
derived from the previous build's ``calendar.ics``: an event whose start, end,
place or title changed gets the previous sequence plus one; an unchanged event
keeps its sequence and its ``DTSTAMP`` (so an unchanged cohort gives the same
bytes). The cohort's ``revision`` is the lowest sequence, for when the previous
build is gone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar

from builder.model.cohort_plan import CohortPlan
from builder.model.programme import Programme

PRODID = "-//Stagecraft//Cohort calendar//FR"
DOMAIN = "stagecraft"


@dataclass(frozen=True)
class PreviousEvent:
    """What the previous export said about one event."""

    sequence: int
    stamp: dt.datetime
    fingerprint: tuple[str, ...]


def read_previous(data: bytes | None) -> dict[str, PreviousEvent]:
    """Events of a previous ``calendar.ics`` by UID; an unreadable file counts as none."""
    if not data:
        return {}
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError:
        return {}
    found: dict[str, PreviousEvent] = {}
    for event in calendar.walk("VEVENT"):
        if not isinstance(event, icalendar.Event):
            continue
        try:
            found[str(event["UID"])] = PreviousEvent(
                int(event.get("SEQUENCE", 0)), event.decoded("DTSTAMP"), _fingerprint(event)
            )
        except (KeyError, ValueError):
            continue
    return found


def _fingerprint(event: icalendar.Event) -> tuple[str, ...]:
    """The fields whose change is significant (RFC 5545 §3.8.7.4): start, end, place, title."""
    return fingerprint(event.decoded("DTSTART"), event.decoded("DTEND"), str(event.get("LOCATION", "")),
                       str(event.get("SUMMARY", "")))


def fingerprint(start: dt.datetime, end: dt.datetime, where: str, summary: str) -> tuple[str, ...]:
    """Start and end as UTC instants (a time-zone rename is no change), place and title."""
    utc = dt.timezone.utc
    return (start.astimezone(utc).isoformat(), end.astimezone(utc).isoformat(), where, summary)


def uid(cohort_id: str, item: str) -> str:
    """The stable UID of one event of a cohort."""
    return f"{cohort_id}.{item}@{DOMAIN}"


def calendar_ics(
    dated: CohortPlan,
    programme: Programme,
    *,
    interview_titles: dict[str, str],
    day_label: str,
    previous: bytes | None,
    now: dt.datetime,
) -> bytes:
    """The cohort's calendar as bytes. ``now`` (UTC) stamps new or changed events."""
    cohort = dated.cohort
    before = read_previous(previous)
    venue = cohort.venue
    location = ", ".join([venue.name, *venue.address])
    ranks = {day: rank for rank, day in enumerate(sorted(dated.dates), start=1)}
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        name=f"{programme.title} — {cohort.title or cohort.id}",
        language=programme.language,
        uid=uid(cohort.id, "calendar"),
    )
    events: list[tuple[str, str, dt.datetime, dt.datetime, str, str]] = []
    for item in dated.sessions:
        timed = item.timed
        description = "\n".join(
            [f"{day_label} {ranks[timed.day]}", timed.session.summary, *timed.session.objectives]
        ).strip()
        events.append((timed.session.id, timed.session.title, item.start, item.end, location, description))
    per_type: dict[str, int] = {}
    for interview in dated.interviews:
        slot = interview.slot
        kind = slot.type.value
        per_type[kind] = per_type.get(kind, 0) + 1  # interview-review-1: the first review slot
        events.append((f"interview-{kind}-{per_type[kind]}", interview_titles[kind], interview.start,
                       interview.end, slot.place or location, ""))
    for item_id, summary, start, end, where, description in events:
        event_uid = uid(cohort.id, item_id)
        old = before.get(event_uid)
        sequence, stamp = cohort.revision, now
        if old is not None:
            changed = old.fingerprint != fingerprint(start, end, where, summary)
            sequence = max(cohort.revision, old.sequence + (1 if changed else 0))
            stamp = now if changed else old.stamp
        calendar.add_component(icalendar.Event.new(
            uid=event_uid, summary=summary, start=start, end=end, location=where,
            description=description or None, sequence=sequence, stamp=stamp.astimezone(dt.timezone.utc),
        ))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
