"""The template's drop-downs, with the real rubrics' long event types ("…, KPI data or
evidence"): every list is valid in Excel (a literal list within 255 characters, no entry
split at a comma), and each entry picked from a list imports without a problem."""

from __future__ import annotations

import hashlib
import io
import re

import openpyxl
import pytest
from flask.testing import FlaskClient
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import events_of, rubric_of
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import RUBRICS
from tests.web.test_v2_pages import real_rubrics  # noqa: F401 - a fixture used below

LITERAL_MAX = 255  # Excel refuses (reports the file as damaged) a longer literal list
ERROR_MAX = 225  # the same for a validation's error message


def _assessment(rubric_id: str, version: int) -> tuple[Assessment, str]:
    sha = hashlib.sha256((RUBRICS / rubric_id / f"v{version}.yaml").read_bytes()).hexdigest()
    park = rubric_id == "rc-park"
    cycle = make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=2,
        park_rubric_id="rc-park",
        park_rubric_version=2,
    )
    kind = OrganisationKind.PARK if park else OrganisationKind.COMPANY
    organisation = make_organisation(kind=kind)
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(
        organisation, cycle, rubric_id=rubric_id, rubric_version=version, rubric_sha256=sha
    )
    return assessment, user.email


def _template(client: FlaskClient, assessment: Assessment, lang: str) -> bytes:
    client.get(f"/lang/{lang}?next=/")
    response = client.get(f"/reports/assessments/{assessment.id}/template.xlsx")
    assert response.status_code == 200
    return bytes(response.data)


def _length(text: str) -> int:
    """Count a Chinese character twice, as older Excel and WPS may (its GBK bytes)."""
    return len(text) + sum(1 for char in text if ord(char) > 127)


def _lists(book: Workbook) -> list[tuple[Worksheet, DataValidation, list[str]]]:
    """Every list validation with the entries a user sees in its drop-down."""
    found = []
    for sheet in book.worksheets:
        for validation in sheet.data_validations.dataValidation:
            if validation.type == "list":
                found.append((sheet, validation, _entries(book, validation.formula1)))
    return found


def _entries(book: Workbook, formula: str) -> list[str]:
    if formula.startswith('"'):
        return formula.strip('"').split(",")  # how Excel reads a literal list
    defined = book.defined_names[formula]
    ((title, ref),) = defined.destinations
    return [str(c.value) for row in book[title][ref.replace("$", "")] for c in row]


def _cells(validation: DataValidation) -> list[tuple[str, int]]:
    """The cells a validation covers, as (column letter, row), in order."""
    cells: list[tuple[str, int]] = []
    for part in str(validation.sqref).split():
        low_col, low_row, high_col, high_row = range_boundaries(part)
        for r in range(low_row, high_row + 1):
            cells.extend((get_column_letter(c), r) for c in range(low_col, high_col + 1))
    return cells


@pytest.mark.parametrize(
    ("rubric_id", "version"), [("rc-company", 2), ("rc-company", 1), ("rc-park", 2)]
)
@pytest.mark.usefixtures("real_rubrics")
def test_every_list_is_valid_in_excel_and_lists_each_choice_once(
    client: FlaskClient, db_session: Session, auth: AuthActions, rubric_id: str, version: int
) -> None:
    assessment, email = _assessment(rubric_id, version)
    db_session.commit()
    auth.login(email)
    rubric = rubric_of(assessment)
    for lang in ("zh_CN", "en"):
        book = openpyxl.load_workbook(io.BytesIO(_template(client, assessment, lang)))
        lists = _lists(book)
        assert lists
        for sheet, validation, entries in lists:
            where = (lang, sheet.title, str(validation.sqref))
            if validation.formula1.startswith('"'):
                assert _length(validation.formula1) <= LITERAL_MAX, where
            assert _length(validation.error or "") <= ERROR_MAX, where
            assert all(entry.strip() for entry in entries), where
        events = next(sheet for sheet in book.worksheets if sheet.title in ("事件", "Events"))
        by_column = {_cells(v)[0][0]: e for s, v, e in lists if s is events}
        labels = [t.label.get("en" if lang == "en" else "zh") for t in rubric.event_types]
        assert by_column["A"] == labels  # one entry per type, commas and all
    assert any("," in t.label.en for t in rubric.event_types)  # what split the old list


def _event_rows(
    book: Workbook, rubric_graded: dict[str, bool], lang: str
) -> dict[tuple[str, int, str], object]:
    """One new event per listed type (and per listed grade), with each yes/no entry."""
    lists = _lists(book)
    events = next(sheet for sheet in book.worksheets if sheet.title in ("事件", "Events"))
    by_column = {_cells(v)[0][0]: (e, _cells(v)) for s, v, e in lists if s is events}
    types, rows = by_column["A"]
    grades, _ = by_column["B"]
    resolved, _ = by_column["H"]
    graded = next(label for label in types if rubric_graded[label])
    picks = [(t, grades[0] if rubric_graded[t] else None) for t in types]
    picks += [(graded, grade) for grade in grades[1:]]
    cells: dict[tuple[str, int, str], object] = {}
    for index, (event_type, grade) in enumerate(picks):
        r = rows[index][1]
        cells.update(
            {
                (events.title, r, "A"): event_type,
                (events.title, r, "B"): grade,
                (events.title, r, "C"): f"2025-01-{index + 1:02d}",
                (events.title, r, "G"): f"{lang} event {index}",
                (events.title, r, "H"): resolved[index % len(resolved)],
            }
        )
    return cells


def _answer_picks(book: Workbook) -> dict[tuple[str, int, str], object]:
    """Each entry of each list on the answer sheets, each in a row of its own."""
    cells: dict[tuple[str, int, str], object] = {}
    for sheet, validation, entries in _lists(book):
        if sheet.title in ("事件", "Events"):
            continue
        used = {r for (title, r, _c) in cells if title == sheet.title}
        free = [
            (column, r)
            for column, r in _cells(validation)
            if r not in used and "." in str(sheet[f"A{r}"].value)  # items, not a section's N/A
        ]
        for entry, (column, r) in zip(entries, free, strict=False):
            cells[(sheet.title, r, column)] = entry
            if column == "F" and entry in ("是", "Yes", "yes"):
                # a reason only with N/A: beside "no" it is refused (qa9 S6)
                cells[(sheet.title, r, "G")] = "不涉及 / not relevant"
            used.add(r)
    return cells


def _fill(data: bytes, cells: dict[tuple[str, int, str], object]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for (title, r, column), value in cells.items():
        book[title][f"{column}{r}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: FlaskClient, assessment: Assessment, data: bytes) -> tuple[int, str]:
    response = client.post(
        f"/reports/assessments/{assessment.id}/import",
        data={"file": (io.BytesIO(data), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.usefixtures("real_rubrics")
def test_each_entry_picked_from_a_list_imports(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, email = _assessment("rc-company", 2)
    db_session.commit()
    auth.login(email)
    rubric = rubric_of(assessment)
    registered = 0
    for lang in ("zh_CN", "en"):
        template = _template(client, assessment, lang)
        book = openpyxl.load_workbook(io.BytesIO(template))
        graded = {t.label.get("en" if lang == "en" else "zh"): t.graded for t in rubric.event_types}
        events = _event_rows(book, graded, lang)
        status, page = _upload(client, assessment, _fill(template, events))
        assert status == 200, re.findall(r"工作表[^<]*|Sheet[^<]*", page)
        token = re.search(r"/import/([0-9a-f]{32})", page)
        assert token is not None
        url = f"/reports/assessments/{assessment.id}/import/{token.group(1)}"
        assert client.post(url, data={"action": "apply"}).status_code == 302
        registered += len({c for c in events if c[2] == "A"})
        db_session.expire_all()
        stored = events_of(assessment.organisation_id)
        assert len(stored) == registered
        assert {e.event_type for e in stored} == {t.id for t in rubric.event_types}
        answers = _answer_picks(book)
        status, page = _upload(client, assessment, _fill(template, answers))
        assert status == 200, re.findall(r"工作表[^<]*|Sheet[^<]*", page)
