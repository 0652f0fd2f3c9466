"""The tax catalogue follows TC art. 31 and the contract's identifiers."""

import pytest

from salyk.law.taxes import TAX_CODES, is_known_tax, tax_kind


def test_contract_identifiers_in_contract_order():
    # Contract section 2: income_tax, profit_tax, vat, excise, subsoil_use, sales_tax,
    # land_tax, property_tax, patent, single_tax (TC art. 31).
    assert TAX_CODES == ("income_tax", "profit_tax", "vat", "excise", "subsoil_use", "sales_tax",
                         "land_tax", "property_tax", "patent", "single_tax")


@pytest.mark.parametrize("code, cite, level", [
    ("income_tax", "TC art. 31(4)(1)", "general"),   # "киреше салыгы"
    ("vat", "TC art. 31(4)(3)", "general"),          # "кошумча нарк салыгы"
    ("sales_tax", "TC art. 31(4)(6)", "general"),    # "сатуу салыгы"
    ("land_tax", "TC art. 31(5)(1)", "local"),       # "жер салыгы"
    ("property_tax", "TC art. 31(5)(2)", "local"),   # "мүлк салыгы"
    ("single_tax", "TC art. 31(6)(3)", "special"),   # "бирдиктүү салыктын негизиндеги ..."
])
def test_citations(code, cite, level):
    assert str(tax_kind(code).citation) == cite
    assert tax_kind(code).level == level


def test_unknown():
    assert not is_known_tax("VAT")
    assert not is_known_tax("")
    assert not is_known_tax(None)
    assert is_known_tax("patent")
    with pytest.raises(KeyError):
        tax_kind("road_tax")  # repealed taxes are not in TC art. 31 as held
