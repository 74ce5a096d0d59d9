"""The personal data guard finds checksum-valid Finnish identity codes, and only those."""

import pytest
from stdnum.fi import hetu

from popsote.core.pii import contains_identity_code, find_identity_codes

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def identity_code(date: str = "010203", sign: str = "A", individual: str = "123") -> str:
    """A checksum-valid henkilötunnus; python-stdnum confirms it."""
    code = f"{date}{sign}{individual}{CHECK_CHARACTERS[int(date + individual) % 31]}"
    assert hetu.is_valid(code), code
    return code


def with_wrong_check_character(code: str) -> str:
    wrong = next(ch for ch in "0123456789" if ch != code[-1])
    assert not hetu.is_valid(code[:-1] + wrong)
    return code[:-1] + wrong


# + for the 1800s; - and the new Y X W V U for the 1900s; A and the new B C D E F for the 2000s.
CENTURY_SIGNS = ["+", "-", "Y", "X", "W", "V", "U", "A", "B", "C", "D", "E", "F"]


@pytest.mark.parametrize("sign", CENTURY_SIGNS)
def test_it_finds_a_valid_code_with_every_century_sign(sign):
    code = identity_code(sign=sign)

    assert find_identity_codes(f"Potilas {code} odotti kolme tuntia.") == [code]


@pytest.mark.parametrize("sign", CENTURY_SIGNS)
def test_it_ignores_a_code_whose_check_character_is_wrong(sign):
    code = with_wrong_check_character(identity_code(sign=sign))

    assert find_identity_codes(f"Viite {code}") == []


def test_it_finds_a_code_typed_in_lower_case():
    code = identity_code(date="131052", sign="-", individual="308")

    assert find_identity_codes(f"hetu {code.lower()}.") == [code]


def test_it_finds_a_code_with_a_space_before_the_century_sign():
    code = identity_code(date="131052", sign="-", individual="308")

    assert contains_identity_code(f"{code[:6]} {code[6:]}")


def test_it_finds_several_codes_and_codes_at_line_ends():
    first = identity_code(sign="B")
    second = identity_code(date="311299", sign="-", individual="045")

    assert find_identity_codes(f"{first}\n{second}") == [first, second]


def test_it_ignores_a_code_inside_a_longer_number_or_word():
    code = identity_code()

    assert not contains_identity_code(f"9{code}")
    assert not contains_identity_code(f"{code}7")
    assert not contains_identity_code(f"ID{code}")


def test_it_ignores_dates_reference_numbers_and_impossible_dates():
    assert not contains_identity_code("Kokous 01.02.2003 klo 12, viite 2026-000123.")
    assert not contains_identity_code("310203A1234")  # 31 February
    assert not contains_identity_code("")
    assert not contains_identity_code(None)


# --- One refusal for forms, the API and the services ---------------------------------------


def test_it_refuses_a_code_with_the_same_message_in_a_form_and_in_a_serializer():
    from django import forms
    from rest_framework import serializers

    from popsote.core.pii import identity_code_message, no_identity_code

    class Form(forms.Form):
        text = forms.CharField(validators=[no_identity_code])

    class Serializer(serializers.Serializer):
        text = serializers.CharField(validators=[no_identity_code])

    text = f"Potilas {identity_code()} odotti."
    form, serializer = Form({"text": text}), Serializer(data={"text": text})

    assert not form.is_valid() and not serializer.is_valid()
    assert form.errors["text"] == serializer.errors["text"] == [identity_code_message()]
    assert Form({"text": "Viite 2026-000123"}).is_valid()


def test_it_names_each_text_that_holds_a_code():
    from popsote.core.pii import identity_code_errors, identity_code_message

    errors = identity_code_errors(title="Iltavastaanotto", note=f"hetu {identity_code()}")

    assert errors == {"note": identity_code_message()}
