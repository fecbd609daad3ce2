from pathlib import Path

from rcapp import create_app
from rcapp.rubrics.registry import RubricChanged


def test_an_edited_published_rubric_gives_a_clear_page(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})

    @app.get("/_test/rubric-changed")
    def boom() -> str:
        raise RubricChanged("mini-company", 1, "a" * 64, "b" * 64)

    response = app.test_client().get("/_test/rubric-changed")
    assert response.status_code == 500
    assert "评价细则已被改动" in response.get_data(as_text=True)
