"""The three-way merge of a refused stale form (rcapp.stale_forms), on a plain form."""

from __future__ import annotations

from wtforms import Form, StringField, TextAreaField

from rcapp.stale_forms import merge_stale, shown_values


class _Note(Form):
    title = StringField()
    note = TextAreaField()
    place = StringField()


def test_each_field_is_told_apart_and_only_theirs_is_taken() -> None:
    opened = _Note(data={"title": "A", "note": "旧", "place": "甲"})
    shown = shown_values(opened, ("title", "note", "place"))
    typed = _Note(data={"title": "A", "note": "我的", "place": "乙"})
    stored = _Note(data={"title": "B", "note": "他的", "place": "甲"})

    merged = merge_stale(typed, stored, ("title", "note", "place"), shown)

    assert (merged.theirs, merged.both, merged.mine) == (["title"], ["note"], ["place"])
    assert (typed.title.data, typed.note.data, typed.place.data) == ("B", "我的", "乙")


def test_a_text_area_sent_back_with_crlf_counts_as_untouched() -> None:
    opened = _Note(data={"note": "第一行\n第二行"})
    shown = shown_values(opened, ("note",))
    typed = _Note(data={"note": "第一行\r\n第二行"})  # as browsers send it
    stored = _Note(data={"note": "他改的"})

    merged = merge_stale(typed, stored, ("note",), shown)

    assert merged.theirs == ["note"]
    assert typed.note.data == "他改的"
