"""Explanations: every computation can say how it got its number (the "why this number?" of the cabinet).

The taxpayer has the right to information on the results of tax control and to explanations
(TC art. 42(1)(9)-(10)); the tax service must inform taxpayers of their obligations (TC art. 51).

A law function takes an optional ``trace``; when given, it appends its steps, each with the
citation it applies, and records the parameter values it used with their effective dates.
``salyk law explain ...`` and the cabinet's statement print these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from salyk.law.citation import Citation
from salyk.law.parameters import ParameterValue, parameter_value


@dataclass
class Step:
    text: str
    value: Any = None
    citation: Citation | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.value is not None:
            out["value"] = _plain(self.value)
        if self.citation is not None:
            out["citation"] = str(self.citation)
        return out


@dataclass
class Trace:
    title: str = ""
    steps: list[Step] = field(default_factory=list)
    parameters: list[ParameterValue] = field(default_factory=list)
    result: Any = None

    def step(self, text: str, value: Any = None, cite: Citation | None = None) -> None:
        self.steps.append(Step(text, value, cite))

    def param(self, name: str, on: dt.date) -> Any:
        """Look a parameter up and remember which value (and which date's law) was used."""
        pv = parameter_value(name, on)
        if pv not in self.parameters:
            self.parameters.append(pv)
        return pv.value

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "result": _plain(self.result),
            "steps": [s.as_dict() for s in self.steps],
            "parameters": [p.as_dict() for p in self.parameters],
        }


def param(trace: Trace | None, name: str, on: dt.date) -> Any:
    """``trace.param`` when tracing, plain lookup otherwise: law functions call this."""
    if trace is not None:
        return trace.param(name, on)
    return parameter_value(name, on).value


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
