"""The page walk (issue 11, Checks): every page a person can reach, read as that person reads it.

Each demo taxpayer (individual, entrepreneur, organisation), the officer and the admin log in
through the login form in Debian's Chromium at 360 px, once in Kyrgyz and once in Russian, and
the walk follows every same-site link breadth-first from the home screen (the officer's home for
staff): GET only, never the log-out, the language switch, the API or a PDF (PDFs are read back by
text extraction in their own tests). Every page must:

- show no Latin-script word outside a short allow-list (the service's name, PDF/QR/PIN, the
  period examples 2024-Q1, Roman numerals of the Code's sections, e-mail addresses, the staff
  login shown in the header, the demo data's own words);
- show no raw field name (a snake_case token such as ``employment_income``);
- fit the phone: ``document.documentElement.scrollWidth <= innerWidth``;
- put every checkbox beside its label (the box on the label's first line, at most a gap away).

A screenshot of every page goes to ``tests/artifacts/walk/``. One server, one browser, one test
per role and language.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest

from browser_support import ARTIFACTS, chromium, served_app
from salyk import demo
from walk_data import enrich

pytestmark = pytest.mark.browser

WALK = ARTIFACTS / "walk"
PHONE = {"width": 360, "height": 780}
MAX_PAGES = 120  # a guard against an endless crawl (a link that makes new links); a walk that hits it fails

# Latin a person may meet on a ky/ru page: the service's name and domain, file and security
# acronyms, the period examples the forms show (2024-Q1), units of measure in the patent catalogue.
ALLOWED = {"Salyk", "kg", "PDF", "PIN", "QR", "SHA", "ID", "CSV", "JSON", "Q1", "Q2", "Q3", "Q4", "ETTK",
           # product names the offer's text cites (the devices the app runs on)
           "Android", "Apple", "iOS", "IOS"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*[A-Za-z0-9]|[A-Za-z]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\bhttps?://\S+|\b[\w-]+(\.[\w-]+)*\.(kg|com|org|ru)\b")
# Document numbers and codes: bank references (DEMO-215...-1), patent activity codes (S-01), series.
NUMBER = re.compile(r"[A-Z][A-Za-z]*(-[A-Za-z0-9]+)*-?\d[\dA-Za-z-]*")
# Serial numbers of certificates (hexadecimal).
SERIAL = re.compile(r"[0-9a-f]*\d[0-9a-f]*")  # with a digit in it: not a word
# Item letters of the offer's lists: "a)", "b)".
ITEM = re.compile(r"(?<![A-Za-z])[a-z]\)")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
ROMAN = re.compile(r"[IVXLC]+")
# Dates as a machine writes them (2025-03-14) and amounts with a decimal point (1234.50): a person
# reads 14.03.2025 and 1 234,50 сом; a rate as a fraction ("× 0,1") instead of a percent.
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
POINT_MONEY = re.compile(r"(?<![\d.])\d{1,3}(?:\d{3})*\.\d{2}(?![\d.])")
FRACTION_RATE = re.compile(r"×\s*0[.,]\d+(?!\d)(?!\s?%)")
# At most this many pages of one shape: a path with its numbers taken out and its set of query
# keys (two status filters, two quotes, two taxpayers' cards), so the walk stays short.
PER_SHAPE = 2
SKIP = re.compile(r"^/(logout|lang/|api/|static/|docs|redoc|openapi)|\.pdf$|/pdf$|/pdf/|/download", re.I)

ROLES = {
    "individual": (demo.DEMO_TAXPAYERS[0].tin, demo.DEMO_TAXPAYERS[0].password, "/"),
    "entrepreneur": (demo.DEMO_TAXPAYERS[1].tin, demo.DEMO_TAXPAYERS[1].password, "/"),
    "organisation": (demo.DEMO_TAXPAYERS[2].tin, demo.DEMO_TAXPAYERS[2].password, "/"),
    "officer": (*demo.DEMO_OFFICER, "/officer"),
    "admin": (*demo.DEMO_ADMIN, "/officer"),
}
# Pages a GET form leads to (the officer's search), which no plain link reaches.
# One search by ИСН (the organisation) and one by name (the individual); the entrepreneur's pages
# are reached from the applications lists.
STAFF_SEEDS = ["/officer/taxpayers?q=" + demo.DEMO_TAXPAYERS[2].tin, "/officer/taxpayers?q=Асанов"]

# What the browser measures on every page (one round trip): the text a person reads, overflow,
# and each checkbox against its label's first line of text.
MEASURE = """() => {
  // Text inside <code> is a literal a person types (a file's column header), not prose.
  let text = document.body.innerText;
  for (const c of document.querySelectorAll('code')) { const t = c.innerText.trim(); if (t) text = text.split(t).join(' '); }
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  const boxes = [];
  for (const box of document.querySelectorAll('input[type=checkbox]')) {
    const r = box.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;  // hidden
    const label = box.closest('label') || (box.id && document.querySelector(`label[for="${CSS.escape(box.id)}"]`));
    if (!label) { boxes.push({name: box.name, problem: 'no label'}); continue; }
    const range = document.createRange();
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    let first = null;
    while (walker.nextNode()) { if (walker.currentNode.textContent.trim()) { first = walker.currentNode; break; } }
    if (!first) { boxes.push({name: box.name, problem: 'empty label'}); continue; }
    range.selectNodeContents(first);
    const t = range.getClientRects()[0];
    const cy = r.top + r.height / 2;
    const sameLine = cy >= t.top - 4 && cy <= t.bottom + 4;
    const gap = t.left >= r.right ? t.left - r.right : r.left - t.right;
    if (!sameLine || gap > 40 || gap < -2) {
      boxes.push({name: box.name, problem: `box ${Math.round(r.left)},${Math.round(r.top)} text ${Math.round(t.left)},${Math.round(t.top)}`});
    }
  }
  const links = [...document.querySelectorAll('a[href]')].filter(a => !a.hasAttribute('download')).map(a => a.href);
  return {text, overflow, boxes, links};
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served_app(tmp_path_factory.mktemp('web-walk'), None, lambda rt: (demo.load(rt), enrich(rt))[1]) as (rt, base, names):
        yield base, names


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        WALK.mkdir(parents=True, exist_ok=True)
        yield launched


def latin_words(text: str, allowed: set[str]) -> set[str]:
    text = ITEM.sub(" ", EMAIL.sub(" ", text))
    return {w for w in LATIN_WORD.findall(text) if w not in allowed and not ROMAN.fullmatch(w) and not NUMBER.fullmatch(w) and not SERIAL.fullmatch(w)}


def login(page, base: str, who: str, password: str, lang: str) -> None:
    page.goto(f"{base}/lang/{lang}?next=/login")
    page.locator("#login").fill(who)
    page.locator("#password").fill(password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    if urlsplit(page.url).path == "/offer":  # the demo taxpayer has not accepted the offer yet
        page.locator("form[action='/offer'] button[type=submit]").first.click()
        page.wait_for_load_state()
    assert urlsplit(page.url).path != "/login", f"{who} could not log in"


def slug(path_and_query: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", path_and_query).strip("-") or "home"


@pytest.mark.parametrize("lang", ["ky", "ru"])
@pytest.mark.parametrize("role", list(ROLES))
def test_walk_every_page(browser, site, role, lang):
    base, names = site
    who, password, start = ROLES[role]
    allowed = ALLOWED | {who} | names
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    seen: set[str] = set()
    shapes: Counter = Counter()
    try:
        login(page, base, who, password, lang)
        queue = deque([start] + (STAFF_SEEDS if start == "/officer" else []))
        seen.update(queue)
        while queue:
            target = queue.popleft()
            assert len(seen) <= MAX_PAGES, f"more than {MAX_PAGES} pages: {sorted(seen)}"
            response = page.goto(base + target)
            if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            found: list[str] = []
            if response.status >= 400:
                found.append(f"status {response.status}")
            if page.locator("html").get_attribute("lang") != lang:
                found.append("page is not in the chosen language")
            seen_path = urlsplit(page.url)
            if seen_path.path == "/login":
                found.append("sent to the login page")
            m = page.evaluate(MEASURE)
            words = latin_words(m["text"], allowed)
            if words:
                found.append(f"Latin words: {sorted(words)}")
            for name, pattern in (("machine dates", ISO_DATE), ("amounts with a point", POINT_MONEY), ("rates as fractions", FRACTION_RATE)):
                hits = sorted(set(pattern.findall(m["text"])))
                if hits:
                    found.append(f"{name}: {hits[:5]}")
            raw = set(SNAKE.findall(m["text"]))
            if raw:
                found.append(f"raw field names: {sorted(raw)}")
            if m["overflow"] > 0:
                found.append(f"overflows the phone by {m['overflow']} px")
            for box in m["boxes"]:
                found.append(f"checkbox {box['name']}: {box['problem']}")
            page.screenshot(path=str(WALK / f"{role}-{lang}-{slug(target)}.png"), full_page=True)
            if found:
                problems[target] = found
            for href in m["links"]:
                parts = urlsplit(urljoin(page.url, href))
                if parts.netloc != urlsplit(base).netloc:
                    continue
                link = parts.path + (f"?{parts.query}" if parts.query else "")
                if link in seen or SKIP.search(parts.path):
                    continue
                shape = (re.sub(r"\d+", "#", parts.path), tuple(sorted(k for k, _ in parse_qsl(parts.query))))
                if shapes[shape] >= PER_SHAPE:
                    continue
                shapes[shape] += 1
                seen.add(link)
                queue.append(link)
    finally:
        context.close()
    (WALK / f"{role}-{lang}-pages.txt").write_text("\n".join(sorted(seen)) + "\n")
    assert len(seen) > 5, f"the walk found only {sorted(seen)}"
    assert not problems, "\n" + "\n".join(f"{p}: {'; '.join(f)}" for p, f in sorted(problems.items()))
