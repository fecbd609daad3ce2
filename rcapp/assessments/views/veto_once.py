"""A veto said once among the star conditions, not in every band it holds (qa49 #10).

A veto that caps the rating fails a gate in each band above the cap; each gate repeated the
long sentence (the rule, the event, the date it stops counting), up to twice per band. The
lowest band it holds says it in full with the bands it affects; the bands above name it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from flask_babel import ngettext

from rcapp.assessments.messages import _
from rcapp.assessments.rating_words import veto_condition
from rcapp.assessments.views.gate_words import GateView, GateWords
from rcapp.scoring import GateKind
from rcapp.scoring.scorecard import BandResult, Gate


def _is_veto(gate: Gate) -> bool:
    return gate.kind is GateKind.VETO and not gate.passed


def band_gate_views(words: GateWords, bands: Sequence[BandResult]) -> list[tuple[GateView, ...]]:
    """Word each band's gates, a failed veto in full at its lowest band only."""
    held: dict[str | None, list[int]] = {}
    for band in bands:
        for gate in filter(_is_veto, band.gates):
            held.setdefault(gate.subject, []).append(band.stars)
    shown = []
    for band in bands:
        views = []
        for gate in band.gates:
            view = words.gate(gate)
            stars = held.get(gate.subject, []) if _is_veto(gate) else []
            if len(stars) > 1 and band.stars == min(stars):
                low, high = min(stars), max(stars)
                text = _("%(veto)s（影响 %(low)d–%(high)d 星）", veto=view.text, low=low, high=high)
                view = dataclasses.replace(view, text=text)
            elif len(stars) > 1:
                title = veto_condition(words.veto_title(gate.subject))
                text = ngettext(
                    "因“%(title)s”一票否决：见 %(num)d 星",
                    "因“%(title)s”一票否决：见 %(num)d 星",
                    min(stars),
                    title=title,
                )
                view = dataclasses.replace(view, text=str(text))
            views.append(view)
        shown.append(tuple(views))
    return shown
