"""Password rules, one at a time (pure: no app, no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcapp.accounts.password_rules import (
    MIN_DISTINCT_CHARACTERS,
    PasswordProblem,
    common_passwords,
    password_problem,
)

EMAIL = "zhang.wei@jinling-chem.cn"
NAMES = ["金陵化工有限公司", "Jinling Chemicals Co."]


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short1!", PasswordProblem.TOO_SHORT),
        ("x" * 129, PasswordProblem.TOO_LONG),
        ("aaaaaaaaaa", PasswordProblem.REPETITIVE),
        ("1212121212", PasswordProblem.REPETITIVE),
        ("abcabcabcabc", PasswordProblem.REPETITIVE),
        ("1234567890", PasswordProblem.COMMON),
        ("qwertyuiop", PasswordProblem.COMMON),
        ("poiuytrewq", PasswordProblem.SEQUENCE),  # the keyboard backwards
        ("Password2024!", PasswordProblem.COMMON),  # a listed stem with digits and a symbol
        ("woaini1314520", PasswordProblem.COMMON),
        ("1qaz2wsx3edc", PasswordProblem.COMMON),
        ("Correct Horse Battery Staple", PasswordProblem.COMMON),
        ("zhang.wei2025", PasswordProblem.PERSONAL),  # the e-mail's local part
        ("jinlingchemicals!", PasswordProblem.PERSONAL),  # within the English name
        ("金陵化工有限公司2025", PasswordProblem.PERSONAL),
        ("my zhang.wei@jinling-chem.cn", PasswordProblem.PERSONAL),
    ],
)
def test_each_rule_refuses_its_passwords(password: str, problem: PasswordProblem) -> None:
    assert password_problem(password, email=EMAIL, names=NAMES) is problem


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "黄河远上白云间2024", "Tr0ub4dor&3x!", "first password 1"],
)
def test_varied_uncommon_passwords_are_accepted(password: str) -> None:
    assert password_problem(password, email=EMAIL, names=NAMES) is None


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("恒达新材料安全第一2026", PasswordProblem.PERSONAL),  # the short form of the name
        ("上虞恒达 rules 2026", PasswordProblem.PERSONAL),
        ("恒达化工安全第一2026", None),  # three characters of the name in a row: by chance
        ("浙江杭州西湖龙井2026", None),  # "浙江" alone is a province, not the name
    ],
)
def test_four_chinese_characters_of_the_name_in_a_row_are_personal(
    password: str, problem: PasswordProblem | None
) -> None:
    names = ["浙江上虞恒达新材料有限公司", "Zhejiang Hengda New Materials"]
    assert password_problem(password, email="chen@hengda.example.cn", names=names) is problem


def test_short_names_do_not_refuse_passwords_by_chance() -> None:
    assert password_problem("meteor shower 77", email="li@x.cn", names=["ABC"]) is None


def test_the_deny_list_ships_with_the_package() -> None:
    listed = common_passwords()
    assert {"password", "1234567890", "woaini1314"} <= listed
    assert all(entry == entry.lower() and " " not in entry for entry in listed)


@given(st.text(alphabet="ab1!", min_size=10, max_size=60))
def test_fewer_than_five_different_characters_are_always_refused(password: str) -> None:
    assert len(set(password.lower())) < MIN_DISTINCT_CHARACTERS
    assert password_problem(password) is PasswordProblem.REPETITIVE


@pytest.mark.parametrize(
    "password",
    [
        "0123456789a",  # QA: accepted before
        "a9876543210",
        "lkjhgfdsa12",
        "bcdefghijk!",
        "zyxwvutsrq1",
        "abc123qwe!",
        "ertyuiop[]1",
        "!@#$%^&*()a",
        "12345abcde",
    ],
)
def test_runs_of_digits_letters_or_keys_with_a_little_added_are_refused(password: str) -> None:
    assert password_problem(password, email=EMAIL, names=NAMES) is PasswordProblem.SEQUENCE


@pytest.mark.parametrize(
    "password", ["0123 my dog rex", "xk3-abc-91-zq", "fabulous rainbow 12", "meteor shower 77"]
)
def test_a_short_run_inside_varied_text_is_accepted(password: str) -> None:
    assert password_problem(password, email=EMAIL, names=NAMES) is None


@pytest.mark.parametrize(
    ("password", "person"),
    [
        ("Emma Clarke 2026", "Emma Clarke"),  # QA S2: the own name and a year
        ("emmaclarke!2026", "Emma Clarke"),
        ("EMMA  CLARKE harbour", "Emma Clarke"),
        ("clarke-harbour-77", "Emma Clarke"),  # the surname alone
        ("张敏2026abc!", "张敏"),
        ("我是张敏呀 rain 9", "张 敏"),
        ("欧阳修文的密码2026", "欧阳修文"),
    ],
)
def test_the_user_s_own_name_is_refused(password: str, person: str) -> None:
    assert password_problem(password, email=EMAIL, person=person) is PasswordProblem.NAME


@pytest.mark.parametrize(
    ("password", "person"),
    [
        ("Harbour lantern 58 tide", "Emma Clarke"),
        ("Li harbour lantern 58", "Li Na"),  # a part shorter than four letters
        ("张三丰收的季节2026x", "张敏"),  # one character of the name is no name
        ("Harbour lantern 58 tide", ""),
    ],
)
def test_passwords_without_the_name_are_accepted(password: str, person: str) -> None:
    assert password_problem(password, email=EMAIL, person=person) is None


QIRUN = ("齐润橡胶助剂有限公司", "Qirun Rubber Chemicals Co., Ltd.")


@pytest.mark.parametrize("password", ["Qirun2025Rubber", "qirun-2025-xyz!", "2025 RUBBER zx!"])
def test_a_distinctive_word_of_the_english_name_is_refused(password: str) -> None:
    """QA32 S4: "Qirun2025Rubber" was accepted for Qirun Rubber Chemicals Co., Ltd."""
    assert password_problem(password, names=QIRUN) is PasswordProblem.PERSONAL


@pytest.mark.parametrize("password", ["Chemicals Ltd 2025 zx", "Company works 9137 zq"])
def test_the_generic_words_of_a_name_are_not_held_against_a_password(password: str) -> None:
    assert password_problem(password, names=QIRUN) is None
