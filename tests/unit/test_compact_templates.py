"""Page templates lose their layout's whitespace; mail and shown whitespace stay as written."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from rcapp.compact_templates import CompactLoader, compacted

PAGE = """<ul>
  {% for name in names %}
    {# one per name #}
    <li>{{ name }}</li>
  {% endfor %}
</ul>
<p>
  {% if names %}{{ names|length }}{% endif %}
  {% include "word.html" %}
  words
</p>
"""


def _render(source: str, **context: object) -> str:
    loader = CompactLoader(DictLoader({"page.html": source, "word.html": "one"}))
    return Environment(loader=loader, autoescape=True).get_template("page.html").render(**context)


def test_indentation_and_lines_of_bare_tags_go() -> None:
    expected = "<ul>\n<li>甲</li>\n<li>乙</li>\n</ul>\n<p>\n2\none\nwords\n</p>"
    assert _render(PAGE, names=["甲", "乙"]) == expected


def test_what_a_user_typed_keeps_its_whitespace() -> None:
    typed = "第一行\n    缩进的第二行\n\n"
    assert _render("<p>\n  {{ text }}\n</p>\n", text=typed) == f"<p>\n{typed}\n</p>"


def test_a_tag_that_strips_whitespace_itself_keeps_its_line() -> None:
    source = "<div>a</div>\n  {#- a note -#}\n  <div>b</div>\n"
    source += "<div>c</div>\n  {#- note #}\n  <div>d</div>\n"
    assert compacted("x.html", source) == (
        "<div>a</div>\n{#- a note -#}\n<div>b</div>\n<div>c</div>\n{#- note #}\n<div>d</div>\n"
    )


def test_mail_text_pre_and_textarea_templates_are_left_as_written() -> None:
    source = "Dear {{ name }},\n\n  {% if late %}\n  late\n  {% endif %}\n"
    assert compacted("mail/reminder.txt", source) == source
    assert compacted("reviews/mail_final.txt", source) == source
    assert compacted("mail/outbox.html", source) == source
    shown = "<pre>\n  {% if a %}\n  b</pre>\n"
    assert compacted("x.html", shown) == shown
    assert compacted("x.html", "  <textarea>\n  {% if a %}</textarea>\n") == (
        "  <textarea>\n  {% if a %}</textarea>\n"
    )


def test_multi_line_tags_and_comments_are_joined_whole() -> None:
    source = '<p>\n  {% set x = {\n      "a": 1} %}\n  {# two\n     lines #}\n  <b>{{ x.a }}</b>\n'
    rendered = Environment(autoescape=True).from_string(compacted("x.html", source)).render()
    assert rendered == "<p>\n<b>1</b>"
