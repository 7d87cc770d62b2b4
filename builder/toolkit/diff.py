"""``stagecraft diff REV1 REV2``: what changed between two git revisions, in programme terms.

For each programme file that differs, the report (Markdown, ready for an
accreditation file) lists the version, the programme-level values that changed,
sessions added, removed or moved (sessions are matched by id), each kept
session's changes (title, phase, day and start, duration, objectives, activities
matched by title with their durations and methods), the totals, and rule
compliance before and after: both versions are checked against the frameworks
the project uses now, so the two columns compare like with like.

Programme files are read from git (``git show REV:path``); nothing is checked out.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from builder.load.convert import to_model
from builder.load.project import PROGRAMMES_DIR, LoadedProgramme, Project, resolve_references
from builder.load.yamlsource import compose
from builder.model.duration import format_clock, format_duration
from builder.model.programme import Programme, Session
from builder.model.framework import Rules
from builder.model.schedule import Schedule, schedule
from builder.problems import Problem, Severity
from builder.validate.runner import check_programme


class GitError(Exception):
    """Git could not answer (not a repository, unknown revision); the message says which."""


def git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if result.returncode != 0:
        raise GitError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"git {args[0]} failed")
    return result.stdout


def resolve(root: Path, rev: str) -> tuple[str, str]:
    """The commit of ``rev`` (short) and its date, or :class:`GitError` saying the revision is unknown."""
    try:
        out = git(root, "rev-parse", "--verify", "--quiet", "--short", f"{rev}^{{commit}}")
    except GitError:
        raise GitError(f"unknown revision '{rev}' (expected a commit, tag or branch of {root})") from None
    commit = out.strip()
    date = git(root, "show", "-s", "--format=%cs", commit).strip()
    return commit, date


def programme_files(root: Path, rev: str) -> dict[str, str]:
    """Programme id -> path (relative to the repository root) of every programme file at ``rev``."""
    prefix = git(root, "rev-parse", "--show-prefix").strip()
    folder = prefix + PROGRAMMES_DIR.as_posix()
    listing = git(root, "ls-tree", "-r", "--name-only", rev, "--", folder + "/")
    found = {}
    for line in listing.splitlines():
        path = Path(line)
        if path.suffix in (".yaml", ".yml") and path.parent.as_posix() == folder:
            found[path.stem] = line
    return found


@dataclass(frozen=True)
class Version:
    """One programme at one revision: its model (None when it does not load) and its problems."""

    programme: Programme | None
    problems: tuple[Problem, ...]


def read_version(root: Path, project: Project, rev: str, repo_path: str, today: dt.date) -> Version:
    """Load the programme file ``repo_path`` as it was at ``rev`` and check it."""
    text = git(root, "show", f"{rev}:{repo_path}")
    display = f"{rev}:{repo_path}"
    data, smap, problems = compose(text, display)
    if problems:
        return Version(None, tuple(problems))
    model, problems = to_model(Programme, data, smap)
    if model is None:
        return Version(None, tuple(problems))
    top = git(root, "rev-parse", "--show-toplevel").strip()
    loaded = LoadedProgramme(Path(top) / repo_path, display, smap, model)
    refs = resolve_references(loaded, project.frameworks)
    if refs:
        return Version(model, tuple(refs))
    return Version(model, tuple(check_programme(project, loaded, today)))


def _hm(minutes: int, language: str) -> str:
    return format_duration(minutes, language)


def _list_changes(label: str, before: Sequence[str], after: Sequence[str]) -> list[str]:
    lines = [f"- {label} added: {item}" for item in after if item not in before]
    lines += [f"- {label} removed: {item}" for item in before if item not in after]
    return lines


SCALARS = ("title", "status", "language", "framework", "kind", "fee_eur", "start_time", "audience", "staff", "room")
TEXTS = ("summary", "rationale", "disclosure")


def _value(programme: Programme, name: str) -> str:
    value = getattr(programme, name)
    if name == "start_time":
        return format_clock(value)
    if name == "fee_eur":
        return f"{value:g} EUR"
    if isinstance(value, tuple):
        return "; ".join(value) or "none"
    return str(value)


def _session_line(session: Session, position: int, day: int, language: str) -> str:
    return f"`{session.id}` {session.title} (session {position}, day {day}, {_hm(session.duration, language)})"


def _session_changes(old: Session, new: Session, old_day: int, new_day: int, language: str) -> list[str]:
    lines: list[str] = []
    if old.title != new.title:
        lines.append(f"title: {old.title} → {new.title}")
    if old.phase != new.phase:
        lines.append(f"phase: {old.phase} → {new.phase}")
    if old_day != new_day:
        lines.append(f"day: {old_day} → {new_day}")
    if old.start != new.start:
        lines.append(f"start: {format_clock(old.start) if old.start is not None else 'follows on'} → "
                     f"{format_clock(new.start) if new.start is not None else 'follows on'}")
    if old.duration != new.duration:
        lines.append(f"duration: {_hm(old.duration, language)} → {_hm(new.duration, language)}")
    lines += [line[2:] for line in _list_changes("objective", old.objectives, new.objectives)]
    before = {a.title: a for a in old.activities}
    after = {a.title: a for a in new.activities}
    for title, act in after.items():
        if title not in before:
            lines.append(f"activity added: {title} ({act.method.value}, {_hm(act.duration, language)})")
    for title, act in before.items():
        if title not in after:
            lines.append(f"activity removed: {title} ({act.method.value}, {_hm(act.duration, language)})")
    for title in [t for t in after if t in before]:
        a, b = before[title], after[title]
        if a.method != b.method:
            lines.append(f"activity '{title}': method {a.method.value} → {b.method.value}")
        if a.duration != b.duration:
            lines.append(f"activity '{title}': {_hm(a.duration, language)} → {_hm(b.duration, language)}")
        if a != b and a.method == b.method and a.duration == b.duration:
            lines.append(f"activity '{title}': content edited")
    order_before = [t for t in before if t in after]
    order_after = [t for t in after if t in before]
    if order_before != order_after:
        lines.append("activities reordered: " + " → ".join(order_after))
    if old.homework != new.homework:
        lines.append("homework edited")
    if old.summary != new.summary:
        lines.append("summary edited")
    return lines


def _timed(programme: Programme, project: Project) -> Schedule:
    """The programme's schedule under its framework's rules (none when its framework or kind is gone)."""
    framework = project.frameworks.get(programme.framework)
    if framework is None or programme.kind not in framework.model.kinds:
        return schedule(programme, Rules())
    return schedule(programme, framework.model.rules_for(programme.kind))


def _compliance(version: Version) -> tuple[int, int, set[str]]:
    errors = [p for p in version.problems if p.severity is Severity.ERROR]
    warnings = [p for p in version.problems if p.severity is Severity.WARNING]
    return len(errors), len(warnings), {p.rule for p in errors}


def programme_report(pid: str, old: Version, new: Version, project: Project) -> list[str]:
    """The Markdown section of one programme that exists in both revisions."""
    a, b = old.programme, new.programme
    lines = [f"## {b.title if b else pid} (`{pid}`)", ""]
    if a is None or b is None:
        broken = "the earlier" if a is None else "the later"
        lines += [f"{broken.capitalize()} version does not load; its problems:", ""]
        lines += [f"- {p.format()}" for p in (old if a is None else new).problems]
        return lines + [""]
    language = b.language
    if a.version != b.version:
        lines.append(f"Version {a.version} → {b.version}.")
    else:
        lines.append(f"Version {b.version} (unchanged).")
    lines.append("")
    general = [f"- {name}: {_value(a, name)} → {_value(b, name)}" for name in SCALARS if getattr(a, name) != getattr(b, name)]
    general += [f"- {name}: edited" for name in TEXTS if getattr(a, name) != getattr(b, name)]
    if a.group_size != b.group_size:
        general.append(f"- group size: {a.group_size.min}–{a.group_size.max} → {b.group_size.min}–{b.group_size.max}")
    general += _list_changes("objective", a.objectives, b.objectives)
    if [p.id for p in a.phases] != [p.id for p in b.phases]:
        general.append(f"- phases: {' → '.join(p.id for p in a.phases)} ⇒ {' → '.join(p.id for p in b.phases)}")
    if a.interviews != b.interviews:
        general.append(f"- interviews: {', '.join(i.type.value for i in a.interviews) or 'none'} ⇒ "
                       f"{', '.join(i.type.value for i in b.interviews) or 'none'}"
                       + (" (details edited)" if [i.type for i in a.interviews] == [i.type for i in b.interviews] else ""))
    if a.completion != b.completion:
        general.append("- completion: " + (
            f"{', '.join(c.value for c in a.completion.criteria)} ⇒ {', '.join(c.value for c in b.completion.criteria)}"
            if a.completion.criteria != b.completion.criteria else "text edited"))
    if general:
        lines += ["### Programme", "", *general, ""]
    old_plan, new_plan = _timed(a, project), _timed(b, project)
    old_days = [t.day for t in old_plan.sessions]
    new_days = [t.day for t in new_plan.sessions]
    old_ids = [s.id for s in a.sessions]
    new_ids = [s.id for s in b.sessions]
    session_lines: list[str] = []
    for index, session in enumerate(b.sessions):
        if session.id not in old_ids:
            session_lines.append(f"- added: {_session_line(session, index + 1, new_days[index], language)}")
    for index, session in enumerate(a.sessions):
        if session.id not in new_ids:
            session_lines.append(f"- removed: {_session_line(session, index + 1, old_days[index], language)}")
    kept_old = [i for i in old_ids if i in new_ids]
    kept_new = [i for i in new_ids if i in old_ids]
    for sid in kept_new:
        i, j = old_ids.index(sid), new_ids.index(sid)
        old_s, new_s = a.sessions[i], b.sessions[j]
        if kept_old.index(sid) != kept_new.index(sid):
            session_lines.append(f"- moved: `{sid}` {new_s.title}: session {i + 1} → {j + 1}")
        changes = _session_changes(old_s, new_s, old_days[i], new_days[j], language)
        if changes:
            session_lines.append(f"- `{sid}` {new_s.title}:")
            session_lines += [f"    - {c}" for c in changes]
    if session_lines:
        lines += ["### Sessions", "", *session_lines, ""]
    rows = []
    rows.append(("sessions", str(len(a.sessions)), str(len(b.sessions))))
    rows.append(("days", str(len(old_plan.days)), str(len(new_plan.days))))
    rows.append(("training time", _hm(old_plan.total_minutes, language), _hm(new_plan.total_minutes, language)))
    e1, w1, r1 = _compliance(old)
    e2, w2, r2 = _compliance(new)
    rows.append(("rule errors", str(e1), str(e2)))
    rows.append(("warnings", str(w1), str(w2)))
    lines += ["### Totals and rule compliance", "", "| | before | after |", "|---|---|---|"]
    lines += [f"| {name} | {x} | {y} |" for name, x, y in rows]
    lines.append("")
    if r2 - r1:
        lines.append("Rules broken after, not before: " + ", ".join(f"`{r}`" for r in sorted(r2 - r1)) + ".")
    if r1 - r2:
        lines.append("Rules met after, broken before: " + ", ".join(f"`{r}`" for r in sorted(r1 - r2)) + ".")
    new_errors = [p for p in new.problems if p.severity is Severity.ERROR]
    if new_errors:
        lines += ["", "Errors in the later version:", ""]
        lines += [f"- {p.format()}" for p in new_errors]
    return lines + [""]


def diff_report(root: Path, project: Project, rev1: str, rev2: str, ids: Iterable[str] = ()) -> str:
    """The Markdown report of the programmes that differ between ``rev1`` and ``rev2``.

    ``ids`` limits it to those programmes (an id present in neither revision raises
    :class:`GitError`). Raises :class:`GitError` for an unknown revision.
    """
    c1, d1 = resolve(root, rev1)
    c2, d2 = resolve(root, rev2)
    before, after = programme_files(root, c1), programme_files(root, c2)
    wanted = list(ids)
    for pid in wanted:
        if pid not in before and pid not in after:
            raise GitError(f"no programme '{pid}' in {rev1} or {rev2} (looked in {PROGRAMMES_DIR.as_posix()}/)")
    names = wanted or sorted(set(before) | set(after))
    today = dt.date.today()
    out = [f"# Programme changes: {rev1} ({c1}, {d1}) → {rev2} ({c2}, {d2})", ""]
    unchanged = []
    for pid in names:
        if pid not in before:
            version = read_version(root, project, c2, after[pid], today)
            title = version.programme.title if version.programme else pid
            count = len(version.programme.sessions) if version.programme else 0
            out += [f"## {title} (`{pid}`)", "", f"New programme in {rev2}: {count} session(s).", ""]
            continue
        if pid not in after:
            version = read_version(root, project, c1, before[pid], today)
            title = version.programme.title if version.programme else pid
            out += [f"## {title} (`{pid}`)", "", f"Removed in {rev2}.", ""]
            continue
        if git(root, "rev-parse", f"{c1}:{before[pid]}") == git(root, "rev-parse", f"{c2}:{after[pid]}"):
            unchanged.append(pid)
            continue
        old = read_version(root, project, c1, before[pid], today)
        new = read_version(root, project, c2, after[pid], today)
        out += programme_report(pid, old, new, project)
    if unchanged:
        out += [f"Unchanged: {', '.join(f'`{u}`' for u in unchanged)}.", ""]
    if len(out) == 2:
        out += ["No programme changed.", ""]
    return "\n".join(out).rstrip() + "\n"
