#!/usr/bin/env python3
"""Handouts and pages per shipped programme (participant PDFs rendered by the handouts target)."""
import io, os
from pypdf import PdfReader
from builder.validate.runner import validate
from builder.render.context import RenderContext
from builder.render.handouts import render_programme
from pathlib import Path
root = Path.cwd()
project, _ = validate(root)
ctx = RenderContext(project=project)
tot_h = tot_p = tot_packs = 0
for loaded in sorted(project.programmes, key=lambda p: p.model.id):
    view = ctx.view(loaded)
    arts = render_programme(ctx, view)
    ids = {h.id for h in view.programme.handouts}
    pages = sum(len(PdfReader(io.BytesIO(a.data)).pages) for a in arts if Path(a.path).stem in ids)
    packs = [a for a in arts if Path(a.path).stem not in ids]
    kinds = {}
    for h in view.programme.handouts: kinds[h.type.value] = kinds.get(h.type.value, 0) + 1
    print(f"{view.programme.id:28} {len(ids):2} handouts {pages:3} pages  {len(packs)} session packs  {kinds}")
    tot_h += len(ids); tot_p += pages; tot_packs += len(packs)
print(f"total: {tot_h} handouts, {tot_p} pages, {tot_packs} session packs")
