"""A reviewer's save refused because the page it came from no longer has its form.

The assignment was submitted in another tab, the year closed, the review finalised, the
reviewer withdrawn or the answers returned for revision: the full page (or the page a
redirect leads to) says why with an error flash. A save sent in place (save-in-place.js,
Accept: application/json) gets the same words as JSON instead, with the address the
ordinary form would have led to: the script shows them at the item, the input still in the
form (kept as a draft, the item's unsaved note pointing to the link rather than to the save
button), and offers the link; it does not send the form again (on a weak network the second
POST only brought the same refusal ten seconds later).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, jsonify, make_response, redirect, request
from werkzeug.wrappers import Response

from rcapp import db


def wants_parts() -> bool:
    """Tell whether the save was sent by save-in-place.js, which reads JSON only."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def refused_page(
    message: str, location: str, link: str, page: Callable[[], str] | None = None
) -> Response:
    """Undo the refused save and say `message`: in place, or as a flash on the full page.

    `location`: the page to go on from (the ordinary answer redirects there unless `page`
    renders the answer itself, at the address posted to); `link`: that page's link words.
    """
    db.session().rollback()
    if wants_parts():
        answer = jsonify(status="reload", message=message, location=location, link=link)
        answer.status_code = 409
        return answer
    flash(message, "error")
    if page is None:
        return redirect(location)
    return make_response(page(), 409)
