"""The English note under text a person typed in Chinese, as the typed-Chinese tests read it
(rcapp/i18n.py `written_note_text` words it)."""

from __future__ import annotations

BY_COMPANY = "Written by the company in Chinese; shown as written."
BY_SECRETARIAT = "Written by the secretariat in Chinese; shown as written."
BY_REVIEWER = "Written by the reviewer in Chinese; shown as written."
BY_LEAD = "Written by the lead in Chinese; shown as written."
IN_GENERAL = "Written in Chinese; shown as written."
NOTE = '<p class="help written-note">{}</p>'
SAID = "按原文显示"  # any note's Chinese words: never on a Chinese page or mail


def notes_only_in_english(page: str, lang: str, *notes: str) -> None:
    """Assert that an English `page` carries each note and a Chinese one none."""
    if lang == "en":
        for note in notes:
            assert NOTE.format(note) in page
    else:
        assert "written-note" not in page
        assert SAID not in page
