"""Members side by side: each section's P25, median and P75 and where each member stands.

The leads asked "where does this member stand on a code compared with the group": the
page and its workbook now have one table per section (management system and each code),
its figures by the KPI statistics' rule, a section N/A for a member left out and said so.
"""

from __future__ import annotations

import html
import io
import re
from decimal import Decimal

from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments.validation import ItemInput
from rcapp.benchmarks import queries
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.benchmarks.shown import metric_figure
from rcapp.scoring import quartiles
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.factories_reviews import ReviewWorld, make_review_world

NA = ItemInput(is_na=True, na_reason="不涉及")
WORDS = {
    "zh": {
        "heading": "各板块的组内位置",
        "na": "1 家成员该板块不适用，未计入统计：{name}。",
        "summary": "按 {n} 家成员的得分：P25 {p25}，中位数 {median}，P75 {p75}。",
        "above": "高于 P75",
        "na_row": "不适用，未计入统计",
        "too_few": "有该板块得分的成员不足 5 家",
    },
    "en": {
        "heading": "Where members stand on each section",
        "na": "1 member has this section N/A, left out of its figures: {name}.",
        "summary": "From {n} members' scores: P25 {p25}, median {median}, P75 {p75}.",
        "above": "Above P75",
        "na_row": "N/A, left out of the figures",
        "too_few": "Fewer than 5 members have a score for this section",
    },
}


def section_world(db_session: Session, members: int = 6) -> ReviewWorld:
    """`members` with spread management-system scores; the last has C6 (its only item) N/A."""
    overrides: dict[int, dict[str, ItemInput]] = {
        i: {"MS.G1.1": ItemInput(level=str(i % 5), evidence_note="记录")} for i in range(members)
    }
    overrides[members - 1]["C6.E1.1"] = NA
    world = make_review_world(members, overrides=overrides)
    compute_benchmarks(world.cycle, None)
    db_session.commit()
    return world


def scores(world: ReviewWorld, metric: str) -> dict[int, Decimal]:
    ids = [c.id for c in world.companies]
    return {i: v[metric] for i, v in queries.values_of(world.cycle.id, ids).items() if metric in v}


def section_html(page: str, title: str) -> str:
    """The section table headed `title`, up to the next heading."""
    found = re.search(rf">{re.escape(title)}</h3>(.*?)(?:<h3|</section>)", page, re.S)
    assert found is not None, title
    return found.group(1)


def test_each_section_has_its_figures_and_standings_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = section_world(db_session)
    ms = scores(world, "section:MS")
    assert len(set(ms.values())) > 2  # a spread to place
    first, median, third = quartiles(list(ms.values()))
    assert len(scores(world, "section:C6")) == 5  # the N/A one has no score
    na_member = world.companies[-1]
    top = max(ms, key=lambda i: ms[i])
    auth.login(world.lead.email)
    for lang, ms_title, c6_title in (
        ("zh", "管理体系", "产品安全监管"),
        ("en", "Management system", "Product stewardship"),
    ):
        auth.choose_language(lang)
        words = WORDS[lang]
        page = html.unescape(
            client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
        )
        assert words["heading"] in page
        ms_table = section_html(page, ms_title)
        summary = words["summary"].format(
            n=6,
            p25=metric_figure(first, None),
            median=metric_figure(median, None),
            p75=metric_figure(third, None),
        )
        assert summary in ms_table
        # best score first, above P75, placed 1 of 6
        rows = re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', ms_table, re.S)
        assert rows[0][0] == next(c for c in world.companies if c.id == top).display_name(lang)
        assert words["above"] in rows[0][1]
        assert "1 / 6" in rows[0][1]
        c6_table = section_html(page, c6_title)
        assert words["na"].format(name=na_member.display_name(lang)) in c6_table
        c6_rows = re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', c6_table, re.S)
        assert c6_rows[-1][0] == na_member.display_name(lang)  # N/A listed last
        assert words["na_row"] in c6_rows[-1][1]


def test_the_section_tables_sort_by_name_too(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = section_world(db_session)
    auth.login(world.lead.email)
    url = f"/benchmarks/groups/{world.group.id}"
    page = client.get(url, query_string={"ssort": "name", "sdir": "asc"}).get_data(as_text=True)
    names = re.findall(r'<th scope="row">([^<]+)</th>', section_html(page, "管理体系"))
    assert names == sorted(c.display_name("zh") for c in world.companies)
    assert "ssort=name&amp;sdir=desc" in page  # the header's link turns the order round
    down = client.get(url, query_string={"ssort": "name", "sdir": "desc"}).get_data(as_text=True)
    assert (
        re.findall(r'<th scope="row">([^<]+)</th>', section_html(down, "管理体系")) == names[::-1]
    )


def test_fewer_scored_members_than_the_minimum_show_no_figures(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """Five members, one with C6 N/A: four C6 scores, below the minimum; MS has its figures."""
    world = section_world(db_session, members=5)
    auth.login(world.lead.email)
    for lang, ms_title, c6_title in (
        ("zh", "管理体系", "产品安全监管"),
        ("en", "Management system", "Product stewardship"),
    ):
        auth.choose_language(lang)
        page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
        c6_table = section_html(page, c6_title)
        assert WORDS[lang]["too_few"] in c6_table
        assert WORDS[lang]["above"] not in c6_table  # nobody placed
        assert "P25 " in section_html(page, ms_title)


def test_only_those_who_may_compare_the_group_see_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = section_world(db_session)
    outsider = make_user()
    db_session.commit()
    auth.login(outsider.email)
    assert client.get(f"/benchmarks/groups/{world.group.id}").status_code == 403
    assert (
        client.get(f"/reports/working-groups/{world.group.id}/side-by-side.xlsx").status_code == 403
    )
    auth.logout()
    auth.login(world.secretariat.email)
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert "各板块的组内位置" in page


def test_the_workbook_has_the_section_figures_and_standings_as_numbers(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = section_world(db_session)
    ms = scores(world, "section:MS")
    first, median, third = quartiles(list(ms.values()))
    auth.login(world.lead.email)
    data = client.get(f"/reports/working-groups/{world.group.id}/side-by-side.xlsx").data
    book = load_workbook(io.BytesIO(data))
    figures, standings = book["板块统计"], book["板块位置"]
    rows = list(figures.iter_rows(values_only=True))
    header = rows.index(
        (
            "板块",
            "有得分的成员",
            "不适用的成员",
            "下四分位（P25）",
            "中位数",
            "上四分位（P75）",
            "说明",
        )
    )
    by_section = {r[0]: r for r in rows[header + 1 :]}
    assert by_section["管理体系"][1:6] == (6, 0, float(first), float(median), float(third))
    c6 = by_section["产品安全监管"]
    assert c6[1:3] == (5, 1)
    assert world.companies[-1].display_name("zh") in c6[6]
    cells = list(figures.iter_rows(min_row=header + 2, max_row=header + 2))[0]
    assert [c.number_format for c in cells[3:6]] == ["0.0"] * 3
    lines = list(standings.iter_rows(values_only=True))
    top = next(r for r in lines if r[0] == "管理体系")
    assert top[2] == float(max(ms.values()))
    assert isinstance(top[3], int)
    assert top[4] == 1
    assert top[5] == "高于 P75"
    na = next(r for r in lines if r[0] == "产品安全监管" and r[2] is None)
    assert na[1] == world.companies[-1].display_name("zh")
    assert na[3:] == (None, None, "不适用，未计入统计")


def test_a_group_without_statistics_lists_no_sections(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """Four members: the group has no statistics, the page says why once, above its table."""
    world = section_world(db_session, members=4)
    auth.login(world.lead.email)
    page = client.get(f"/benchmarks/groups/{world.group.id}").get_data(as_text=True)
    assert 'id="no-group-statistics"' in page
    assert 'id="section-standings"' not in page
    data = client.get(f"/reports/working-groups/{world.group.id}/side-by-side.xlsx").data
    titles = load_workbook(io.BytesIO(data)).sheetnames
    assert "板块统计" not in titles
    assert "板块位置" not in titles


def test_the_english_workbook_names_its_section_sheets_and_positions_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = section_world(db_session)
    auth.login(world.lead.email)
    auth.choose_language("en")
    data = client.get(f"/reports/working-groups/{world.group.id}/side-by-side.xlsx").data
    book = load_workbook(io.BytesIO(data))
    lines = list(book["Section standings"].iter_rows(values_only=True))
    assert next(r[:5] for r in lines if r[0] == "Section") == (
        "Section",
        "Organisation",
        "Section score",
        "Percentile",
        "Place",
    )
    positions = {r[5] for r in lines if r[0] == "Management system"}
    assert "Above P75" in positions
    assert "Below P25" in positions
    figures = list(book["Section figures"].iter_rows(values_only=True))
    c6 = next(r for r in figures if r[0] == "Product stewardship")
    assert c6[1:3] == (5, 1)
    assert "N/A" in c6[6]
