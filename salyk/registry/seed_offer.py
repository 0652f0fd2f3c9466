"""The seed offer text (the Salyk.kg public offer, Kyrgyz) as the first offer version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

SEED_VERSION = "2023.1"
SEED_EFFECTIVE_FROM = dt.date(2023, 1, 1)
DATA = Path(__file__).parent / "data"

# The source documents hold only the Kyrgyz text. Revision 0001 stored it as the Russian text
# too, behind this preface; revision offer_0001_offer_ru then puts the full Russian translation
# (data/offer_v1_ru.txt) in its place wherever that stand-in is still there, so every database,
# new or old, shows a Russian reader Russian (Offer 12.5). The migrations copy what they need and
# do not read this module after 0001.
RU_PREFACE = (
    "Оферта о заключении договора дистанционного обслуживания физических и юридических лиц "
    "в мобильном приложении Salyk.kg. Официальный текст на русском языке публикуется "
    "Государственной налоговой службой; ниже приводится текст на государственном языке, "
    "имеющий равную силу (п. 12.5 Оферты).\n\n"
)


def seed_offer_texts() -> tuple[str, str]:
    ky = (DATA / "offer_v1_ky.txt").read_text(encoding="utf-8")
    return ky, RU_PREFACE + ky


def insert_seed_offer(connection: sa.Connection) -> None:
    ky, ru = seed_offer_texts()
    table = sa.table(
        "offer_versions",
        sa.column("version"),
        sa.column("effective_from", sa.Date),
        sa.column("text_ky"),
        sa.column("text_ru"),
        sa.column("published_at", sa.DateTime),
    )
    connection.execute(
        table.insert().values(
            version=SEED_VERSION,
            effective_from=SEED_EFFECTIVE_FROM,
            text_ky=ky,
            text_ru=ru,
            published_at=_utc(connection, dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)),
        )
    )


def _utc(connection: sa.Connection, moment: dt.datetime) -> dt.datetime:
    # Raw inserts bypass UtcDateTime: SQLite keeps naive UTC, PostgreSQL a timestamptz.
    return moment.replace(tzinfo=None) if connection.dialect.name == "sqlite" else moment
