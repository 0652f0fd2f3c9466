"""The offer's numbered structure, for reading on a phone (Offer 1.5, 12.5).

The offer is stored as plain text (one version, two languages). Its layout is read from the text
itself: a line "7. Title" opens section 7, a line "7.2. ..." is clause 7.2, anything before the
first section is the preamble, and a clause that lists after a colon ("обязан: - a; - b") is shown
as its lead-in and a list. Nothing is dropped or reworded: every word of the text is in the layout,
in order (``words``), and a text without numbering is one untitled section of paragraphs.

Pure: no database, no application imports; the offer service and the pages call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "12. Башка жоболор": a section heading (one or two digits, a dot, a title that starts with a
# letter and is heading-sized). "12.5. Text": a clause.
SECTION = re.compile(r"^(\d{1,2})\.\s+(\w.*)$")
CLAUSE = re.compile(r"^(\d{1,2})\.(\d{1,3})\.?\s+(.*)$")
HEADING_MAX = 160
DASHES = "-–−—"
# A list after a colon: ": - item; - item" (hyphen, en dash, minus sign or em dash as markers).
LIST_START = re.compile(rf":\s+[{DASHES}]\s+")
ITEM_BREAK = re.compile(rf"(?<=[;.])\s+[{DASHES}]\s+")


@dataclass(frozen=True)
class Clause:
    number: str | None  # "7.2"; None for a paragraph without a number
    lead: str  # the clause text, or its lead-in up to the colon when it lists
    items: tuple[str, ...] = ()

    @property
    def anchor(self) -> str | None:
        return None if self.number is None else "p" + self.number.replace(".", "-")


@dataclass(frozen=True)
class Section:
    number: str | None  # "7"; None when the text has no numbered sections
    title: str
    clauses: tuple[Clause, ...]

    @property
    def anchor(self) -> str:
        return f"s{self.number}" if self.number is not None else "s0"


@dataclass(frozen=True)
class Layout:
    preamble: tuple[str, ...]
    sections: tuple[Section, ...]

    def numbers(self) -> list[tuple[str | None, list[str]]]:
        """Section numbers with their clause numbers, in order: [("1", ["1.1", ...]), ...]."""
        return [(s.number, [c.number for c in s.clauses if c.number is not None]) for s in self.sections]

    def words(self) -> list[str]:
        """Every word shown, in order (list markers excluded): the same words as the text's."""
        out: list[str] = []
        for part in self.preamble:
            out += words_of(part)
        for section in self.sections:
            if section.number is not None:
                out += [section.number + "."]
            out += words_of(section.title)
            for clause in section.clauses:
                if clause.number is not None:
                    out += [clause.number + "."]
                out += words_of(clause.lead)
                for item in clause.items:
                    out += words_of(item)
        return out


def words_of(text: str) -> list[str]:
    return [w for w in text.split() if w not in DASHES]


def split_list(text: str) -> tuple[str, tuple[str, ...]]:
    """ "обязан: - a; - b." -> ("обязан:", ("a;", "b.")); text without such a list is left whole."""
    start = LIST_START.search(text)
    if start is None:
        return text, ()
    lead = text[: start.start() + 1].strip()
    items = tuple(item.strip() for item in ITEM_BREAK.split(text[start.end():]) if item.strip())
    if len(items) < 2:  # one dash after a colon is a dash, not a list
        return text, ()
    return lead, items


def _clause(number: str | None, text: str) -> Clause:
    lead, items = split_list(" ".join(text.split()))
    return Clause(number, lead, items)


# A section while it is read: (number, title, [(clause number or None, text), ...]).
_Draft = tuple[str, str, list[tuple[str | None, str]]]


def parse(text: str) -> Layout:
    preamble: list[str] = []
    sections: list[_Draft] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        clause = CLAUSE.match(line)
        section = SECTION.match(line) if clause is None else None
        if clause and sections and sections[-1][0] == clause.group(1):
            sections[-1][2].append((f"{clause.group(1)}.{clause.group(2)}", clause.group(3)))
        elif section and len(line) <= HEADING_MAX and _next_section(sections, section.group(1)):
            sections.append((section.group(1), " ".join(section.group(2).split()), []))
        elif sections and sections[-1][2]:
            body = sections[-1][2]
            body[-1] = (body[-1][0], body[-1][1] + "\n" + line)  # a continuation of the clause
        elif sections:
            sections[-1][2].append((None, line))  # a paragraph under the heading, before 1.1
        else:
            preamble.append(" ".join(line.split()))
    if not sections:  # no numbering: one untitled section, each paragraph as it stands
        return Layout((), (Section(None, "", tuple(Clause(None, " ".join(p.split())) for p in preamble)),) if preamble else ())
    return Layout(tuple(preamble), tuple(Section(number, title, tuple(_clause(n, t) for n, t in clauses)) for number, title, clauses in sections))


def _next_section(sections: list[_Draft], number: str) -> bool:
    """Section numbers run 1, 2, 3...: "3. ..." after section 7 is a numbered paragraph, not a heading."""
    previous = int(sections[-1][0]) if sections else 0
    return int(number) == previous + 1
