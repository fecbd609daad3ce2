"""Forms of the peer-review pages: assign, decide an item, findings, settle, close, appeal.

Every form is a CleanForm: typed text never carries control characters (a NUL would be
refused by PostgreSQL with a server error).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FileField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from rcapp.fields import CleanForm, DayField, MaxLength, NotBeforeToday, WithinYears, options
from rcapp.reviews import errors
from rcapp.reviews.days_form import DayRules
from rcapp.reviews.messages import refusal_text
from rcapp.reviews.models import Decision, FindingKind, ReviewKind

LONG_TEXT = 4000


class ActionForm(CleanForm):
    """A button that changes state: CSRF only."""


class WithdrawForm(CleanForm):
    """Withdrawing a reviewer, confirmed on the page that names what is deleted.

    A POST without `confirmed` (an older page's one-click button) only shows that page.
    """

    confirmed = HiddenField()
    # The reviewer's saved work as the page showed it (services.work_stamp): saved since, the
    # page is shown again instead of deleting what the lead was not told of (qa41 D2).
    seen = HiddenField()
    # Why (optional), kept as the audit entry's reason (QA47 D3), as a deactivation's is.
    reason = TextAreaField(
        _l("撤回原因（可不填）"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[Length(max=500, message=_l("撤回原因不能超过 %(max)d 个字符。"))],
        render_kw={"maxlength": 500, "rows": 2},
    )


NOT_A_CANDIDATE = _l("所选评审员不在候选名单中（可能刚被移出工作组），请重新选择。")


class CheckboxList(SelectMultipleField):
    """Checkboxes whose refusal of an unknown value is in the user's language.

    WTForms' own messages for it ("'7' is not a valid choice for this field.") have no
    Chinese translation.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_choice_message = NOT_A_CANDIDATE  # read by pre_validate

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:  # a value that is not even a number
            raise ValueError(str(NOT_A_CANDIDATE)) from exc


class AssignForm(DayRules):
    kind = RadioField(
        _l("评审方式"),
        choices=options(
            [
                (ReviewKind.DESK.value, _l("文审（仅审查证据）")),
                (ReviewKind.ONSITE.value, _l("现场评审（至少两名评审员）")),
            ]
        ),
        default=ReviewKind.DESK.value,
        validators=[InputRequired(message=_l("请选择评审方式。"))],
    )
    reviewers = CheckboxList(
        _l("评审员"), coerce=int, validators=[DataRequired(message=_l("请至少选择一名评审员。"))]
    )
    # due_on (shown filled in, review_dates.default_due_day; left empty, that default is
    # kept) and visit_on with their rules: DayRules', which `rcapp reviews assign` applies too.

    def review_kind(self) -> ReviewKind:
        onsite = self.kind.data == ReviewKind.ONSITE.value
        return ReviewKind.ONSITE if onsite else ReviewKind.DESK


def level_choices(scale: int, with_na: bool = False, binary: bool = False) -> list[Any]:
    """Return the levels 0..scale to choose from; a yes/no item's read 是 / 否 (1 / 0)."""
    pairs: list[tuple[object, object]] = [("", _l("请选择"))]
    if binary:
        pairs += [("1", _l("是")), ("0", _l("否"))]
    else:
        pairs += [(str(level), str(level)) for level in range(scale + 1)]
    if with_na:
        pairs.append(("na", _l("不适用")))
    return options(pairs)


class DecisionForm(CleanForm):
    decision = RadioField(
        _l("评审结论"), validators=[InputRequired(message=_l("请选择评审结论。"))]
    )
    level = SelectField(_l("评审等级"), validators=[Optional()])
    reason = TextAreaField(_l("理由"), validators=[MaxLength(LONG_TEXT)])
    # The decision the page showed (reviewing.decision_stamp): one saved since, in another
    # tab or by "accept the rest", is not overwritten unawares.
    seen = HiddenField()
    # The organisation's own level (None for an N/A claim), and the item it is for: an
    # "adjustment" to that same level would be stored as a change that changes nothing.
    self_level: int | None = None
    item_id = ""
    scale = 0
    binary = False  # a yes/no item answered yes or no (not an N/A claim)

    def configure(
        self,
        scale: int,
        is_na: bool,
        self_level: int | None = None,
        item_id: str = "",
        binary: bool = False,
    ) -> DecisionForm:
        self.self_level, self.item_id, self.scale = self_level, item_id, scale
        if is_na:
            pairs = [
                (Decision.NA_ACCEPT.value, _l("接受“不适用”")),
                (Decision.NA_REJECT.value, _l("不接受“不适用”，给出等级")),
            ]
        elif binary and self_level is not None:
            # a yes/no answer is not a level (qa66 #5): accept it, or change it to the other
            self.binary = True
            yes = self_level >= 1
            pairs = [
                (Decision.ACCEPT.value, _l("接受自评（是）") if yes else _l("接受自评（否）")),
                (Decision.ADJUST.value, _l("改为“否”") if yes else _l("改为“是”")),
            ]
            self.level.label.text = str(_l("评审答案"))
        else:
            pairs = [
                (Decision.ACCEPT.value, _l("接受自评等级")),
                (Decision.ADJUST.value, _l("调整等级")),
            ]
        self.decision.choices = options(pairs)
        self.level.choices = level_choices(scale, binary=binary)
        return self

    def validate(self, extra_validators: Any = None) -> bool:
        """Refuse a level-giving decision without its level or reason, each on its own field.

        Both at once (qa59 M3): the service checks them one by one, as a last guard.
        """
        if self.binary and self.decision.data == Decision.ADJUST.value:
            # 改为“否” says the answer, and the page shows no select for it (qa69 #3): a
            # posted level, even one saying the same as the organisation, does not count.
            self.level.data = str(1 - (self.self_level or 0))
        valid = bool(super().validate(extra_validators))
        if self.decision.data not in (Decision.ADJUST.value, Decision.NA_REJECT.value):
            return valid
        missing = [
            (self.level, errors.LevelRequired(self.item_id, self.scale), self.level.data),
            (self.reason, errors.ReasonRequired(self.item_id), (self.reason.data or "").strip()),
        ]
        for field, refused, given in missing:
            if given in (None, "") and not field.errors:
                field.errors = [refusal_text(refused)]
                valid = False
        return valid

    def validate_level(self, field: Any) -> None:
        same = self.self_level is not None and field.data == str(self.self_level)
        if self.decision.data != Decision.ADJUST.value or not same:
            return
        if self.scale == 1:  # a yes/no item (its only scale of 1) has answers, not levels
            yes = bool(self.self_level)
            raise ValidationError(
                _(
                    "%(item)s：改后的答案与自评答案（%(answer)s）相同；"
                    "如认可自评答案，请选择“%(accept)s”。",
                    item=self.item_id,
                    answer=_("是") if yes else _("否"),
                    accept=_("接受自评（是）") if yes else _("接受自评（否）"),
                )
            )
        raise ValidationError(
            _(
                "%(item)s：调整后的等级与自评等级相同；如认可自评等级，请选择“接受自评等级”。",
                item=self.item_id,
            )
        )


class FindingForm(CleanForm):
    kind = SelectField(
        _l("类型"),
        choices=options(
            [
                (FindingKind.STRENGTH.value, _l("亮点")),
                (FindingKind.IMPROVEMENT.value, _l("改进机会")),
                (FindingKind.CORRECTIVE_ACTION.value, _l("须整改项")),
            ]
        ),
        validators=[InputRequired(message=_l("请选择类型。"))],
    )
    item_id = SelectField(_l("评价项"), validators=[Optional()])
    text = TextAreaField(
        _l("内容"),
        validators=[DataRequired(message=_l("请填写内容。")), MaxLength(LONG_TEXT)],
    )
    owner = StringField(_l("责任人"), validators=[MaxLength(100)])
    # Three years: a corrective action that takes longer is a plan, not an action.
    due_on = DayField(_l("完成期限"), validators=[Optional(), NotBeforeToday(), WithinYears(3)])
    # Photos and files from the reviewer's phone (checked by finding_files, as evidence is).
    # No `capture`: the phone offers its camera and its gallery both.
    files = MultipleFileField(_l("照片或文件"), render_kw={"accept": "image/*,application/pdf"})

    # A strength asks nothing of the organisation: no owner, no due date (the page hides
    # both fields for it; one posted anyway is refused, not silently stored).
    def _is_strength(self) -> bool:
        return bool(self.kind.data == FindingKind.STRENGTH.value)

    def validate_owner(self, field: Any) -> None:
        if self._is_strength() and (field.data or "").strip():
            raise ValidationError(
                _("亮点不设责任人，请清空“责任人”，或把类型改为改进机会或须整改项。")
            )

    def validate_due_on(self, field: Any) -> None:
        if self._is_strength() and field.data is not None:
            raise ValidationError(
                _("亮点不设完成期限，请清空“完成期限”，或把类型改为改进机会或须整改项。")
            )

    def validate(self, extra_validators: Any = None) -> bool:
        """Validate; mark a corrective action's missing owner and due date on their fields.

        Both at once, each on its own field: the service's refusal named one, beside the text.
        """
        valid = bool(super().validate(extra_validators))
        if self.kind.data != FindingKind.CORRECTIVE_ACTION.value:
            return valid
        if not (self.owner.data or "").strip() and not self.owner.errors:
            self.owner.errors = [*self.owner.errors, _("须整改项必须填写责任人。")]
            valid = False
        if self.due_on.data is None and not self.due_on.errors:
            self.due_on.errors = [*self.due_on.errors, _("须整改项必须填写完成期限。")]
            valid = False
        return valid


class FindingEditForm(FindingForm):
    """The reviewer corrects her own finding: the same fields and checks as recording it."""

    seen = HiddenField()  # finding_gone.finding_stamp of the finding the page showed


class LeadFindingForm(CleanForm):
    """The lead corrects a submitted finding's text, owner or due date before finalising.

    A corrective action's owner and due date stay required (lead_findings, as on adding).
    """

    text = TextAreaField(
        _l("内容"),
        validators=[DataRequired(message=_l("请填写内容。")), MaxLength(LONG_TEXT)],
    )
    owner = StringField(_l("责任人"), validators=[MaxLength(100)])
    due_on = DayField(_l("完成期限"), validators=[Optional(), NotBeforeToday(), WithinYears(3)])
    seen = HiddenField()


class DropFindingForm(CleanForm):
    """The lead drops a submitted finding: it does not go to the organisation; a reason."""

    reason = TextAreaField(
        _l("删去理由"),
        validators=[DataRequired(message=_l("请填写删去理由。")), MaxLength(LONG_TEXT)],
    )
    seen = HiddenField()


class RestoreFindingForm(CleanForm):
    """The lead restores a dropped finding: it goes to the organisation again."""

    seen = HiddenField()  # the drop the page showed (finding_gone.dropped_stamp)


class SettleForm(CleanForm):
    level = SelectField(_l("最终等级"), validators=[DataRequired(message=_l("请选择最终等级。"))])
    reason = TextAreaField(
        _l("理由"),
        validators=[DataRequired(message=_l("请填写裁定理由。")), MaxLength(LONG_TEXT)],
    )
    # The settlement the page showed (settling.settlement_stamp): a colleague's settlement
    # made since is not overwritten unawares.
    seen = HiddenField()


class CloseActionForm(CleanForm):
    evidence = TextAreaField(
        _l("整改证据"),
        validators=[DataRequired(message=_l("请说明整改证据。")), MaxLength(LONG_TEXT)],
    )
    # Checked by assessments.storage (type by content, size) when the action is closed.
    # Unmarked: optional, as the * marks the required (QA47: "（可选）" beside a "*" field).
    evidence_file = FileField(_l("上传证据文件"))
    # The name of a file chosen and then taken out by the page for its size (evidence-upload.js):
    # closing without a file then asks first, and a refused post says so again (actionfix #2).
    removed_file = HiddenField()
    # A sent-back action closed again without a new file: keep the file the lead did not
    # accept, or not. Asked (required) only then, so it is never carried over unawares
    # (QA33 S6); the page offers it only when there is such a file.
    earlier_file = RadioField(
        _l("此前提交的证据文件"),
        choices=options([("keep", _l("继续附上此前的文件")), ("drop", _l("不再附上此前的文件"))]),
        validators=[Optional()],
    )


class ReopenActionForm(CleanForm):
    """Send a closed corrective action back: the organisation is told why, and by when.

    The due date shows the action's own (it stays if left so, or left empty); a later one
    gives time for the further work, a past one is refused as when it was raised (qa72 M2).
    """

    reason = TextAreaField(
        _l("退回理由"),
        validators=[DataRequired(message=_l("请填写退回理由。")), MaxLength(LONG_TEXT)],
    )
    due_on = DayField(
        _l("完成期限"),
        validators=[Optional(), NotBeforeToday(), WithinYears(3)],  # left empty: kept
    )


class AppealForm(CleanForm):
    reason = TextAreaField(
        _l("申诉理由"),
        validators=[DataRequired(message=_l("请填写申诉理由。")), MaxLength(LONG_TEXT)],
    )
    # The review's items, set by the view (appeal_items.item_sections); none: the rating
    # as a whole. An id that is no item of the review is refused by name, not dropped.
    items = SelectMultipleField(_l("有异议的评价项"), choices=[], validate_choice=False)

    def validate_items(self, field: SelectMultipleField) -> None:
        known = {str(choice[0]) for choice in field.choices or []}
        unknown = [v for v in dict.fromkeys(field.data or []) if v not in known]
        if unknown:
            raise ValidationError(
                _(
                    "%(ids)s 不是本次评审的评价项，请从列表中选择有异议的评价项。",
                    ids=_("、").join(unknown),
                )
            )


class DecideAppealForm(CleanForm):
    outcome = RadioField(
        _l("决定"),
        # The choices read as the decided list names the decision afterwards (APPEAL_TEXT).
        choices=options([("uphold", _l("申诉成立")), ("dismiss", _l("申诉驳回"))]),
        validators=[InputRequired(message=_l("请选择决定。"))],
    )
    reason = TextAreaField(
        _l("理由"),
        validators=[DataRequired(message=_l("请填写决定理由。")), MaxLength(LONG_TEXT)],
    )


class ConflictForm(CleanForm):
    """Declare a conflict of interest: who (org admins may declare for their people), with whom."""

    person = SelectField(
        _l("申报人"), coerce=int, validators=[InputRequired(message=_l("请选择申报人。"))]
    )
    organisation = SelectField(
        _l("存在利益冲突的单位"),
        coerce=int,
        validators=[InputRequired(message=_l("请选择存在利益冲突的单位。"))],
    )
    reason = TextAreaField(
        _l("原因"),
        validators=[
            DataRequired(message=_l("请填写利益冲突的原因。")),
            Length(max=LONG_TEXT, message=_l("原因不能超过 %(max)d 个字符。")),
        ],
    )
    # Asked only when the organisation chosen is one the declarer is reviewing now: one
    # wrong tap in the list would stop that review for good (conflict_views; qa88).
    stop_review = BooleanField(_l("确认申报：这项正在进行的评审将停止"))


class FinaliseForm(CleanForm):
    """The lead's confirmation of the rating shown (settling.rating_stamp of it), if any."""

    shown = HiddenField(validators=[Optional()])
    # Asked only when an upheld appeal reopened the review (the view requires it then): why
    # the new rating is what it is, kept as the audit entry's reason.
    reason = TextAreaField(
        _l("重新定级的理由"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[Optional(), MaxLength(LONG_TEXT)],
        render_kw={"rows": 3},
    )
