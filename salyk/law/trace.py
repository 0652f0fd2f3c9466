"""Explanations: every computation can say how it got its number (the "why this number?" of the cabinet).

The taxpayer has the right to information on the results of tax control and to explanations
(TC art. 42(1)(9)-(10)); the tax service must inform taxpayers of their obligations (TC art. 51).

A law function takes an optional ``trace``; when given, it appends its steps, each with the
citation it applies, and records the parameter values it used with their effective dates.
``salyk law explain ...`` and the cabinet's statement print these.

A step is data, not a sentence: an English msgid with ``{placeholders}`` and its parameters
(money marked ``Som``, dates, numbers, codes), so that the faces render it in Kyrgyz or Russian
from the catalogs (``salyk.explanations.render``); ``text`` is the English rendering for the CLI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from salyk.law.citation import Citation
from salyk.law.money import format_som
from salyk.law.parameters import ParameterValue, parameter_value


def N_(msgid: str) -> str:
    """Marks an English msgid for the catalogs; translated where it is shown."""
    return msgid


class Som(Decimal):
    """An amount of money in a step's parameters (shown with separators and "сом")."""


def som(amount: Any) -> Som:
    return Som(amount)


class Rate(Decimal):
    """A rate or share as a fraction (0.1) in a step's parameters, shown as a percent ("10 %")."""


def rate(value: Any) -> Rate:
    return Rate(value)


@dataclass(frozen=True)
class Msg:
    """A phrase inside a step (a reason, a label): its own msgid and parameters, rendered in place."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return english(self.msgid, self.params)

    def __hash__(self) -> int:
        return hash((self.msgid, tuple(sorted((k, str(v)) for k, v in self.params.items()))))


def msg(msgid: str, **params: Any) -> Msg:
    return Msg(msgid, params)


def english(msgid: str, params: dict[str, Any]) -> str:
    """The msgid filled in English (the CLI's language and the msgid's own)."""
    if not params:
        return msgid
    return msgid.format(**{k: _english(v) for k, v in params.items()})


def _english(value: Any) -> str:
    if isinstance(value, Som):
        return format_som(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_english(v) for v in value)
    return str(value)  # Msg renders itself


@dataclass
class Step:
    msgid: str
    value: Any = None
    citation: Citation | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return english(self.msgid, self.params)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "msgid": self.msgid, "parameters": {k: _plain(v) for k, v in self.params.items()}}
        if self.value is not None:
            out["value"] = _plain(self.value)
        if self.citation is not None:
            out["citation"] = str(self.citation)
        return out


@dataclass
class Trace:
    title: str = ""
    steps: list[Step] = field(default_factory=list)
    title_params: dict[str, Any] = field(default_factory=dict)
    parameters: list[ParameterValue] = field(default_factory=list)
    result: Any = None

    def step(self, msgid: str, value: Any = None, cite: Citation | None = None, **params: Any) -> None:
        """One step: ``msgid`` is English with ``{placeholders}`` filled from ``params``."""
        self.steps.append(Step(msgid, value, cite, params))

    def titled(self, msgid: str, **params: Any) -> None:
        """Give the trace its title (once: an outer computation's title wins)."""
        if not self.title:
            self.title, self.title_params = msgid, params

    def param(self, name: str, on: dt.date) -> Any:
        """Look a parameter up and remember which value (and which date's law) was used."""
        pv = parameter_value(name, on)
        if pv not in self.parameters:
            self.parameters.append(pv)
        return pv.value

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": english(self.title, self.title_params),
            "title_msgid": self.title,
            "title_parameters": {k: _plain(v) for k, v in self.title_params.items()},
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
    if isinstance(value, Msg):
        return {"msgid": value.msgid, "parameters": {k: _plain(v) for k, v in value.params.items()}}
    if isinstance(value, Som):
        return format_som(value)
    if isinstance(value, Citation):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
