"""GB 32100-2015 统一社会信用代码 check (liandong.engines.uscc). Pure: no database, no Django."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liandong.engines import uscc

# Published codes of real enterprises (business licences shown on their own websites).
HUAWEI = "9144030071526726XG"     # 华为技术有限公司, Shenzhen
ALIBABA = "91330100799655058B"    # 阿里巴巴（中国）有限公司, Hangzhou

body17 = st.text(alphabet=uscc.CHARSET, min_size=17, max_size=17)


@st.composite
def valid_codes(draw) -> str:
    first = draw(body17)
    return first + uscc.check_character(first)


@st.composite
def one_character_changed(draw) -> tuple[str, str, int]:
    code = draw(valid_codes())
    position = draw(st.integers(min_value=0, max_value=17))
    replacement = draw(st.sampled_from([c for c in uscc.CHARSET if c != code[position]]))
    return code, code[:position] + replacement + code[position + 1:], position


@pytest.mark.parametrize("code", [HUAWEI, ALIBABA])
def test_published_codes_are_valid(code):
    assert uscc.is_valid(code)
    assert uscc.validate(code).value == code


def test_parts_of_a_code():
    code = uscc.validate(HUAWEI)
    assert code.registration_authority == "9"
    assert code.division_code == "440300"


def test_check_character_of_published_codes():
    assert uscc.check_character(HUAWEI[:17]) == "G"
    assert uscc.check_character(ALIBABA[:17]) == "B"


@given(valid_codes())
def test_generated_codes_validate(code):
    assert uscc.validate(code).value == code


@given(one_character_changed())
def test_any_single_changed_character_is_detected(case):
    original, changed, position = case
    assert not uscc.is_valid(changed)
    with pytest.raises(uscc.UsccError) as info:
        uscc.validate(changed)
    err = info.value
    assert err.code == "check"
    if position == 17:
        # Only the check character changed: the error names the original one.
        assert err.expected == original[17]
        assert original[17] in str(err)
    else:
        assert err.expected != changed[17]


def test_wrong_check_character_names_the_expected_one():
    with pytest.raises(uscc.UsccError) as info:
        uscc.validate(HUAWEI[:17] + "A")
    assert info.value.code == "check"
    assert info.value.expected == "G"
    assert "expected check character G" in str(info.value)


@pytest.mark.parametrize("text", [
    "9144030071526726xg",                       # lower case
    "９１４４０３００７１５２６７２６ＸＧ",     # full-width forms, as some spreadsheets carry
    " 9144 0300 7152 6726 XG\t",                # blanks
    "９１４４０３００７１５２６７２６ｘｇ",     # full-width lower case
])
def test_normalize_accepts_spreadsheet_forms(text):
    assert uscc.normalize(text) == HUAWEI
    assert uscc.validate(text).value == HUAWEI


@pytest.mark.parametrize("text", ["", HUAWEI[:17], HUAWEI + "0", "91440300"])
def test_length_errors(text):
    with pytest.raises(uscc.UsccError) as info:
        uscc.validate(text)
    assert info.value.code == "length"


@pytest.mark.parametrize("bad", ["I", "O", "Z", "S", "V", "-", "*", "中"])
@pytest.mark.parametrize("position", [1, 9, 18])
def test_charset_errors_name_the_position(bad, position):
    text = HUAWEI[: position - 1] + bad + HUAWEI[position:]
    assert len(text) == 18
    with pytest.raises(uscc.UsccError) as info:
        uscc.validate(text)
    assert info.value.code == "charset"
    assert info.value.position == position


def test_charset_has_31_characters_without_i_o_z_s_v():
    assert len(uscc.CHARSET) == 31
    assert not set("IOZSV") & set(uscc.CHARSET)
