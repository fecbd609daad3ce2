"""Page fragments that depend only on the rubric and the language, rendered once each.

A section page repeats, per item, the prompt, the reference, the guidance and the evidence
hint: the same HTML for every organisation, in each language. Templates wrap such HTML in
`{% call rubric_fragment(rubric, lang, 'name', item.id) %}…{% endcall %}`; the block is
rendered the first time and kept with the rubric (`PerRubric`). A wrapped block must use
nothing but the rubric, the language and the key: no answers, users or organisations.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from markupsafe import Markup

from rcapp.assessments.views.blueprint import bp
from rcapp.rubrics.derived import PerRubric
from rcapp.rubrics.model import Rubric

# Two languages × a few hundred items × a few fragments per rubric version in use.
_fragments: PerRubric[Markup] = PerRubric(size=8192)


@bp.app_template_global("rubric_fragment")
def rubric_fragment(rubric: Rubric, lang: str, *key: Hashable, caller: Callable[[], str]) -> Markup:
    """Return the call block's HTML for (`rubric`, `lang`, `key`), rendering it only once."""
    return _fragments.get(rubric, (lang, *key), lambda: Markup(caller()))  # noqa: S704 - rendered by autoescaping Jinja
