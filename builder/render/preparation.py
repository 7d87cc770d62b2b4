"""What a facilitator prepares for an outing or an external contributor, in the programme's words.

One structure, worded with the labels, for every output that shows it: the guide
(HTML and print), the decks' speaker notes and the site's session pages. An
activity without an ``outing`` or ``contributor`` block has no preparation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from builder.model.programme import Activity


@dataclass(frozen=True)
class Preparation:
    """A titled block: facts (label, text) then labelled lists, in the order a facilitator reads them."""

    kind: str
    """'outing' or 'contributor' (for CSS classes and anchors)."""
    title: str
    facts: tuple[tuple[str, str], ...]
    lists: tuple[tuple[str, tuple[str, ...]], ...]

    def lines(self, colon: str, bullet: str = "• ") -> list[str]:
        """The block as plain lines (speaker notes, Markdown): the title, each fact, each list with bullets."""
        result = [self.title]
        result.extend(f"{label}{colon}{text}" for label, text in self.facts)
        for label, items in self.lists:
            result.append(f"{label}{colon.rstrip()}")
            result.extend(bullet + item for item in items)
        return result


def preparations(activity: Activity, labels: Mapping[str, str]) -> tuple[Preparation, ...]:
    """The activity's preparation blocks (outing, then contributor), worded with ``labels``."""
    found: list[Preparation] = []
    facts: tuple[tuple[str, str], ...]
    lists: tuple[tuple[str, tuple[str, ...]], ...]
    outing = activity.outing
    if outing is not None:
        facts = (
            (labels["outing_destination"], outing.destination),
            (labels["outing_transport"], outing.transport),
            (labels["outing_authorisation"], outing.authorisation),
            (labels["outing_risks"], outing.risks),
            (labels["outing_if_unable"], outing.if_unable),
        )
        lists = ((labels["outing_checklist"], tuple(outing.checklist)),) if outing.checklist else ()
        found.append(Preparation("outing", labels["preparation_outing"], facts, lists))
    contributor = activity.contributor
    if contributor is not None:
        facts = (
            (labels["contributor_organisation"], contributor.organisation),
            (labels["contributor_role"], contributor.role),
            (labels["contributor_present"], contributor.present),
        )
        lists = (
            (labels["contributor_brief"], tuple(contributor.brief)),
            (labels["contributor_must_not"], tuple(contributor.must_not)),
        )
        found.append(Preparation("contributor", labels["preparation_contributor"], facts, lists))
    return tuple(found)
