"""The ``decks`` target: a .pptx per session and an overview deck per programme.

``render(ctx)`` returns ``decks/<programme-id>/<session-id>.pptx`` for every
session and ``decks/<programme-id>/overview.pptx`` for every programme, built on
the slide master found by :func:`builder.render.deck_master.find_master` (an
organisation's ``--templates`` folder first). Nothing is written here. A broken
master or a missing label is a :class:`TemplateProblem`, so the build stops and
the previous decks stay as they were.
"""

from __future__ import annotations

import datetime as dt

from builder.render.context import ProgrammeView, RenderContext, TemplateProblem
from builder.render.deck_master import DeckMaster
from builder.render.deck_plan import plan_overview, plan_session
from builder.render import fmt
from builder.render.deck_write import DeckMeta, SlideSpec, write_deck
from builder.write.output import Artifact

OVERVIEW = "overview"


def plan(view: ProgrammeView) -> dict[str, list[SlideSpec]]:
    """Each deck of a programme by file stem (session ids, then ``overview``), as slide specs."""
    decks: dict[str, list[SlideSpec]] = {}
    for timed in view.sessions:
        if timed.session.id == OVERVIEW:
            raise ValueError(
                f"{view.loaded.display}: a session id '{OVERVIEW}' would overwrite the programme's overview deck; "
                "rename the session"
            )
        decks[timed.session.id] = plan_session(view, timed)
    decks[OVERVIEW] = plan_overview(view)
    return decks


def render(ctx: RenderContext) -> list[Artifact]:
    """Every deck of every programme, as artifacts under ``decks/``."""
    master = DeckMaster.load(ctx.template_dirs)
    stamp = _stamp_time(ctx)
    artifacts: list[Artifact] = []
    for view in ctx.views():
        programme = view.programme
        try:
            decks = plan(view)
        except KeyError as exc:  # a label missing from templates/labels/<lang>.yaml
            raise TemplateProblem(f"labels/{programme.language}.yaml: {exc.args[0]}") from None
        for stem, specs in decks.items():
            meta = DeckMeta(
                programme.title,
                programme.language,
                stamp,
                author=ctx.project.settings.organisation,
                footer=fmt.programme_short_title(programme),
            )
            data = write_deck(master, specs, programme.language, meta)
            artifacts.append(Artifact(f"decks/{programme.id}/{stem}.pptx", data))
    return artifacts


def _stamp_time(ctx: RenderContext) -> dt.datetime:
    """When the decks were made, for their file properties: the date of the programme's last commit
    (so a rebuild gives the same properties), else today outside git."""
    day = ctx.stamp.date or dt.datetime.now(dt.timezone.utc).date()
    return dt.datetime(day.year, day.month, day.day)
