"""Forms built from the rubric: a section's items, prerequisites, KPI inputs; events, evidence.

Fields keep what was typed as text; the services check it against the rubric, so a wrong
value comes back with a message next to it instead of being dropped by the form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, cast

from flask_wtf.file import MultipleFileField
from wtforms import (  # type: ignore[attr-defined] # stubs 3.2 lack SelectChoice (WTForms 3.3)
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired

from rcapp.assessments.answer_words import YES_NO_LABELS, level_label
from rcapp.assessments.changes import Conflict
from rcapp.assessments.event_residents import UNREGISTERED
from rcapp.assessments.kpi_backfill_rows import backfill_inputs
from rcapp.assessments.messages import conflict_text, live_problem_text, problem_text
from rcapp.assessments.section_na_words import section_na_taken_text
from rcapp.assessments.validation import EventInput, ItemInput, KpiEntry, Problem, parse_decimal
from rcapp.fields import CleanForm, number_keys
from rcapp.i18n import lazy_gettext as _l
from rcapp.object_cache import PerObject
from rcapp.organisations.models import Organisation
from rcapp.rubrics.grade_names import GRADE_NAMES
from rcapp.rubrics.model import Item, ItemKind, KpiInput, Rubric, Section
from rcapp.stale_forms import (
    Merged,
    mark_stored,
    merge_stale,
    shown_values,
    taken_text,
    typed_since_shown,
)

PARTS = ("level", "value", "na", "na_reason", "evidence_note", "comment")
KPI_PARTS = ("value", "note")
PREREQUISITE_PARTS = ("level", "comment")
SECTION_KEY = "section"


def choices(pairs: Iterable[tuple[str, Any]]) -> list[Any]:
    return [SelectChoice(value, label) for value, label in pairs]


def _yes_no() -> list[Any]:
    return choices((str(level), label) for level, label in YES_NO_LABELS.items())


def key(subject: str, part: str) -> str:
    """Name the form field of one part of an item's answer, e.g. 'C1.E1.2__value'."""
    return f"{subject}__{part}"


def version_field() -> HiddenField:
    """Carry the stored row's version the page shows (0: none yet); a stale one conflicts."""
    return HiddenField(default="0")


def shown_values_field() -> HiddenField:
    """Carry what the page showed of a subject (stale_forms.shown_values), for a conflict."""
    return HiddenField()


def read_version(field: Field | None) -> int | None:
    """Read the version a page sent back; None when it sent none (then nothing is checked)."""
    if field is None or not field.data:
        return None
    try:
        return int(str(field.data))
    except ValueError:
        return None


class RubricForm(CleanForm):
    """A form whose fields come from the rubric; `subjects` are the ids it covers."""

    subjects: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()  # the ids a save just changed (views.saving.run_save)
    unsaved: tuple[str, ...] = ()  # input a lock refused, beside the stored values (qa53 M2)
    answer_parts: tuple[str, ...] = PARTS  # the fields of one subject's answer

    def field_for(self, subject: str, part: str) -> Field | None:
        found: Field | None = self._fields.get(key(subject, part))
        return found

    def typed(self, subject: str) -> ItemInput:
        def text(part: str) -> str:
            found = self.field_for(subject, part)
            return "" if found is None or found.data is None else str(found.data)

        na = self.field_for(subject, "na")
        return ItemInput(
            level=text("level") or None,
            value=text("value") or None,
            is_na=bool(na is not None and na.data),
            na_reason=text("na_reason"),
            evidence_note=text("evidence_note"),
            comment=text("comment"),
            version=read_version(self.field_for(subject, "version")),
        )

    def clear_unsent_choices(self, formdata: Mapping[str, Any]) -> None:
        """Clear the level of each posted subject whose radio group the browser left out.

        A radio group with no radio checked is not sent; the field would keep the stored
        level it was built with, so ticking N/A on an answered item was refused as "N/A and
        a level" (qa18 D1). A subject counts as posted when its version field was sent.
        """
        for subject in self.subjects:
            level = self.field_for(subject, "level")
            if level is None or key(subject, "version") not in formdata:
                continue
            if level.name not in formdata:
                level.data = None
                level.raw_data = []

    def to_answers(self) -> dict[str, ItemInput]:
        return {subject: self.typed(subject) for subject in self.subjects}

    def _target(self, problem: Problem) -> Field | None:
        part = "na" if problem.field == "is_na" else problem.field  # the row's name vs the form's
        return (
            self.field_for(problem.subject, part)
            or self.field_for(problem.subject, "value")
            or self.field_for(problem.subject, "level")
        )

    def apply_problems(self, problems: Iterable[Problem]) -> None:
        """Put each problem's message on its field, shown next to it, naming it by its label."""
        for problem in problems:
            found = self._target(problem)
            if found is not None:
                found.errors = [*found.errors, problem_text(problem, str(found.label.text))]

    def _conflict_target(self, subject: str) -> Field | None:
        return self.field_for(subject, "level") or self.field_for(subject, "value")

    def apply_conflicts(
        self,
        conflicts: Iterable[Conflict],
        names: dict[int, str],
        stored: Mapping[str, Mapping[str, Any]],
        me: int | None = None,
    ) -> list[Conflict]:
        """Rebase the page on what is stored now; return the conflicts left to decide.

        `stored` is each conflict's stored values as form data by part (form_data). Fields
        the user left as the page showed them take the stored value, so saving again keeps
        the colleague's changes; the user's own changes stay, and each one the colleague
        changed too is marked with the stored value (rcapp.stale_forms). A conflict where
        the user changed nothing is settled so. The version field takes the stored version,
        so saving again overwrites on purpose. `me`: the saving user, whose own save in
        another tab is worded as such.
        """
        conflicts = list(conflicts)
        if not conflicts:
            return []
        refreshed = dict(self.refreshed)
        conflict_fields: dict[str, str] = {}
        subjects = {c.subject: self._form_subject(c.subject) for c in conflicts}
        now = type(self)(
            formdata=None,
            data={
                key(subjects[subject], part): data
                for subject, values in stored.items()
                if subject in subjects
                for part, data in values.items()
            },
        )
        left = []
        for conflict in conflicts:
            subject = subjects[conflict.subject]
            version = self.field_for(subject, "version")
            if version is not None:
                version.data = str(conflict.version)
                version.raw_data = [version.data]
            mine = me is not None and conflict.updated_by_id == me
            by = names.get(conflict.updated_by_id or 0)
            merged = self._rebase(subject, now, mine, by)
            if merged is not None and not (merged.both or merged.mine):
                # The user changed nothing of it: it shows what is stored now, noted beside
                # the fields, not as an error. An item both changed stays a conflict for the
                # user to decide (issue 10), even when the two changed different fields: a
                # level and the note that justifies it belong together.
                if not self._note_section_na_taken(subject, conflict, names, mine):
                    refreshed[subject] = conflict.updated_by_id
                continue
            left.append(conflict)
            found = self._message_target(subject, merged)
            others = [] if merged is None else merged.both
            others = [name for name in others if found is None or name != found.name]
            # the item's one saver, named beside each field as in its conflict's message
            mark_stored(self, others, lambda name: shown_text(now[name]), mine, _named(by))
            if found is not None:
                found.errors = [*found.errors, conflict_text(conflict, by, mine)]
                conflict_fields[found.name] = subject
        self.conflicted = bool(left)
        self.conflict_fields = MappingProxyType(conflict_fields)
        self.refreshed = MappingProxyType(refreshed)
        return left

    def take_stored(self, stored: Mapping[str, tuple[int, Mapping[str, Any]]]) -> None:
        """Take the rows a save just stored as the page's own: (version, form data by part) each.

        `stored` holds only rows the page was up to date with (changes.Stored), so each
        one's refused fields still hold what the page was opened with: its "shown" values
        become the stored ones and its version the stored version. The fields keep what
        was typed, a refused value included; the next save from the page is then no
        "changed in another window" (qa38 D2), while a change saved elsewhere after this
        save moves the stored version on and is still caught.
        """
        if not stored:
            return
        subjects = {subject: self._form_subject(subject) for subject in stored}
        now = type(self)(
            formdata=None,
            data={
                key(subjects[subject], part): data
                for subject, (_version, values) in stored.items()
                for part, data in values.items()
            },
        )
        for subject, (version, _values) in stored.items():
            _show_stored_number(self.field_for(subjects[subject], "value"), now, subjects[subject])
            found = self.field_for(subjects[subject], "version")
            if found is not None:
                found.data = str(version)
                found.raw_data = [found.data]
            shown = self.field_for(subjects[subject], "shown")
            if shown is not None:
                parts = [self.field_for(subjects[subject], part) for part in self.answer_parts]
                shown.data = shown_values(now, [f.name for f in parts if f is not None])
                shown.raw_data = [shown.data]

    # The words for a whole section set not applicable meanwhile (section_na_words), if so.
    section_na_taken: str | None = None

    # The fields carrying a conflict's message (field name → form subject): beside each, a
    # link takes the stored content instead (take_stored_link), no retyping it by hand.
    conflict_fields: Mapping[str, str] = MappingProxyType({})

    def in_conflict(self, subject: str) -> bool:
        """Whether the subject shows the user's refused input over a colleague's stored save."""
        return subject in self.conflict_fields.values()

    # Subjects a colleague changed meanwhile, the user not: they now show the stored values.
    # Subject → who saved them (None: unknown). Noted beside their fields, not as errors.
    refreshed: Mapping[str, int | None] = MappingProxyType({})

    def _note_section_na_taken(
        self, subject: str, conflict: Conflict, names: dict[int, str], mine: bool
    ) -> bool:
        """Say beside 本板块整体不适用 who ticked it meanwhile, when and why (qa41 D5)."""
        na = self.field_for(subject, "na")
        if subject != SECTION_KEY or na is None or not conflict.current.get("is_na"):
            return False
        by = names.get(conflict.updated_by_id or 0)
        self.section_na_taken = section_na_taken_text(conflict, by, mine)
        self.taken_notes.pop(na.name, None)  # said once, in these words
        na.errors = [*na.errors, self.section_na_taken]
        return True

    def _form_subject(self, subject: str) -> str:
        return SECTION_KEY if subject == self.section_key() else subject

    def _message_target(self, subject: str, merged: Merged | None) -> Field | None:
        """Return the field to carry a conflict's message: the answer, unless another clashes.

        A note changed in two tabs is marked at the note, not at the level both left alone
        (qa18 S9).
        """
        answer = self._conflict_target(subject) or self.field_for(subject, "na")
        if merged is None or not merged.both:
            return answer
        if answer is not None and answer.name in merged.both:
            return answer
        clashing: Field | None = self._fields.get(merged.both[0])
        return clashing or answer

    def _rebase(
        self, subject: str, now: RubricForm, mine: bool, by: str | None = None
    ) -> Merged | None:
        """Merge the subject's fields with `now` (stored); return what changed on each side.

        None: the page did not say what it showed, so the user decides all. `mine`: the
        stored values were saved by the same user, in another window or tab; `by` who saved
        them. Each field taken from `now` is noted beside it (taken_for), not as an error.
        """
        shown = self.field_for(subject, "shown")
        # Only what the page sent counts: a field left out keeps the stored values the form
        # was built with, which would take every input for the user's own change.
        if shown is None or not shown.data or not shown.raw_data:
            return None
        parts = [self.field_for(subject, part) for part in self.answer_parts]
        names = [field.name for field in parts if field is not None]
        merged = merge_stale(self, now, names, shown.data)
        shown.data = shown_values(now, names)
        shown.raw_data = [shown.data]
        for name in merged.theirs:
            self.taken_notes[name] = taken_text(mine, by)
        return merged

    @property
    def taken_notes(self) -> dict[str, str]:
        """Field name → the note that it now shows what someone saved meanwhile."""
        if "_taken_notes" not in self.__dict__:
            self._taken_notes: dict[str, str] = {}
        return self._taken_notes

    def taken_for(self, subject: str, part: str) -> str | None:
        return self.taken_notes.get(key(subject, part))

    def section_key(self) -> str:
        return ""

    def subject_title(self, subject: str) -> str:
        """Name a subject in a line of text the user keeps: the item's id, as the page shows it."""
        return subject

    def unsaved_lines(self) -> list[str]:
        """Word each field typed since the page was opened, "C6.E6.1 证据说明：…" (qa53 M2).

        For a save refused because the assessment was locked meanwhile: nothing was saved,
        and these lines are what the user would lose.
        """
        lines = []
        for subject in self.subjects:
            form_subject = self._form_subject(subject)
            shown = self.field_for(form_subject, "shown")
            parts = [self.field_for(form_subject, part) for part in self.answer_parts]
            names = [field.name for field in parts if field is not None]
            for name in typed_since_shown(self, names, None if shown is None else shown.data):
                field = self[name]
                text = shown_text(field) or str(_l("（已清空）"))
                title, label = self.subject_title(subject), str(field.label.text)
                head = title if label == title else f"{title} {label}"
                lines.append(f"{head}{_l('：')}{text}")
        return lines

    def apply_warnings(self, warnings: Iterable[Problem]) -> None:
        """Keep doubts about the values a save checked by field name; `warning_for` shows them.

        Apply them after the save's problems and conflicts: a field carrying one was not
        saved, so its doubt is worded without "(已保存)" (a tenfold change beside a refused
        resident count said it was saved). An item refreshed to a colleague's values shows
        no doubt about the stale value checked.
        """
        if not hasattr(self, "field_warnings"):
            self.field_warnings: dict[str, list[str]] = {}
        for problem in warnings:
            found = self._target(problem)
            if found is None or problem.subject in self.refreshed:
                continue
            label = str(found.label.text)
            saved = not found.errors
            text = problem_text(problem, label) if saved else live_problem_text(problem, label)
            self.field_warnings.setdefault(found.name, []).append(text)

    def warning_for(self, subject: str, part: str) -> str | None:
        found = getattr(self, "field_warnings", {}).get(key(subject, part))
        return " ".join(found) if found else None

    def wrong_subjects(self) -> list[str]:
        """Return the ids (in page order) with a message: what must change before saving."""
        return [
            subject
            for subject in self.subjects
            if any(
                name.startswith(f"{subject}__") and field.errors
                for name, field in self._fields.items()
            )
        ]

    def marked_subjects(self) -> list[str]:
        """Return the ids (in page order) with a message or warning, to link to atop the page."""
        warned = {*getattr(self, "field_warnings", {}), *self.taken_notes}
        return [
            subject
            for subject in self.subjects
            if any(
                name.startswith(f"{subject}__") and (field.errors or name in warned)
                for name, field in self._fields.items()
            )
        ]


class SectionForm(RubricForm):
    has_section_na: bool = False
    section_id: str = ""

    def _target(self, problem: Problem) -> Field | None:
        # The section's own N/A fields are keyed "section__…", its problems by section id.
        if problem.subject == self.section_id:
            return self.field_for(SECTION_KEY, problem.field)
        return super()._target(problem)

    def section_na(self) -> ItemInput | None:
        return self.typed(SECTION_KEY) if self.has_section_na else None

    def section_key(self) -> str:
        return self.section_id


def shown_text(field: Field) -> str | None:
    """Return a field's value as the page shows it: a choice's label, 是 for a ticked box."""
    if field.type == "BooleanField":
        return str(_l("是")) if field.data else None
    for choice in getattr(field, "choices", None) or ():
        if choice.value == field.data:
            return str(choice.label)
    return None if field.data is None else str(field.data)


def _item_fields(item: Item, lang: str, rubric: Rubric) -> dict[str, Field]:
    fields: dict[str, Any] = {}
    if item.kind is ItemKind.MATURITY:
        numbers = range(len(rubric.level_labels))
        levels = choices((str(n), level_label(rubric, n, lang)) for n in numbers)
        fields["level"] = RadioField(_l("成熟度等级"), choices=levels, validate_choice=False)
    elif item.kind is ItemKind.YES_NO:
        fields["level"] = RadioField(_l("是否满足"), choices=_yes_no(), validate_choice=False)
    else:
        unit = item.unit.get(lang) if item.unit else ""
        fields["value"] = StringField(
            _l("数值（%(unit)s）", unit=unit), render_kw=number_keys(item.min)
        )
    if item.na_allowed:
        fields["na"] = BooleanField(_l("不适用"))
        fields["na_reason"] = TextAreaField(_l("不适用理由"))
    fields["evidence_note"] = TextAreaField(_l("证据说明"))
    fields["comment"] = TextAreaField(_l("备注"))
    fields["version"] = version_field()
    fields["shown"] = shown_values_field()
    return {key(item.id, part): field for part, field in fields.items()}


# Form classes depend only on the rubric, the section and the language: built once each.
_classes: PerObject[Rubric, type[RubricForm]] = PerObject(size=256)


def build_section_form(rubric: Rubric, section: Section, lang: str) -> type[SectionForm]:
    """Return the form class of one section: per item its level/yes-no/number, N/A, evidence."""
    built = _classes.get(
        rubric, ("section", section.id, lang), lambda: _section_form(rubric, section, lang)
    )
    return cast(type[SectionForm], built)


def _section_form(rubric: Rubric, section: Section, lang: str) -> type[SectionForm]:
    items = [item for element in section.elements for item in element.items]
    attributes: dict[str, Any] = {
        "subjects": tuple(item.id for item in items),
        "section_id": section.id,
    }
    for item in items:
        attributes.update(_item_fields(item, lang, rubric))
    if section.na_allowed:
        attributes["has_section_na"] = True
        attributes[key(SECTION_KEY, "na")] = BooleanField(_l("本板块整体不适用"))
        attributes[key(SECTION_KEY, "na_reason")] = TextAreaField(_l("不适用理由"))
        attributes[key(SECTION_KEY, "version")] = version_field()
        attributes[key(SECTION_KEY, "shown")] = shown_values_field()
    return type(f"SectionForm_{section.id}", (SectionForm,), attributes)


def build_prerequisites_form(rubric: Rubric) -> type[RubricForm]:
    return _classes.get(rubric, ("prerequisites",), lambda: _prerequisites_form(rubric))


def _prerequisites_form(rubric: Rubric) -> type[RubricForm]:
    attributes: dict[str, Any] = {"subjects": tuple(p.id for p in rubric.prerequisites)}
    for prerequisite in rubric.prerequisites:
        attributes[key(prerequisite.id, "level")] = RadioField(
            _l("是否满足"), choices=_yes_no(), validate_choice=False
        )
        attributes[key(prerequisite.id, "comment")] = TextAreaField(_l("说明"))
        attributes[key(prerequisite.id, "version")] = version_field()
        attributes[key(prerequisite.id, "shown")] = shown_values_field()
    return type("PrerequisitesForm", (RubricForm,), attributes)


class KpiForm(RubricForm):
    answer_parts = KPI_PARTS

    def subject_title(self, subject: str) -> str:
        """Name a KPI input by its label: the page shows no ids for them."""
        field = self.field_for(subject, "value")
        return subject if field is None else str(field.label.text)

    def to_entries(self) -> dict[str, KpiEntry]:
        def text(subject: str, part: str) -> str:
            found = self.field_for(subject, part)
            return "" if found is None or found.data is None else str(found.data)

        def version(subject: str) -> int | None:
            return read_version(self.field_for(subject, "version"))

        return {s: KpiEntry(text(s, "value"), text(s, "note"), version(s)) for s in self.subjects}


def build_kpi_form(rubric: Rubric, lang: str) -> type[KpiForm]:
    built = _classes.get(rubric, ("kpis", lang), lambda: _kpi_form(rubric.kpi_inputs, lang))
    return cast(type[KpiForm], built)


def build_backfill_form(rubric: Rubric, lang: str) -> type[KpiForm]:
    """Build the KPI form of an earlier year's backfill (补录): the core KPIs' inputs only."""
    inputs = backfill_inputs(rubric)
    built = _classes.get(rubric, ("kpi-backfill", lang), lambda: _kpi_form(inputs, lang))
    return cast(type[KpiForm], built)


def _kpi_form(kpi_inputs: Sequence[KpiInput], lang: str) -> type[KpiForm]:
    attributes: dict[str, Any] = {"subjects": tuple(k.id for k in kpi_inputs)}
    for kpi_input in kpi_inputs:
        attributes[key(kpi_input.id, "value")] = StringField(
            kpi_input.label.get(lang),
            render_kw=number_keys(kpi_input.min, whole=kpi_input.integer),
        )
        attributes[key(kpi_input.id, "note")] = StringField(_l("说明"))
        attributes[key(kpi_input.id, "version")] = version_field()
        attributes[key(kpi_input.id, "shown")] = shown_values_field()
    return type("KpiInputsForm", (KpiForm,), attributes)


GRADE_LABELS = {grade: _l(msgid) for grade, msgid in GRADE_NAMES.items()}
RESIDENT_LABEL = _l("发生单位（入园企业）")
PARK_ITSELF = _l("园区本身")  # a park's event that names no resident
UNREGISTERED_RESIDENT = _l("未在本系统登记的入园企业（在下方填写名称）")


class EventForm(CleanForm):
    event_type = SelectField(_l("事件类型"), validate_choice=False)
    grade = SelectField(_l("事件等级"), validate_choice=False)
    occurred_on = StringField(_l("发生日期"), render_kw={"type": "date"})
    fatalities = StringField(_l("死亡人数"), default="0", render_kw={"inputmode": "numeric"})
    # Decree 493 grades by serious injuries (重伤, acute industrial poisoning included).
    injuries = StringField(
        _l("重伤人数（含急性工业中毒）"), default="0", render_kw={"inputmode": "numeric"}
    )
    direct_loss = StringField(_l("直接经济损失（万元）"), render_kw={"inputmode": "decimal"})
    # The loss the user ticked "数值无误" for (the template's checkbox carries the figure).
    loss_confirmed = StringField(_l("数值无误"))
    description = TextAreaField(_l("事件经过"))
    # one word with the table, template and import; "已整改 / Corrected" was read as "this
    # entry was corrected" (qa63): it is the event's corrective action that is completed
    is_resolved = BooleanField(_l("整改措施已完成"))
    # a park's event: the resident company where it happened (event_residents.py)
    resident = SelectField(RESIDENT_LABEL, validate_choice=False)
    # ... or one not registered in rcapp, named as typed (event_residents.check_where)
    resident_name = StringField(_l("未登记入园企业名称"), render_kw={"maxlength": 200})
    resident_credit_code = StringField(
        _l("未登记入园企业的统一社会信用代码（选填）"),
        render_kw={"maxlength": 18, "autocapitalize": "characters", "spellcheck": "false"},
    )
    version = HiddenField()
    # The values the edit page was opened with (stale_forms.shown_values): a refused stale
    # save tells the colleague's changes from the user's own.
    original = HiddenField()
    compared: tuple[str, ...] = (
        "event_type", "grade", "occurred_on", "direct_loss", "fatalities", "injuries",
        "description", "is_resolved", "resident", "resident_name", "resident_credit_code",
    )  # fmt: skip
    # The id of the registered event this one looks like, once the user was warned of it.
    confirm_duplicate = HiddenField()
    loss_asked = False  # the loss raises the grade: the page offers the "数值无误" tick
    shows_resident = False  # a park's form; a company's events name no resident

    def set_choices(self, rubric: Rubric, lang: str) -> None:
        types = [(t.id, t.label.get(lang)) for t in rubric.event_types]
        self.event_type.choices = choices([("", _l("请选择")), *types])
        grades = [(grade.value, label) for grade, label in GRADE_LABELS.items()]
        self.grade.choices = choices([("", _l("无等级/请选择")), *grades])

    def set_residents(self, residents: Sequence[Organisation] | None, lang: str) -> None:
        """Offer the park's residents; None (a company) drops whatever the form was sent."""
        if residents is None:
            self.resident.data = self.resident_name.data = self.resident_credit_code.data = ""
            return
        self.shows_resident = True
        named = [(str(o.id), o.display_name(lang)) for o in residents]
        unregistered = (UNREGISTERED, UNREGISTERED_RESIDENT)
        self.resident.choices = choices([("", PARK_ITSELF), *named, unregistered])

    def to_input(self) -> EventInput:
        return EventInput(
            event_type=self.event_type.data or "",
            grade=self.grade.data or "",
            occurred_on=self.occurred_on.data or "",
            fatalities=self.fatalities.data or "",
            injuries=self.injuries.data or "",
            direct_loss=self.direct_loss.data or "",
            description=self.description.data or "",
            is_resolved=bool(self.is_resolved.data),
            loss_confirmed=self.loss_confirmed.data or "",
            resident=self.resident.data or "",
            resident_name=self.resident_name.data or "",
            resident_credit_code=self.resident_credit_code.data or "",
        )

    def ask_to_confirm_duplicate(self, problems: Iterable[Problem]) -> bool:
        """After a "duplicate" refusal, let a second press of the button save it anyway."""
        twin = next((p for p in problems if p.code == "duplicate"), None)
        if twin is None:
            return False
        self.confirm_duplicate.data = str(twin.params["event"])
        self.confirm_duplicate.raw_data = [self.confirm_duplicate.data]
        return True

    def apply_problems(self, problems: Iterable[Problem]) -> None:
        names = {"direct_loss_10k_yuan": "direct_loss", "resident_id": "resident"}
        for problem in problems:
            if problem.code == "loss_raises_grade":
                self.loss_asked = True
                self.loss_confirmed.data = ""  # asked anew: the tick is offered, not ticked
            found = self._fields.get(names.get(problem.field, problem.field))
            if found is not None:
                found.errors = [*found.errors, problem_text(problem, str(found.label.text))]


class EvidenceForm(CleanForm):
    file = MultipleFileField(_l("证据文件"))


class ActionForm(CleanForm):
    """A button-only form (submit, delete): CSRF protection and nothing else."""


class ReturnForm(CleanForm):
    comment = TextAreaField(
        _l("退回意见"),
        validators=[DataRequired(message=_l("请填写退回意见，说明需要修改的内容。"))],
    )


def _show_stored_number(typed: Field | None, stored_form: Any, subject: str) -> None:
    """Show a number as it was stored ("１８００００" → "180000") when the save took it.

    A refused value, or one differing from the stored (a colleague's), stays as typed.
    """
    stored = stored_form.field_for(subject, "value")
    if typed is None or stored is None or typed.data == stored.data:
        return
    try:
        same = parse_decimal(typed.data) == parse_decimal(stored.data)
    except ValueError:  # the typed text is no number: it was refused, kept as typed
        return
    if same:
        typed.data = stored.data
        typed.raw_data = [stored.data]


def _named(by: str | None) -> Callable[[str], str | None]:
    """Name `by` beside every field of one item (stale_forms.mark_stored's `by`)."""
    return lambda _name: by
