"""Page fragments that depend only on the rubric and the language, rendered once each.

A section page repeats, per item, the prompt, the reference, the guidance and the evidence
hint: the same HTML for every organisation, in each language. Templates wrap such HTML in
`{% call rubric_fragment(rubric, lang, 'name', item.id) %}…{% endcall %}`; the block is
rendered the first time and kept with the rubric (`PerObject`). A wrapped block must use
nothing but the rubric, the language and the key: no answers, users or organisations.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from markupsafe import Markup

from rcapp.assessments.views.blueprint import bp
from rcapp.assessments.views.result_page import ResultPage, shown_key
from rcapp.object_cache import PerObject
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard

# Two languages × a few hundred items × a few fragments per rubric version in use.
_fragments: PerObject[Rubric, Markup] = PerObject(size=8192)


# The body of a kept snapshot's result page: a few hundred kept pages of some tens of kB.
_result_bodies: PerObject[Scorecard, Markup] = PerObject(size=256)


@bp.app_template_global("rubric_fragment")
def rubric_fragment(rubric: Rubric, lang: str, *key: Hashable, caller: Callable[[], str]) -> Markup:
    """Return the call block's HTML for (`rubric`, `lang`, `key`), rendering it only once."""
    return _fragments.get(rubric, (lang, *key), lambda: Markup(caller()))  # noqa: S704 - rendered by autoescaping Jinja


@bp.app_template_global("result_fragment")
def result_fragment(
    page: ResultPage, rubric: Rubric, lang: str, *key: Hashable, caller: Callable[[], str]
) -> Markup:
    """Return the call block's HTML for a result page, rendered once per kept snapshot.

    A live score is rendered every time. The block may use the page, the rubric, the
    language and the key (the assessment's id for its links), nothing about the user.
    """
    if page.shown.kind is None:
        return Markup(caller())  # noqa: S704 - rendered by autoescaping Jinja
    full = (shown_key(rubric, page.shown, lang), *key)
    return _result_bodies.get(page.card, full, lambda: Markup(caller()))  # noqa: S704 - as above
