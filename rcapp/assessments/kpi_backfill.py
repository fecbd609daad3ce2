"""Save an organisation's self-declared core KPI inputs of earlier years (补录, qa63).

Who and when: whoever may edit the assessment of an open year, before it is submitted
(the same lock as the KPI page). Which years: the two before the assessment's year
(kpi_backfill_rows.BACKFILL_YEARS), each only when the organisation had no assessment in
it, so no year's own assessment data is ever changed or stood in for. A row entered with
an earlier year's assessment stays as it was: that year's result was worked out with it.
No secretariat confirmation: the figures are self-declared like every KPI input, and are
marked as backfill wherever they show (KPI page, result page, workbook, audit log).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.changes import (
    SaveResult,
    lock_editable,
    stored_after,
    touch,
    up_to_date,
)
from rcapp.assessments.kpi_backfill_rows import (
    assessed_years,
    backfill_candidates,
    backfill_inputs,
    backfill_rows,
)
from rcapp.assessments.kpi_inputs import stored_kpi_values, write_checked
from rcapp.assessments.models import Assessment, KpiBackfill
from rcapp.assessments.validation import KpiEntry, Problem, check_kpi_input
from rcapp.audit.services import record
from rcapp.errors import InvalidState
from rcapp.rubrics.model import Rubric

logger = logging.getLogger(__name__)

BACKFILL_ACTION = "kpi.backfill"


def open_backfill_years(assessment: Assessment) -> tuple[int, ...]:
    """Return the earlier years this assessment may backfill (none once it is locked)."""
    if not (assessment.is_editable and assessment.cycle.is_open):
        return ()
    candidates = backfill_candidates(assessment.cycle.year)
    assessed = assessed_years(assessment.organisation_id, candidates)
    return tuple(year for year in candidates if year not in assessed)


def signed_year(assessment: Assessment) -> int | None:
    """Return the year the organisation signed the RC commitment (None: not recorded)."""
    signed = assessment.organisation.commitment_signed_on
    return None if signed is None else signed.year


def expected_backfill_years(assessment: Assessment) -> tuple[int, ...]:
    """Return the open backfill years the organisation was a signatory in.

    Annual KPI reporting is a signatory's duty (domain.md §8.2 validity), so only these
    count as this year's way up; a year before signing may still be backfilled, of the
    organisation's own will (optional_backfill_years), and is never asked for.
    """
    signed = signed_year(assessment)
    return tuple(y for y in open_backfill_years(assessment) if signed is None or y >= signed)


def optional_backfill_years(assessment: Assessment) -> tuple[int, ...]:
    """Return the open backfill years before the organisation signed the commitment."""
    expected = expected_backfill_years(assessment)
    return tuple(y for y in open_backfill_years(assessment) if y not in expected)


def year_backfills(assessment: Assessment, year: int) -> dict[str, KpiBackfill]:
    """Return the year's backfilled inputs this assessment reads (input id → row)."""
    return backfill_rows(assessment.organisation_id, assessment.cycle.year).get(year, {})


def is_own(assessment: Assessment, row: KpiBackfill) -> bool:
    """Whether the row was entered with this assessment (only then may it change)."""
    return row.entered_in_id == assessment.id


def save_backfill(
    assessment: Assessment,
    rubric: Rubric,
    year: int,
    entries: Mapping[str, KpiEntry],
    actor: User,
) -> SaveResult:
    """Save every valid backfilled input of `year`; an empty value removes the input.

    Raise InvalidState when the assessment is locked or the year may not be backfilled;
    KeyError for an input that is not a core KPI's. Rows entered with an earlier
    assessment are left as they are (the page shows them read-only).
    """
    existing = year_backfills(assessment, year)
    mine = {
        i: e for i, e in entries.items() if i not in existing or is_own(assessment, existing[i])
    }
    checked, problems = check_backfill(assessment, rubric, year, mine)
    versions = {i: entry.version for i, entry in mine.items()}
    taken = up_to_date(versions, existing)
    changed, conflicts = write_checked(
        checked, existing, versions, lambda row, i, v: _apply(assessment, year, row, i, v, actor)
    )
    if changed:
        touch(assessment)
    db.session().flush()
    logger.info(
        "assessment %s KPI backfill of %s by %s: %d changed, %d problems, %d conflicts",
        assessment.id,
        year,
        actor.id,
        len(changed),
        len(problems),
        len(conflicts),
    )
    stored = stored_after(taken, year_backfills(assessment, year), stored_kpi_values)
    return SaveResult(tuple(problems), (), tuple(changed), tuple(conflicts), stored)


def check_backfill(
    assessment: Assessment, rubric: Rubric, year: int, entries: Mapping[str, KpiEntry]
) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Check `entries` of `year` as save_backfill does, writing nothing: (checked, problems).

    The web page saves through save_backfill; the Excel import previews with this first
    (rcapp.reports.import_backfill), so a value is refused in both with the same words.
    Raise InvalidState and KeyError as save_backfill does.
    """
    lock_backfill_years(assessment, (year,))
    return check_backfill_entries(rubric, entries)


def lock_backfill_years(assessment: Assessment, years: Iterable[int]) -> None:
    """Lock the editable assessment, and raise InvalidState unless each of `years` is open.

    check_backfill does it for its year; an import's preview does it once for every year
    its rows name, then checks each row with check_backfill_entries.
    """
    lock_editable(assessment, "backfill KPI inputs")
    open_years = open_backfill_years(assessment)
    for year in years:
        if year not in open_years:
            raise InvalidState("kpi_backfill", str(year), "backfill KPI inputs")


def check_backfill_entries(
    rubric: Rubric, entries: Mapping[str, KpiEntry]
) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Check backfilled entries' values as check_backfill does, once the years are locked.

    Raise KeyError for an input that is not a core KPI's.
    """
    inputs = {kpi_input.id: kpi_input for kpi_input in backfill_inputs(rubric)}
    unknown = set(entries) - set(inputs)
    if unknown:
        raise KeyError(f"no core KPI inputs {sorted(unknown)} in {rubric.key}")
    problems: list[Problem] = []
    checked: dict[str, dict[str, Any]] = {}
    for input_id, entry in entries.items():
        # no doubts against the year after: the figures are of a year no one reported
        checked[input_id], found, _doubts = check_kpi_input(inputs[input_id], entry, None)
        problems.extend(found)
    return checked, problems


def _apply(
    assessment: Assessment,
    year: int,
    row: KpiBackfill | None,
    input_id: str,
    values: Mapping[str, Any],
    actor: User,
) -> bool:
    """Write one input; audit it as a self-declared backfill of `year`."""
    before = stored_kpi_values(row)
    if "value" in values and values["value"] is None:
        if row is None:
            return False
        db.session().delete(row)
        _audit(actor, assessment, input_id, year, before, {})
        return True
    if row is None:
        if "value" not in values:
            return False  # the value is wrong: nothing to keep a note on yet
        row = KpiBackfill(
            organisation_id=assessment.organisation_id,
            year=year,
            input_id=input_id,
            value=values["value"],
            note=values.get("note"),
            entered_in_id=assessment.id,
            entered_year=assessment.cycle.year,
            updated_by_id=actor.id,
        )
        db.session().add(row)
        _audit(actor, assessment, input_id, year, {}, stored_kpi_values(row))
        return True
    changes = {name: v for name, v in values.items() if getattr(row, name) != v}
    if not changes:
        return False
    for name, value in changes.items():
        setattr(row, name, value)
    row.updated_by_id = actor.id
    _audit(actor, assessment, input_id, year, {n: before[n] for n in changes}, changes)
    return True


def _audit(
    actor: User,
    assessment: Assessment,
    input_id: str,
    year: int,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> None:
    # the year and "self-declared" go with both sides, so either alone says what it was
    said = {"year": year, "self_declared": True}
    record(
        actor,
        "assessment",
        assessment.id,
        BACKFILL_ACTION,
        field=input_id,
        before={**said, **before} if before else None,
        after={**said, **after} if after else None,
    )
