"""The cohort model: one run of a programme on real dates, in a real place.

A cohort file (``curricula/cohorts/<cohort-id>.yaml``) says when and where a
programme is delivered, under which legal route(s), by which staff roles. It
holds **no personal data**: no participant, no name, no contact of a person.
Plain frozen pydantic models with no file or template I/O; field descriptions
feed the generated YAML reference and are written for organisers.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Any, Literal

from pydantic import Field

from builder.model.duration import Clock
from builder.model.programme import Ident, InterviewType, Strict, Text, TextList


class Pattern(str, enum.Enum):
    """How programme days become dates when the cohort gives only a ``start`` date."""

    PROGRAMME = "programme"
    CONSECUTIVE = "consecutive"
    WEEKLY = "weekly"


class Venue(Strict):
    """Where the sessions take place: a place, never a person."""

    name: Text = Field(description="Name of the place, e.g. 'Maison de la justice et du droit'.")
    address: TextList = Field(description="Postal address, one line per item.")
    room: str = Field("", description="Room or floor inside the building.")
    access: str = Field("", description="How to get there (public transport, parking).")
    accessibility: str = Field("", description="Step-free access, lift, hearing loop: what the place offers.")


class Contact(Strict):
    """The organisation's own contact, printed on convocations. Never a private person's details."""

    organisation: Text = Field(description="The organisation that runs the cohort.")
    address: TextList = Field((), description="Its postal address, one line per item.")
    phone: str = Field("", description="The organisation's switchboard or service number.")
    email: str = Field("", description="The organisation's service mailbox (not a person's).")
    approval: str = Field("", description="Approval number (road-safety operators), printed on the forms.")
    accessibility: Text = Field(
        description="Who to contact to arrange adjustments for a disability, e.g. 'Accueil du service, "
        "03 87 00 00 00'. A service, never a private person."
    )


class StaffRole(Strict):
    """A role on the cohort's team. Roles only: staff names stay out of the file."""

    role: Text = Field(description="The role, e.g. 'Psychologue'.")
    count: int = Field(1, ge=1, description="How many people hold this role for the cohort.")


class Closure(Strict):
    """Days the venue is closed: one date, or ``from``/``to`` (inclusive)."""

    since: dt.date = Field(alias="from", description="First closed day.")
    until: dt.date | None = Field(None, alias="to", description="Last closed day (default: the same day).")
    reason: str = Field("", description="Why, e.g. 'Fermeture annuelle'.")

    model_config = Strict.model_config | {"populate_by_name": True}

    @property
    def last(self) -> dt.date:
        """The last closed day."""
        return self.until or self.since

    def covers(self, day: dt.date) -> bool:
        """True when the venue is closed on ``day``."""
        return self.since <= day <= self.last


class InterviewSlot(Strict):
    """When the individual interviews of one type are held for this cohort (a day and clock span)."""

    type: InterviewType
    date: dt.date
    start: Clock = Field(description="Clock time the first interview starts, e.g. '14:00'.")
    end: Clock = Field(description="Clock time the last interview ends.")
    place: str = Field("", description="Where, when not at the cohort's venue.")


class Cohort(Strict):
    """A programme delivered on real dates. No personal data: never participants, names or contacts of people."""

    id: Ident = Field(description="Matches the file name without '.yaml'.")
    programme: Ident = Field(description="The id of a programme in curricula/programmes/.")
    title: str = Field("", description="A short label for the cohort, e.g. 'Metz, décembre 2028'.")
    routes: tuple[Ident, ...] = Field(
        min_length=1, description="The legal route(s) of this cohort: ids among the programme's routes."
    )
    dates: tuple[dt.date, ...] = Field(
        (), description="The date of each programme day, in order (one date per distinct day number)."
    )
    start: dt.date | None = Field(None, description="The first day, when ``dates`` is not given.")
    pattern: Pattern = Field(
        Pattern.PROGRAMME,
        description="With ``start``: 'programme' (day N is N-1 days after the start), 'consecutive' (one "
        "programme day per calendar day) or 'weekly' (one programme day per week, same weekday).",
    )
    start_time: Clock | None = Field(None, description="Clock time of each day's first session, e.g. '08:30'.")
    timezone: Text = Field("Europe/Paris", description="IANA time zone of the venue, e.g. 'Europe/Paris'.")
    country: str = Field("FR", description="Country of the venue (ISO code, e.g. 'FR', 'CZ'), for public holidays.")
    holiday_region: str = Field(
        "",
        description="Region for public holidays (a subdivision of the country in the `holidays` package): for "
        "France '57' Moselle, '6AE' Alsace, '971'…'976' overseas; empty for the national list.",
    )
    school_zone: Literal["", "A", "B", "C"] = Field(
        "", description="School-holiday zone, 'A', 'B' or 'C' (needed for a minors' route)."
    )
    venue: Venue
    contact: Contact
    staff: tuple[StaffRole, ...] = Field(min_length=1, description="The team's roles (never names).")
    interviews: tuple[InterviewSlot, ...] = Field((), description="When the individual interviews are held.")
    closures: tuple[Closure, ...] = Field((), description="Days the venue is closed.")
    payment: str = Field("", description="How to pay the fee (payee, means); not printed where the fee is 0.")
    bring: TextList = Field((), description="What participants bring (identity document, the decision…).")
    publish: bool = Field(False, description="List this cohort on the documentation site (default: no).")
    revision: int = Field(
        0, ge=0, description="Lowest SEQUENCE of the calendar's events; raise it after moving dates if the "
        "previous build/ folder is gone."
    )


PERSONAL_KEYS = re.compile(
    r"^(participants?|trainees?|stagiaires?|persons?|personnes?|people|names?|noms?|first_?names?|last_?names?|"
    r"prenoms?|prénoms?|surnames?|birth.*|date_of_birth|dob|naissance|date_de_naissance|phones?_?numbers?|"
    r"mobiles?|telephones?|téléphones?|emails?_?addresses|home_?address|adresse_personnelle|case_?numbers?|"
    r"dossiers?|nir|social_?security.*|convicted|condamnes?|condamnés?|minors?_?names?|parents?)$",
    re.IGNORECASE,
)
"""Keys that would hold personal data; refused anywhere in a cohort file with a dedicated message."""

ALLOWED_KEYS = {("venue", "name")}
"""Model keys the pattern would catch that name a place, not a person."""


def personal_keys(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Paths of mapping keys in ``data`` that look like participant data (see :data:`PERSONAL_KEYS`)."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if isinstance(key, str) and PERSONAL_KEYS.match(key) and here not in ALLOWED_KEYS:
                found.append(here)
            else:
                found.extend(personal_keys(value, here))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(personal_keys(value, (*path, index)))
    return found
