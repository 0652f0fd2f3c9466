"""registry: the Russian text of offer version 2023.1 (Offer 12.5, issue 11)

Until now version 2023.1 carried the Kyrgyz text as its Russian text (behind a one-paragraph
Russian preface). This puts the full Russian translation (``salyk/registry/data/offer_v1_ru.txt``)
in its place, but only where ``text_ru`` is still that stand-in: an officer's own Russian text is
left as it is. Plain Python and SQL only: the file is read by its path from here, and no
application code is imported, so the revision reads the same whatever the code becomes.

Revision ID: offer_0001_offer_ru
Revises: 0005_taxpayer_citizenship
"""
from pathlib import Path

from alembic import op
import sqlalchemy as sa


revision = "offer_0001_offer_ru"
down_revision = "0005_taxpayer_citizenship"
branch_labels = None
depends_on = None

VERSION = "2023.1"
RU_FILE = Path(__file__).resolve().parents[3] / "registry" / "data" / "offer_v1_ru.txt"
# The stand-in that revision 0001_platform wrote before the Kyrgyz text, copied here so this
# revision does not depend on another file staying the same.
OLD_RU_PREFACE = (
    "Оферта о заключении договора дистанционного обслуживания физических и юридических лиц "
    "в мобильном приложении Salyk.kg. Официальный текст на русском языке публикуется "
    "Государственной налоговой службой; ниже приводится текст на государственном языке, "
    "имеющий равную силу (п. 12.5 Оферты).\n\n"
)

offers = sa.table("offer_versions", sa.column("version", sa.String), sa.column("text_ky", sa.Text), sa.column("text_ru", sa.Text))


def _row(bind: sa.Connection) -> sa.Row[str, str] | None:
    return bind.execute(sa.select(offers.c.text_ky, offers.c.text_ru).where(offers.c.version == VERSION)).first()


def upgrade() -> None:
    bind = op.get_bind()
    row = _row(bind)
    if row is None:
        return
    if row.text_ru in (row.text_ky, OLD_RU_PREFACE + row.text_ky):
        ru = RU_FILE.read_text(encoding="utf-8")
        bind.execute(offers.update().where(offers.c.version == VERSION, offers.c.text_ru == row.text_ru).values(text_ru=ru))


def downgrade() -> None:
    bind = op.get_bind()
    row = _row(bind)
    if row is not None and row.text_ru == RU_FILE.read_text(encoding="utf-8"):
        bind.execute(offers.update().where(offers.c.version == VERSION).values(text_ru=OLD_RU_PREFACE + row.text_ky))
