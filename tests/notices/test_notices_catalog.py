"""The notices catalog adds messages and never re-translates another service's msgid (catalogs are
merged into one table, so a second translation of "Filed" would change the declarations pages)."""

from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2] / "salyk"


def test_no_msgid_of_another_catalog_is_redefined():
    for lang in ("ky", "ru"):
        ours = {m.id for m in read_po((ROOT / f"notices/locale/{lang}/LC_MESSAGES/notices.po").open("rb")) if m.id}
        others = set()
        for path in [*(ROOT / "locale" / lang / "LC_MESSAGES").glob("*.po"), *ROOT.glob(f"*/locale/{lang}/LC_MESSAGES/*.po")]:
            if "notices" not in path.parts:
                others |= {m.id for m in read_po(path.open("rb")) if m.id}
        assert not sorted(ours & others), (lang, sorted(ours & others))
