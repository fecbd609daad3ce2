"""Forms of the report pages: the template upload and the import decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from rcapp.fields import CleanForm


class ImportForm(CleanForm):
    file = FileField(
        _l("填好的模板（.xlsx）"),
        validators=[FileRequired(message=_l("请选择要导入的 Excel 文件。"))],
    )


class DecisionForm(CleanForm):
    """CSRF only: the conflict choices are checkboxes named take_file, read by the view."""
