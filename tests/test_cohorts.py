"""Cohorts: a programme on real dates, checked against its calendar rules, with its calendar and documents.

Each rule: a cohort that passes and an edit that fails with the exact located message. The calendar is
re-read with ``icalendar``; the PDFs are read back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import textwrap
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

import icalendar
import pytest
from pypdf import PdfReader

from builder.build import BuildOptions, run_build
from builder.validate.runner import validate

from conftest import validate_from

REPO = Path(__file__).resolve().parents[1]
FR = "fr-code-penal-131-5-1"
PROGRAMMES = ("securite-routiere", "stupefiants", "violences-couple", "citoyennete-mineurs")

ROAD = """\
id: road
programme: securite-routiere
title: "Paris, décembre 2028"
routes: [peine]
dates: [2028-12-26, 2028-12-27]
timezone: Europe/Paris
holiday_region: ""
venue:
  name: "Centre de formation"
  address: ["12 rue de l'Exemple", "75011 Paris"]
contact:
  organisation: "Association Parcours Justice"
  phone: "01 99 00 12 34"
  accessibility: "Accueil du service, 01 99 00 12 34"
staff:
  - {role: "Psychologue"}
  - {role: "Enseignant de la conduite et de la sécurité routière"}
interviews:
  - {type: preliminary, date: 2028-12-12, start: "14:00", end: "18:00"}
payment: "Chèque ou virement"
bring: ["Une pièce d'identité"]
"""

DRUGS = """\
id: drugs
programme: stupefiants
routes: [peine, alternative-poursuites]
dates: [2027-01-15, 2027-02-14]
venue: {name: "Maison de la justice", address: ["1 place du Palais", "49000 Angers"]}
contact: {organisation: "Service des stages", accessibility: "Accueil, 02 99 00 00 00"}
staff: [{role: "Intervenant socio-judiciaire", count: 2}]
interviews:
  - {type: preliminary, date: 2027-01-08, start: "09:00", end: "17:00"}
"""

COUPLE = """\
id: couple
programme: violences-couple
routes: [peine]
start: 2027-03-17
pattern: programme
holiday_region: "57"
venue: {name: "Maison de la justice", address: ["3 place de l'Exemple", "57000 Metz"]}
contact: {organisation: "Service socio-judiciaire", accessibility: "Secrétariat, 03 99 00 56 78"}
staff: [{role: "Intervenant socio-judiciaire", count: 2}]
interviews:
  - {type: preliminary, date: 2027-03-03, start: "09:00", end: "17:00"}
  - {type: review, date: 2027-04-28, start: "09:00", end: "12:00"}
closures:
  - {from: 2027-04-09, to: 2027-04-12, reason: "Travaux"}
"""

MINORS = """\
id: minors
programme: citoyennete-mineurs
routes: [mineur]
dates: [2027-04-27, 2027-05-05, 2027-05-12]
holiday_region: "6AE"
school_zone: B
venue: {name: "UEMO", address: ["20 rue de l'Exemple", "67000 Strasbourg"]}
contact: {organisation: "PJJ, UEMO de Strasbourg", accessibility: "Secrétariat, 03 99 00 90 12"}
staff: [{role: "Éducateur de la PJJ"}, {role: "Intervenant", count: 2}]
interviews:
  - {type: preliminary, date: 2027-04-21, start: "14:00", end: "18:00"}
  - {type: review, date: 2027-05-12, start: "17:00", end: "19:00"}
"""

BASES = {"road": ROAD, "drugs": DRUGS, "couple": COUPLE, "minors": MINORS}


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    """A project with the shipped frameworks and the programmes the cohorts use; the working folder."""
    project = tmp_path / "proj"
    (project / "curricula" / "programmes").mkdir(parents=True)
    (project / "curricula" / "cohorts").mkdir()
    shutil.copytree(REPO / "curricula" / "frameworks", project / "curricula" / "frameworks")
    for name in PROGRAMMES:
        shutil.copy(REPO / "curricula" / "programmes" / f"{name}.yaml", project / "curricula" / "programmes")
    cwd = os.getcwd()
    os.chdir(project)
    yield project
    os.chdir(cwd)


def write(root: Path, base: str, edits: list[tuple[str, str]] = ()) -> Path:  # type: ignore[assignment]
    text = BASES[base]
    for old, new in edits:
        assert old in text, f"{base} has no {old!r}"
        text = text.replace(old, new, 1)
    path = root / "curricula" / "cohorts" / f"{base}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(root: Path, base: str, edits: list[tuple[str, str]] = ()) -> list[str]:  # type: ignore[assignment]
    write(root, base, edits)
    _, found = validate(root)
    return [p.format() for p in found]


def test_shipped_cohorts_validate() -> None:
    project, found = validate_from(REPO)
    assert [p.format() for p in found] == []
    assert len(project.cohorts) >= 3


@pytest.mark.parametrize("base", sorted(BASES))
def test_base_cohorts_pass(root: Path, base: str) -> None:
    assert problems(root, base) == []


R = "curricula/cohorts/road.yaml"
ARRETE = f"Arrêté du 26 juin 2012 [{FR}]"
ROAD_DAYS = "dates: [2028-12-26, 2028-12-27]"
CASES: dict[str, tuple[str, list[tuple[str, str]], list[str]]] = {
    "personal-data": (
        "road",
        [("staff:\n", "participants:\n  - {nom: Dupont}\nstaff:\n"),
         ('  - {role: "Psychologue"}', '  - {role: "Psychologue", name: "Jeanne Martin"}')],
        [
            f"{R}:15:1: error[personal-data]: participants: a cohort file holds no personal data, got the key "
            "'participants' (list no participants, names, birth dates or contacts of people here; keep them in "
            "your case-management system and fill the printed forms by hand)",
            f"{R}:18:27: error[personal-data]: staff[0].name: a cohort file holds no personal data, got the key "
            "'name' (list no participants, names, birth dates or contacts of people here; keep them in your "
            "case-management system and fill the printed forms by hand)",
        ],
    ),
    "ref-programme": (
        "road", [("programme: securite-routiere", "programme: securite-routier")],
        [f"{R}:2:12: error[ref-programme]: programme: expected a programme in curricula/programmes/, got "
         "'securite-routier' (did you mean 'securite-routiere'?)"],
    ),
    "cohort-route": (
        "road", [("routes: [peine]", "routes: [peine, mineur]")],
        [f"{R}:4:17: error[cohort-route]: routes[1]: expected a route of programme 'securite-routiere' (peine, "
         "sursis-probatoire, alternative-poursuites), got 'mineur'"],
    ),
    "cohort-dates-count": (
        "road", [(ROAD_DAYS, "dates: [2028-12-26]")],
        [f"{R}:5:8: error[cohort-dates]: dates: expected 2 date(s), one per day of programme 'securite-routiere' "
         "(days 1, 2), got 1"],
    ),
    "cohort-dates-order": (
        "road", [(ROAD_DAYS, "dates: [2028-12-27, 2028-12-26]")],
        [f"{R}:5:21: error[cohort-dates]: dates[1]: expected a date after 2028-12-27 (the previous day's), got "
         "2028-12-26"],
    ),
    "cohort-dates-both": (
        "road", [("timezone: Europe/Paris", "start: 2028-12-26\ntimezone: Europe/Paris")],
        [f"{R}:6:8: error[cohort-dates]: start: expected either 'dates' or 'start' (with a 'pattern'), got both"],
    ),
    "cohort-dates-neither": (
        "road", [(ROAD_DAYS + "\n", "")],
        [f"{R}:1:1: error[cohort-dates]: (document): expected 'dates' (one date per programme day) or 'start' "
         "(with a 'pattern'), got neither"],
    ),
    "cohort-timezone": (
        "road", [("timezone: Europe/Paris", "timezone: Paris")],
        [f"{R}:6:11: error[cohort-timezone]: timezone: expected an IANA time zone like 'Europe/Paris', got 'Paris'"],
    ),
    "cohort-region": (
        "road", [('holiday_region: ""', 'holiday_region: "Moselle"')],
        [f"{R}:7:17: error[cohort-region]: holiday_region: expected a subdivision of FR with its own public "
         "holidays, got 'Moselle' (expected one of: 57, 6AE, 971, 972, 973, 974, 976, BL, MF, NC, PF, PM, TF, WF)"],
    ),
    "cohort-consecutive": (
        "road", [("2028-12-27", "2028-12-28")],
        [f"{R}:5:21: error[cohort-consecutive]: day 2: expected 2028-12-27, the day after day 1 (consecutive "
         f"days), got 2028-12-28 (source: C. route art. R223-5 [{FR}])"],
    ),
    "cohort-sunday": (
        "road", [(ROAD_DAYS, "dates: [2028-12-23, 2028-12-24]")],
        [f"{R}:5:21: error[cohort-sunday]: day 2: expected a day other than Sunday, got 2028-12-24 (Sunday) "
         f"(source: {ARRETE})"],
    ),
    "cohort-holiday-national": (
        "road", [(ROAD_DAYS, "dates: [2028-12-25, 2028-12-26]")],
        [f"{R}:5:9: error[cohort-holiday]: day 1: expected a day that is not a public holiday in FR (national "
         f"list), got 2028-12-25 (Monday): Christmas Day (source: {ARRETE})"],
    ),
    "cohort-holiday-alsace": (
        "road", [('holiday_region: ""', 'holiday_region: "6AE"')],
        [f"{R}:5:9: error[cohort-holiday]: day 1: expected a day that is not a public holiday in region 6AE, got "
         f"2028-12-26 (Tuesday): Saint Stephen's Day (source: {ARRETE})"],
    ),
    "cohort-night": (
        "road", [("timezone: Europe/Paris", 'start_time: "05:00"\ntimezone: Europe/Paris')],
        [
            f"{R}:6:13: error[cohort-night]: day 1: expected no session in night hours (21:00–06:00), got 'Ce qui "
            "nous amène ici : perception du risque et chaîne de causes' 05:00–08:45 on 2028-12-26 (source: Arrêté "
            f"du 26 juin 2012 (pas d'horaires de nuit) [{FR}])",
            f"{R}:6:13: error[cohort-night]: day 2: expected no session in night hours (21:00–06:00), got 'Alcool, "
            "stupéfiants, médicaments, téléphone et fatigue' 05:00–08:45 on 2028-12-27 (source: Arrêté du 26 juin "
            f"2012 (pas d'horaires de nuit) [{FR}])",
        ],
    ),
    "cohort-daily-lunch": (
        "road", [("timezone: Europe/Paris", 'start_time: "10:00"\ntimezone: Europe/Paris')],
        [
            f"{R}:5:9: error[cohort-daily]: 2028-12-26: expected a break of at least 45 min between sessions, got "
            "0 min before 'Vitesse, conséquences d'un accident et influence des autres' 13:45–17:30 on 2028-12-26 "
            f"(source: {ARRETE})",
            f"{R}:5:21: error[cohort-daily]: 2028-12-27: expected a break of at least 45 min between sessions, got "
            "0 min before 'Mes situations à risque, les autres usagers et mon engagement' 13:45–17:30 on "
            f"2028-12-27 (source: {ARRETE})",
        ],
    ),
    "cohort-daily-overlap": (
        "road", [("timezone: Europe/Paris", 'start_time: "10:30"\ntimezone: Europe/Paris')],
        [
            f"{R}:5:9: error[cohort-daily]: 2028-12-26: expected sessions that do not overlap, got 'Ce qui nous "
            "amène ici : perception du risque et chaîne de causes' 10:30–14:15 on 2028-12-26 and 'Vitesse, "
            "conséquences d'un accident et influence des autres' 13:45–17:30 on 2028-12-26",
            f"{R}:5:21: error[cohort-daily]: 2028-12-27: expected sessions that do not overlap, got 'Alcool, "
            "stupéfiants, médicaments, téléphone et fatigue' 10:30–14:15 on 2028-12-27 and 'Mes situations à "
            "risque, les autres usagers et mon engagement' 13:45–17:30 on 2028-12-27",
        ],
    ),
    "cohort-school-time": (
        "minors",
        [("dates: [2027-04-27, 2027-05-05, 2027-05-12]", "dates: [2027-05-11, 2027-05-19, 2027-05-26]"),
         ("2027-05-12, start", "2027-05-26, start")],
        [
            "curricula/cohorts/minors.yaml:4:9: error[cohort-school-time]: day 1: expected no session in school "
            "time on a school day (Tuesday 08:00–17:00, zone B), got 'Accueil avec les parents et règles du jeu' "
            f"13:30–16:00 on 2027-05-11 (source: CJPM art. R122-7 (obligations scolaires) [{FR}])",
            "curricula/cohorts/minors.yaml:4:9: error[cohort-school-time]: day 1: expected no session in school "
            "time on a school day (Tuesday 08:00–17:00, zone B), got 'Être traité autrement\xa0: respect et "
            f"tolérance' 16:15–18:00 on 2027-05-11 (source: CJPM art. R122-7 (obligations scolaires) [{FR}])",
        ],
    ),
    "cohort-school-zone": (
        "minors", [("school_zone: B\n", "")],
        ["curricula/cohorts/minors.yaml:3:9: error[cohort-school-time]: school_zone: expected the school-holiday "
         "zone (A, B or C) for route 'mineur', which forbids sessions in school time, got none (source: CJPM art. "
         f"R122-7 (obligations scolaires) [{FR}])"],
    ),
    "cohort-interviews-missing": (
        "road", [('interviews:\n  - {type: preliminary, date: 2028-12-12, start: "14:00", end: "18:00"}\n', "")],
        [f"{R}:1:1: error[cohort-interviews]: interviews: expected a 'preliminary' interview slot before "
         f"2028-12-26 (the first day), got none (source: C. pén. art. R131-39 [{FR}])"],
    ),
    "cohort-interviews-late": (
        "road", [("2028-12-12", "2028-12-26")],
        [f"{R}:19:31: error[cohort-interviews]: interviews[0].date: expected a date before 2028-12-26 (the first "
         f"day), got 2028-12-26 (source: C. pén. art. R131-39 [{FR}])"],
    ),
    "cohort-interviews-times": (
        "road", [('end: "18:00"', 'end: "13:00"')],
        [f"{R}:19:64: error[cohort-interviews]: interviews[0].end: expected a time after 14:00, got 13:00"],
    ),
    "cohort-review-window (practice)": (
        "couple", [("2027-04-28", "2027-04-05")],
        ["curricula/cohorts/couple.yaml:12:26: warning[cohort-interviews]: interviews[1].date: expected the "
         "review 21 to 42 days after the last day (2027-04-21 to 2027-05-12), got 2027-04-05 (5 days after) "
         f"(source: Médiations 49, « Qu'est-ce que le stage socio-judiciaire ? » (pratique) [{FR}])"],
    ),
    "cohort-review-missing (practice)": (
        "couple", [('  - {type: review, date: 2027-04-28, start: "09:00", end: "12:00"}\n', "")],
        ["curricula/cohorts/couple.yaml:11:3: warning[cohort-interviews]: interviews: expected a 'review' "
         "interview slot after 2027-03-31 (the last day), got none (source: Médiations 49, « Qu'est-ce que le "
         f"stage socio-judiciaire ? » (pratique) [{FR}])"],
    ),
    "cohort-closure": (
        "couple",
        [("start: 2027-03-17", "start: 2027-03-24"), ("2027-04-28", "2027-05-05"),
         ("from: 2027-04-09, to: 2027-04-12", "from: 2027-04-07, to: 2027-04-07")],
        ["curricula/cohorts/couple.yaml:4:8: error[cohort-closure]: day 15: expected a day the venue is open, got "
         "2027-04-07 (Wednesday) (closures[0]: Travaux)"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule_fails_with_its_located_message(root: Path, case: str) -> None:
    base, edits, expected = CASES[case]
    assert problems(root, base, edits) == expected


def test_calendar_month_counts_the_first_day(root: Path) -> None:
    """15 January to 14 February is one calendar month; 15 and 16 February are not (C. pén. 131-5-1)."""
    assert problems(root, "drugs") == []
    message = ("curricula/cohorts/drugs.yaml:4:21: error[cohort-span]: day 15: expected a date by 2027-02-14 "
               "(one calendar month from 2027-01-15, the first day counted), got 2027-02-{day} (source: C. pén. "
               f"art. 131-5-1 (« une durée ne pouvant excéder un mois ») [{FR}])")
    for day in ("15", "16"):
        assert problems(root, "drugs", [("2027-02-14", f"2027-02-{day}")]) == [message.format(day=day)]
    # A month from 30 January ends on the last day of February (there is no 30 February).
    assert problems(root, "drugs", [("2027-01-15, 2027-02-14", "2027-01-30, 2027-02-28"),
                                    ("2027-01-08", "2027-01-22")]) == []


def test_road_safety_after_christmas_passes_in_paris_and_fails_in_moselle(root: Path) -> None:
    """26 and 27 December 2028 are a Tuesday and a Wednesday; 26 December is a public holiday in Moselle."""
    assert dt.date(2028, 12, 26).weekday() == 1 and dt.date(2028, 12, 27).weekday() == 2
    assert problems(root, "road") == []
    assert problems(root, "road", [('holiday_region: ""', 'holiday_region: "57"')]) == [
        f"{R}:5:9: error[cohort-holiday]: day 1: expected a day that is not a public holiday in region 57, got "
        f"2028-12-26 (Tuesday): Saint Stephen's Day (source: {ARRETE})"
    ]


def test_school_holidays_are_not_school_time(root: Path) -> None:
    """27 April 2027 is a Tuesday in zone B's spring holidays: an afternoon session then is lawful."""
    assert problems(root, "minors") == []


def build(root: Path, *targets: str) -> Path:
    out = root / "build"
    found, _summary = run_build(BuildOptions(root=root, out=out, targets=targets or ("cohorts",), quiet=True,
                                             use_cache=False, jobs=1))
    assert [p.format() for p in found] == []
    return out


def events(ics: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_calendar_round_trip_across_daylight_saving(root: Path) -> None:
    """17, 24 and 31 March 2027: summer time starts on the 28th; 09:00 stays 09:00 in Paris."""
    write(root, "couple")
    ics = build(root) / "cohorts" / "couple" / "calendar.ics"
    found = events(ics)
    assert len(found) == 6  # 4 sessions (two on day 1) and 2 interview slots
    assert all(uid.startswith("couple.") and uid.endswith("@stagecraft") for uid in found)
    first = found["couple.j1-egalite@stagecraft"]
    last = found["couple.j15-respect-mutuel@stagecraft"]
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert first.decoded("DTSTART") == dt.datetime(2027, 3, 17, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert first.decoded("DTSTART").astimezone(dt.timezone.utc).hour == 8  # UTC+1 in winter
    assert last.decoded("DTSTART").astimezone(dt.timezone.utc).hour == 7  # UTC+2 in summer
    assert last.decoded("DTSTART").hour == 9
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert "3 place de l'Exemple" in str(first["LOCATION"])


def test_uids_stable_and_sequence_raised_when_a_date_moves(root: Path) -> None:
    write(root, "couple")
    ics = build(root) / "cohorts" / "couple" / "calendar.ics"
    before = ics.read_bytes()
    assert build(root) / "cohorts" / "couple" / "calendar.ics" == ics
    assert ics.read_bytes() == before  # nothing changed: same UIDs, same SEQUENCE, same DTSTAMP
    assert {e["SEQUENCE"] for e in events(ics).values()} == {0}
    write(root, "couple", [("start: 2027-03-17", "start: 2027-03-24"), ("2027-04-28", "2027-05-05")])
    build(root)
    moved = events(ics)
    assert set(moved) == events_from(before)  # same UIDs: calendar clients update, never duplicate
    sequences = {uid.split(".")[1].split("@")[0]: int(e["SEQUENCE"]) for uid, e in moved.items()}
    assert sequences == {"j1-egalite": 1, "j1-formes-violences": 1, "j8-consequences": 1, "j15-respect-mutuel": 1,
                         "interview-preliminary-1": 0, "interview-review-1": 1}
    build(root)  # unchanged again: the raised sequence stays
    assert {int(e["SEQUENCE"]) for e in events(ics).values()} == {0, 1}


def events_from(data: bytes) -> set[str]:
    return {str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_revision_is_the_lowest_sequence(root: Path) -> None:
    write(root, "road", [("payment:", "revision: 3\npayment:")])
    ics = build(root) / "cohorts" / "road" / "calendar.ics"
    assert {int(e["SEQUENCE"]) for e in events(ics).values()} == {3}


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_documents_carry_the_real_dates_and_the_route(root: Path) -> None:
    write(root, "road")
    folder = build(root) / "cohorts" / "road"
    assert sorted(p.name for p in folder.iterdir()) == [
        "attendance.pdf", "attestation-peine.pdf", "calendar.ics", "convocation-peine.pdf", "runsheet.pdf"]
    pages, text = pdf_text(folder / "attendance.pdf")
    assert pages == 1  # 20 participants on one landscape sheet
    for column in ("26/12/2028 matin 09:00–12:45", "26/12/2028 après-midi 13:45–17:30",
                   "27/12/2028 matin 09:00–12:45", "27/12/2028 après-midi 13:45–17:30"):
        assert column in text
    assert "20" in text.split("Nom et prénom")[1]
    _, text = pdf_text(folder / "runsheet.pdf")
    assert "Jour 1 — mardi 26 décembre 2028" in text and "Jour 2 — mercredi 27 décembre 2028" in text
    _, text = pdf_text(folder / "attestation-peine.pdf")
    assert "Du mardi 26 décembre 2028 au mercredi 27 décembre 2028" in text
    assert "Peine de stage (C. pén. art. 131-5-1)" in text and "Code pénal, art. 131-5-1, 2°" in text
    _, text = pdf_text(folder / "convocation-peine.pdf")
    assert "mardi 26 décembre 2028 09:00–12:45, 13:45–17:30" in text
    assert "230 €" in text and "Chèque ou virement" in text
    assert "434-41" in text  # the consequence of not completing a peine
    assert "Accueil du service, 01 99 00 12 34" in text
    assert "12 rue de l'Exemple" in text or "12 rue de l’Exemple" in text


def test_minors_convocation_has_no_fee(root: Path) -> None:
    write(root, "minors")
    folder = build(root) / "cohorts" / "minors"
    _, text = pdf_text(folder / "convocation-mineur.pdf")
    assert "Aucun frais ne vous est demandé" in text and "€" not in text
    assert "représentants légaux" in text
    assert "R122-11" in text  # the minors' route's own consequence


def test_validate_command_takes_a_cohort_file(root: Path) -> None:
    import subprocess
    import sys

    path = write(root, "road", [("2028-12-27", "2028-12-28")])
    result = subprocess.run([sys.executable, "-m", "builder", "validate", str(path)], capture_output=True,
                            text=True, cwd=root)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{R}:5:21: error[cohort-consecutive]: day 2:")
    write(root, "road")
    result = subprocess.run([sys.executable, "-m", "builder", "validate", str(path)], capture_output=True,
                            text=True, cwd=root)
    assert result.returncode == 0, result.stdout


def test_site_lists_only_published_upcoming_cohorts(root: Path) -> None:
    from builder.render.context import load_labels
    from builder.site.cohorts import upcoming_block

    write(root, "road", [("payment:", "publish: true\npayment:")])
    write(root, "couple")  # not published
    project, found = validate(root)
    assert found == []
    labels = load_labels((), "fr")
    block = str(upcoming_block(project, "securite-routiere", labels, dt.date(2028, 12, 1)))
    assert block.splitlines()[0] == "## Prochaines sessions"
    assert "- **Paris, décembre 2028** — Du mardi 26 décembre 2028 au mercredi 27 décembre 2028 — Centre de " \
           "formation, 12 rue de l'Exemple, 75011 Paris" in block.replace("\u00a0", " ")
    assert str(upcoming_block(project, "securite-routiere", labels, dt.date(2028, 12, 28))) == ""  # past
    assert str(upcoming_block(project, "violences-couple", labels, dt.date(2027, 1, 1))) == ""  # not published


def test_shipped_cohorts_build_in_their_language(tmp_path: Path) -> None:
    """The four example cohorts build; the Prague one is in English with 15 dated half-days on three sheets."""
    project = tmp_path / "lib"
    shutil.copytree(REPO / "curricula", project / "curricula")
    cwd = os.getcwd()
    os.chdir(project)
    try:
        out = build(project)
    finally:
        os.chdir(cwd)
    prague = out / "cohorts" / "resocialisation-adults-praha-2027-09"
    pages, text = pdf_text(prague / "attendance.pdf")
    assert pages == 3 and "Attendance sheet — Sheet 3 / 3" in text
    assert "Mon 20/09/2027 afternoon 16:00–18:15" in text and "Mon 08/11/2027 afternoon 16:00–18:15" in text
    pages, text = pdf_text(prague / "convocation-court-obligation.pdf")
    assert pages == 1 and "Notice to attend" in text and "You pay nothing." in text
    found = events(prague / "calendar.ics")
    assert len(found) == 17  # 15 sessions and 2 interview slots
    assert {e.decoded("DTSTART").hour for uid, e in found.items() if "interview" not in uid} == {16}
