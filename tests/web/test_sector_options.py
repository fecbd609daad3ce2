"""The organisation form offers the known sectors (stored Chinese name, labelled in the
page's language) on its free-text sector field, so users pick names that translate.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat, make_user


def _sector_input(page: str) -> str:
    tag = re.search(r'<input[^>]*name="sector"[^>]*>', page)
    assert tag is not None
    return tag.group(0)


def test_the_new_organisation_form_offers_sectors_labelled_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")

    page = client.get("/organisations/new").get_data(as_text=True)

    assert 'list="sector-options"' in _sector_input(page)
    assert 'type="text"' in _sector_input(page)  # free text is still allowed
    assert '<datalist id="sector-options">' in page
    assert '<option value="农药制造" label="Manufacture of pesticides"></option>' in page


def test_the_profile_form_offers_sectors_by_their_chinese_names_on_chinese_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company = make_organisation()
    admin = make_user(company, role=OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)

    page = client.get(f"/organisations/{company.id}/edit").get_data(as_text=True)

    assert 'list="sector-options"' in _sector_input(page)
    assert '<option value="农药制造"></option>' in page
    assert "Manufacture of pesticides" not in page
