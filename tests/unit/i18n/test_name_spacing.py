"""No space beside a Chinese name in Chinese text; a Latin name keeps its spaces (qa53)."""

from __future__ import annotations

import pytest

from rcapp.i18n import closed_up

SUBMITTED = "本自评在您打开本页后已于 %(time)s由 %(name)s 提交，不能再修改。"
DELETED = "此事件在您打开本页后已被 %(name)s 删除。"


@pytest.mark.parametrize(
    ("text", "params", "expected"),
    [
        (
            SUBMITTED,
            {"time": "10:32（北京时间）", "name": "孙志强"},
            "已于 10:32（北京时间）由孙志强提交，",
        ),
        (SUBMITTED, {"time": "10:32（北京时间）", "name": "John Li"}, "由 John Li 提交，"),
        (DELETED, {"name": "孙志强"}, "已被孙志强删除。"),
        (DELETED, {"name": "Li 孙"}, "已被 Li 孙删除。"),  # Latin first: the space before stays
        ("Deleted by %(name)s after you opened it.", {"name": "孙志强"}, "by 孙志强 after"),
        ("%(names)s 在最近 15 分钟内保存过", {"names": "王磊、孙志强"}, "王磊、孙志强在最近"),
        ("文件 %(file)s 已删除", {"file": "记录"}, "文件 记录 已删除"),  # not a name: as it is
    ],
)
def test_a_chinese_name_closes_up_with_the_chinese_around_it(
    text: str, params: dict[str, str], expected: str
) -> None:
    assert expected in closed_up(text, params) % params
