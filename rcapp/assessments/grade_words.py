"""A graded score in words: "安全风险等级：C 级（一般安全风险，评分 78）" and what it allows.

A park's safety-risk score (PK-SR-01, item PK3.E1.1) is read as its grade A-D from the
rubric's grades (scoring.score_grades); the result page, the overview, the scorecard PDF and
the results workbook say it with these words. "等级" alone is the maturity level of an item
(glossary: 成熟度等级); a risk grade is always named by the rubric's label (安全风险等级).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import ngettext

from rcapp.assessments.messages import _, number_text
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard
from rcapp.scoring.model import KpiInputs
from rcapp.scoring.score_grades import GradeReading, grade_readings, grade_readings_of_inputs

__all__ = ["GradeWords", "grade_words", "grade_words_of", "grade_words_of_inputs"]


@dataclass(frozen=True)
class GradeWords:
    """The grade's label, the grade with its band name and score, and what it allows."""

    label: str
    value: str
    stars: str

    @property
    def grade(self) -> str:
        """Label and grade as one line: 安全风险等级：C 级（一般安全风险，评分 78）."""
        return _("%(label)s：%(value)s", label=self.label, value=self.value)

    @property
    def sentence(self) -> str:
        """The grade and what it allows, for a workbook cell or a PDF line."""
        return _("%(grade)s。%(stars)s", grade=self.grade, stars=self.stars)


def grade_words(reading: GradeReading, lang: str) -> GradeWords:
    """Word one reading in `lang` (the rubric's texts) and the request's catalogue."""
    value = _(
        "%(grade)s 级（%(name)s，评分 %(score)s）",
        grade=reading.grade.grade,
        name=reading.grade.name.get(lang),
        score=number_text(reading.value),
    )
    return GradeWords(reading.label.get(lang), value, _stars_text(reading))


def grade_words_of(rubric: Rubric, card: Scorecard, lang: str) -> tuple[GradeWords, ...]:
    """Word every graded KPI the scorecard has a value for (none for a company rubric)."""
    return tuple(grade_words(reading, lang) for reading in grade_readings(rubric, card))


def grade_words_of_inputs(rubric: Rubric, inputs: KpiInputs, lang: str) -> tuple[GradeWords, ...]:
    """Word every graded KPI the typed KPI inputs give a value for (the overview)."""
    return tuple(grade_words(r, lang) for r in grade_readings_of_inputs(rubric, inputs))


def _stars_text(reading: GradeReading) -> str:
    grade, allowed, better = reading.grade.grade, reading.max_stars, reading.next_grade
    if allowed is None:
        return _("%(grade)s 级不限制星级", grade=grade)
    if better is None:
        return str(
            ngettext(
                "%(grade)s 级最多可评 %(num)d 星",
                "%(grade)s 级最多可评 %(num)d 星",
                allowed,
                grade=grade,
            )
        )
    if allowed == 0:
        return _("%(grade)s 级不能评星，评星须达到 %(better)s 级", grade=grade, better=better.grade)
    return str(
        ngettext(
            "%(grade)s 级最多可评 %(num)d 星，%(more)d 星须达到 %(better)s 级",
            "%(grade)s 级最多可评 %(num)d 星，%(more)d 星须达到 %(better)s 级",
            allowed,
            grade=grade,
            more=allowed + 1,
            better=better.grade,
        )
    )
