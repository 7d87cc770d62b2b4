"""A stand-in renderer for orchestrator tests: one small file per programme, or a chosen failure."""

from __future__ import annotations

import os
import time

from builder.render.context import RenderContext, TemplateProblem
from builder.write.output import Artifact


def render(ctx: RenderContext) -> list[Artifact]:
    mode = os.environ.get("FAKE_RENDERER_MODE", "ok")
    time.sleep(float(os.environ.get("FAKE_RENDERER_DELAY", "0")))  # lets a second worker take the next unit
    if mode == "raise":
        raise RuntimeError("disk on fire")
    if mode == "template":
        raise TemplateProblem("guide/session.html.j2:3: 'session' is undefined")
    if mode == "probe":  # which template folder wins: the artifact holds the rendered probe template
        return [Artifact(f"guides/{p.model.id}.txt", ctx.render_template("probe.txt").encode()) for p in ctx.project.programmes]
    artifacts = []
    for loaded in ctx.project.programmes:
        path = f"guides/{loaded.model.id}.txt" if mode == "ok" else "guides/../../escaped.txt"
        artifacts.append(Artifact(path, f"{loaded.model.title} {os.getpid()}".encode()))
    return artifacts
