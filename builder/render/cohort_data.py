"""What each cohort document shows, as JSON-ready data for its typst template.

One function per document (run sheet, attendance sheets, attestation,
convocation); all of them read the same dated plan, so every document shows the
same dates and clock times. Values are formatted here, in the programme's
language; templates only lay them out. No participant data exists anywhere:
participant fields are blank lines on paper.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date

from builder.load.cohort import LoadedCohort
from builder.model.cohort_plan import CohortPlan, DatedSession
from builder.model.duration import format_clock
from builder.model.framework import Framework, Route, Rules
from builder.model.programme import InterviewType, Method, Programme
from builder.render import fmt
from builder.render.context import Labels

LOCALES = fmt.LOCALES
COLUMNS_PER_SHEET = 6
"""Half-day columns on one landscape attendance sheet (a 15-session programme gets three sheets)."""


def long_date(day: dt.date, language: str) -> str:
    """``mardi 26 décembre 2028`` / ``Tuesday 26 December 2028`` / ``სამშაბათი, 26 დეკემბერი, 2028``."""
    pattern = "EEEE, d MMMM, y" if language == "ka" else "EEEE d MMMM y"
    text: str = format_date(day, pattern, locale=fmt.locale(language))
    return text.replace(" ", "\u00a0", 1)


def short_date(day: dt.date, language: str) -> str:
    """``mar. 26/12/2028`` / ``Tue 26/12/2028``: for narrow columns."""
    text: str = format_date(day, "EEE dd/MM/y", locale=fmt.locale(language))
    return text


def span(start: int, end: int) -> str:
    """``09:00–12:00``."""
    return f"{format_clock(start)}\u2013{format_clock(end)}"


def money(amount: float, language: str) -> str:
    """``230 €`` (fr, ka) or ``€230`` (en); two decimals only when needed (:func:`builder.render.fmt.money`)."""
    return fmt.money(amount, language)


@dataclass(frozen=True)
class CohortDocs:
    """Everything the documents of one cohort are made from."""

    loaded: LoadedCohort
    programme: Programme
    framework: Framework
    plan: CohortPlan
    labels: Labels

    @property
    def language(self) -> str:
        return self.programme.language

    def rules(self, route: str) -> Rules:
        return self.framework.rules_for(self.programme.kind, route)

    def route(self, route: str) -> Route:
        return self.framework.routes[route]

    def period(self) -> str:
        """``Du mardi 26 décembre 2028 au mercredi 27 décembre 2028``."""
        first, last = self.plan.first, self.plan.last
        if first == last:
            return self.labels.cohort_single_day.format(first=long_date(first, self.language))
        return self.labels.cohort_period.format(first=long_date(first, self.language),
                                                last=long_date(last, self.language))

    def legal_basis(self) -> str:
        kind = self.framework.kinds[self.programme.kind]
        return f"{self.framework.article}, {kind.number}" if kind.number else self.framework.article

    def slot_text(self, index: int, titled: bool = True) -> str:
        """``Entretien préalable : le mardi 12 décembre 2028, de 14:00 à 18:00`` (the title optional)."""
        slot = self.loaded.model.interviews[index]
        when = self.labels.cohort_slot.format(date=long_date(slot.date, self.language),
                                              start=format_clock(slot.start), end=format_clock(slot.end))
        place = f" — {slot.place}" if slot.place else ""
        if not titled:
            return when + place
        title = self.labels[f"interview_{slot.type.value}"]
        return f"{title}\u00a0: {when}{place}" if self.language == "fr" else f"{title}: {when}{place}"

    def common(self) -> dict[str, Any]:
        """The header every document shares: organisation, programme, legal basis, cohort, venue."""
        cohort = self.loaded.model
        kind = self.framework.kinds[self.programme.kind]
        french = self.language == "fr"
        return {
            "labels": dict(self.labels),
            "colon": "\u00a0: " if french else ": ",
            "separator": "\u202f; " if french else "; ",
            "organisation": cohort.contact.organisation,
            "organisation_address": list(cohort.contact.address),
            "phone": cohort.contact.phone,
            "email": cohort.contact.email,
            "approval": cohort.contact.approval,
            "programme": self.programme.title,
            "version": self.programme.version,
            "kind": "" if kind.title == self.programme.title else kind.title,
            "legal_basis": self.legal_basis(),
            "cohort": cohort.title or cohort.id,
            "period": self.period(),
            "venue": {
                "name": cohort.venue.name,
                "address": list(cohort.venue.address),
                "room": cohort.venue.room,
                "access": cohort.venue.access,
                "accessibility": cohort.venue.accessibility,
            },
            "staff": [f"{r.role} × {r.count}" if r.count > 1 else r.role for r in cohort.staff],
            "routes": [self.route(r).title for r in cohort.routes],
        }

    def _session(self, dated: DatedSession) -> dict[str, Any]:
        timed = dated.timed
        rows = [
            {
                "span": span(a.start, a.end),
                "title": a.activity.title,
                "method": self.labels[f"method_{a.activity.method.value}"],
                "duration": fmt.duration(a.activity.duration, self.language),
                "pause": a.activity.method is Method.BREAK,
            }
            for a in timed.activities
        ]
        return {
            "title": timed.session.title,
            "span": span(timed.start, timed.end),
            "rows": rows,
            "training": fmt.duration(timed.training_minutes, self.language),
        }

    def runsheet(self) -> dict[str, Any]:
        """The dated run sheet: each real day with its sessions, activities and clock times."""
        ranks = {day: rank for rank, day in enumerate(sorted(self.plan.dates), start=1)}
        days = []
        for number, day in sorted(self.plan.dates.items()):
            sessions = [self._session(d) for d in self.plan.sessions if d.timed.day == number]
            days.append({
                "heading": self.labels.cohort_day_heading.format(
                    day=f"{self.labels.day} {ranks[number]}", date=long_date(day, self.language)),
                "sessions": sessions,
            })
        data = self.common()
        data.update(title=self.labels.cohort_runsheet, days=days,
                    interviews=[self.slot_text(i) for i in range(len(self.loaded.model.interviews))])
        return data

    def attendance(self) -> dict[str, Any]:
        """Attendance sheets: one dated column per real half-day, blank rows for the group's maximum."""
        parts = {"am": self.labels.guide_half_morning, "pm": self.labels.guide_half_afternoon}
        columns = [
            {"date": short_date(h.date, self.language), "part": parts[h.part], "span": span(h.start, h.end)}
            for h in self.plan.half_days()
        ]
        sheets = [columns[i:i + COLUMNS_PER_SHEET] for i in range(0, len(columns), COLUMNS_PER_SHEET)]
        data = self.common()
        data.update(title=self.labels.guide_attendance_sheet, sheets=sheets,
                    rows=self.programme.group_size.max)
        return data

    def _fee(self, route: str) -> dict[str, Any]:
        rules = self.rules(route)
        cap = rules.max_fee_eur
        amount = self.programme.fee_eur if cap is None else min(self.programme.fee_eur, cap.value)
        return {
            "amount": money(amount, self.language) if amount > 0 else "",
            "rule": self.route(route).fee,
            "payment": self.loaded.model.payment if amount > 0 else "",
        }

    def _route(self, route: str) -> dict[str, Any]:
        """The route's facts; the programme's own per-route texts come first where it has them."""
        info = self.route(route)
        own = self.programme.completion.routes.get(route)
        return {
            "title": info.title,
            "source": info.source,
            "controller": info.controller,
            "attestation_to": own.attestation if own and own.attestation else info.attestation_to,
            "non_completion": own.non_completion if own and own.non_completion else info.non_completion.text,
            "non_completion_source": "" if own and own.non_completion else info.non_completion.source,
        }

    def attestation(self, route: str) -> dict[str, Any]:
        """The attestation for one route: cohort dates, route and legal basis filled, person blank."""
        total = sum(d.timed.training_minutes for d in self.plan.sessions)
        completion = self.rules(route).required_completion
        data = self.common()
        data.update(
            title=self.labels.attestation,
            route=self._route(route),
            planned=fmt.duration(total, self.language),
            note=f"{completion.text} ({completion.source})" if completion and completion.text else "",
        )
        return data

    def convocation(self, route: str) -> dict[str, Any]:
        """The convocation letter for one route, to fill in with the person's name and address."""
        cohort = self.loaded.model
        parents = self.rules(route).parents_at_interviews
        preliminary = [i for i, s in enumerate(cohort.interviews) if s.type is InterviewType.PRELIMINARY]
        schedule = []
        for number, day in sorted(self.plan.dates.items()):
            spans = [span(d.timed.start, d.timed.end) for d in self.plan.sessions if d.timed.day == number]
            schedule.append({"date": long_date(day, self.language), "spans": ", ".join(spans)})
        data = self.common()
        data.update(
            title=self.labels.cohort_convocation,
            route=self._route(route),
            schedule=schedule,
            interviews=[self.slot_text(i, titled=False) for i in preliminary],
            parents=bool(parents and parents.value),
            fee=self._fee(route),
            bring=list(cohort.bring),
            accessibility_contact=cohort.contact.accessibility,
        )
        return data
