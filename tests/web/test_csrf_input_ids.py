"""The CSRF input carries no id (QA39 S5).

Pages with several forms (the overview, the KPI and events pages, a reviewer's assignment)
had two or more <input id="csrf_token">: invalid HTML, and a trap for any label for or
getElementById. The input needs only its name.
"""

from __future__ import annotations

import pytest
from flask import Flask

from rcapp.assessments.shown_form import ShownForm
from rcapp.reviews.forms import SettleForm


def test_the_csrf_input_has_a_name_and_no_id(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    with app.test_request_context():
        for form in (SettleForm(prefix="s-MS.G1.1"), SettleForm()):
            rendered = str(form.csrf_token())
            assert 'type="hidden"' in rendered
            assert "name=" in rendered
            assert " id=" not in rendered, rendered
            assert 'id="csrf_token"' not in form.hidden_tag()
            assert 'id="s-MS.G1.1-csrf_token"' not in form.hidden_tag()
        shown = ShownForm.__new__(ShownForm)
        rendered = str(shown.csrf_token)
        assert 'name="csrf_token"' in rendered
        assert " id=" not in rendered
