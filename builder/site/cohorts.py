"""Upcoming cohorts on a programme's page: only those whose organiser opted in (``publish: true``).

A separate block so the site's page generation stays independent of it: one
function gives the Markdown, the programme page template places it.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from builder.load.project import Project
from builder.model.cohort_plan import plan
from builder.render.cohort_data import long_date
from builder.render.context import Labels
from builder.site import text


def upcoming_block(project: Project, programme_id: str, labels: Labels, today: dt.date) -> Markup:
    """A Markdown section listing the programme's published cohorts whose last day is ``today`` or later.

    Empty when there are none. Each line: the cohort's title, its period and its venue.
    """
    programmes = {p.model.id: p.model for p in project.programmes}
    programme = programmes.get(programme_id)
    if programme is None:
        return Markup("")
    lines = []
    for loaded in sorted(project.cohorts, key=lambda c: c.model.id):
        cohort = loaded.model
        if not cohort.publish or cohort.programme != programme_id:
            continue
        framework = project.frameworks.get(programme.framework)
        if framework is None:
            continue
        try:
            dated = plan(cohort, programme, framework.model.rules_for(programme.kind))
        except (ValueError, KeyError):  # a bad time zone: validation reports it, the preview shows the rest
            continue
        if not dated.dates or dated.last < today:
            continue
        first, last = long_date(dated.first, programme.language), long_date(dated.last, programme.language)
        period = labels.cohort_period.format(first=first, last=last) if first != last \
            else labels.cohort_single_day.format(first=first)
        venue = ", ".join([cohort.venue.name, *cohort.venue.address])
        lines.append((dated.first, f"- **{text.md(cohort.title or cohort.id)}** — {text.md(period)} — "
                                   f"{text.md(venue)}"))
    if not lines:
        return Markup("")
    body = "\n".join(line for _first, line in sorted(lines))
    return Markup(f"## {text.md(labels.cohort_upcoming)}\n\n{body}\n")
