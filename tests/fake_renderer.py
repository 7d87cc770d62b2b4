"""A stand-in renderer for orchestrator tests: one small file per programme, or a chosen failure."""

from __future__ import annotations

import os
import time

from builder.problems import Location
from builder.render.context import RenderContext, TemplateProblem
from builder.write.output import Artifact


def render(ctx: RenderContext) -> list[Artifact]:
    mode = os.environ.get("FAKE_RENDERER_MODE", "ok")
    time.sleep(float(os.environ.get("FAKE_RENDERER_DELAY", "0")))  # lets a second worker take the next unit
    if mode == "raise":
        raise RuntimeError("disk on fire")
    if mode == "template":
        raise TemplateProblem("'session' is undefined", Location("guide/session.html.j2", 3, 1))
    if mode == "duplicate":  # every programme writes the same path
        return [Artifact("guides/same.txt", loaded.model.id.encode()) for loaded in ctx.project.programmes]
    if mode == "probe":  # which template folder wins: the artifact holds the rendered probe template
        return [Artifact(f"guides/{p.model.id}.txt", ctx.render_template("probe.txt").encode()) for p in ctx.project.programmes]
    artifacts = []
    for loaded in ctx.project.programmes:
        path = f"guides/{loaded.model.id}.txt" if mode == "ok" else "guides/../../escaped.txt"
        artifacts.append(Artifact(path, f"{loaded.model.title} {os.getpid()}".encode()))
    return artifacts
