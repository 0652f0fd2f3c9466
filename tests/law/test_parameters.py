"""The parameter loader: dated values with citations, validated on load."""

import datetime as dt
from decimal import Decimal

import pytest

from salyk.law.citation import Citation, offer, tc
from salyk.law.parameters import ParameterError, all_parameters, load_directory


def write(tmp_path, text):
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    return load_directory(tmp_path)


def test_value_holds_from_its_date_until_the_next(tmp_path):
    table = write(
        tmp_path,
        """
rate:
  description: a rate that changed once
  unit: fraction
  citation: {act: TC2008, article: 71, part: 6}
  values:
    2009-01-01: "0.0009"
    2020-07-01: "0.0010"
""",
    )
    p = table["rate"]
    with pytest.raises(ParameterError):
        p.at(dt.date(2008, 12, 31))
    assert p.at(dt.date(2009, 1, 1)).value == Decimal("0.0009")
    assert p.at(dt.date(2020, 6, 30)).value == Decimal("0.0009")
    got = p.at(dt.date(2020, 7, 1))
    assert got.value == Decimal("0.0010") and got.effective_from == dt.date(2020, 7, 1)
    assert str(got.citation) == "TC art. 71(6)"


def test_repeal_ends_a_parameter(tmp_path):
    table = write(
        tmp_path,
        """
old:
  description: repealed
  unit: som
  citation: {act: TC2008, article: 4, part: 2, item: 12}
  values:
    2009-01-01: "10"
    2012-10-06: null
""",
    )
    assert table["old"].at(dt.date(2010, 1, 1)).value == Decimal("10")
    with pytest.raises(ParameterError, match="repealed"):
        table["old"].at(dt.date(2013, 1, 1))


@pytest.mark.parametrize(
    "bad, message",
    [
        ('x:\n  description: d\n  unit: fraction\n  values: {2009-01-01: "1"}\n', "missing citation"),
        ('x:\n  description: d\n  unit: fraction\n  citation: {act: TC2008}\n  values: {2009-01-01: "1"}\n', "needs an article"),
        ("x:\n  description: d\n  unit: fraction\n  citation: {act: TC2008, article: 1}\n  values: {2009-01-01: 0.5}\n", "not floats"),
        ('x:\n  description: d\n  unit: bananas\n  citation: {act: TC2008, article: 1}\n  values: {2009-01-01: "1"}\n', "unit"),
        ('x:\n  description: d\n  unit: som\n  sample: true\n  citation: {act: TC2008, article: 1}\n  values: {2009-01-01: "1"}\n', "needs a note"),
        ("x:\n  description: d\n  unit: som\n  citation: {act: TC2008, article: 1}\n  values: {}\n", "non-empty"),
    ],
)
def test_broken_files_are_refused(tmp_path, bad, message):
    with pytest.raises(ValueError, match=message):
        write(tmp_path, bad)


def test_packaged_parameters_all_load_and_cite():
    for name, p in all_parameters().items():
        assert str(p.citation), name
        assert p.values, name


def test_citation_text():
    assert str(tc(71, 6)) == "TC art. 71(6)"
    assert str(tc(4, 2, 9)) == "TC art. 4(2)(9)"
    assert str(offer("3.1")) == "Offer 3.1"
    assert str(Citation.parse({"act": "GOV", "title": "Government decree No. 1 of 2024"})) == "Government decree No. 1 of 2024"


def test_every_parameter_value_serialises_to_json():
    """A trace carries each parameter as JSON: name, value, effective date and a citation."""
    import json

    checked = 0
    for name, p in all_parameters().items():
        for since, value in p.values:
            if value is not None:
                out = json.loads(json.dumps(p.at(since).as_dict()))
                assert out["name"] == name and out["effective_from"] == since.isoformat(), out
                assert out["citation"] and out["value"] is not None, out
                checked += 1
    assert checked >= len(all_parameters()) > 0
