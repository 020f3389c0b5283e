import pytest

selfcheck = pytest.importorskip("selfcheck")  # book/_ext is on sys.path (conftest.py)
SelfCheckError, parse_options = selfcheck.SelfCheckError, selfcheck.parse_options

pytestmark = pytest.mark.toolchain

GOOD = """
- text: A
  correct: false
  why: because
- text: B
  correct: true
  why: because
"""


def test_selfcheck_accepts_a_list_with_one_correct_option():
    options = parse_options(GOOD)
    assert [o["correct"] for o in options] == [False, True]


def test_selfcheck_rejects_a_question_with_no_correct_option():
    with pytest.raises(SelfCheckError, match="at least one option with correct: true"):
        parse_options(GOOD.replace("true", "false"))


def test_selfcheck_names_the_missing_field():
    with pytest.raises(SelfCheckError, match=r"option 1 is missing \['why'\]"):
        parse_options("- text: A\n  correct: true\n- text: B\n  correct: false\n  why: x\n")


def test_selfcheck_rejects_a_non_boolean_correct_flag():
    with pytest.raises(SelfCheckError, match="correct must be true or false"):
        parse_options(
            "- text: A\n  correct: yes please\n  why: x\n- text: B\n  correct: true\n  why: y\n"
        )
