"""The home card's star advice in words: the conditions it names, worded as the result page.

A returned (editable) self-assessment that needs a peer review for the next star may fall
short of that star in other ways it can still mend (qa40 S3: 总分 65.7 < 70 beside the peer
review); a vetoed one cannot reach it this year at all, and says until when (qa40 S4).
"""

from __future__ import annotations

from rcapp.assessments.home_todo import OwnTodo
from rcapp.assessments.views.gate_words import GateWords
from rcapp.assessments.views.reach_words import reach_view
from rcapp.scoring import GateKind, GateReach


def own_conditions(todo: OwnTodo, lang: str) -> list[str]:
    """Word the next star's failed conditions the organisation itself can still meet.

    The peer review is others' to give (the card says so first); a condition waiting for
    the group's statistics has not failed.
    """
    if todo.card is None or todo.rubric is None:
        return []
    words = GateWords(todo.rubric, todo.card, lang, todo.cycle.year)
    return [
        words.gate(gate).text
        for gate in todo.card.rating.binding
        if gate.reach is GateReach.COMPANY and not words.awaits(gate)
    ]


def veto_words(todo: OwnTodo, lang: str) -> list[str]:
    """Word each veto that takes the next star this year: its event, when it stops counting."""
    card = todo.card
    if card is None or card.path is None or todo.rubric is None:
        return []
    words = GateWords(todo.rubric, card, lang, todo.cycle.year)
    texts: list[str] = []
    for gate in card.path.blockers:
        if gate.kind is GateKind.VETO and gate.reach is GateReach.NOT_THIS_YEAR:
            text = words.gate(gate).text
            if text not in texts:
                texts.append(text)
    return texts


def veto_headline(todo: OwnTodo, lang: str) -> str:
    """Say the most stars within reach this year as the result page does (its reach headline).

    The card said "本年度无法获得 N 星" of a major hidden danger, whose veto ends once it is
    rectified; the result page says 5 stars are within reach after rectifying (secwords #4).
    """
    if todo.card is None or todo.rubric is None:
        return ""
    words = GateWords(todo.rubric, todo.card, lang, todo.cycle.year)
    found = reach_view(words, todo.card, 0)
    return "" if found is None else found.headline
