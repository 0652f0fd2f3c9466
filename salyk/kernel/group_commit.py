"""Group commit: many documents of one gapless series in one transaction (issue 16).

A gapless number is a counter row locked from ``UPDATE ... RETURNING`` until the commit
(``salyk.kernel.numbers``). When every filing takes it in its own transaction, the filings of a
year queue on that row one commit at a time: on deadline day the whole country waits on one row
and one fsync each. Here a committer thread per process takes whatever documents are waiting,
writes them in one transaction, takes their numbers with one ``UPDATE counters ... + k``, and
commits once; each caller is answered only after that commit, so an acknowledged document is a
committed one. A batch that fails for any reason (a unique violation: a rival filing of the same
key committed meanwhile) is rolled back whole and every caller gets ``Retry``: it then does its
document alone in its own transaction, which sees the rival and answers as it should. Numbers stay
gapless (a rolled-back batch gives all its numbers back) and each document gets exactly one.

The caller does its checks before submitting (reads only) and hands over a ``Work``: what to
write before the number, and what to write and answer with it.
"""

from __future__ import annotations

import contextvars
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from salyk.kernel import numbers
from salyk.kernel.uow import Database

T = TypeVar("T")
log = logging.getLogger(__name__)


class Retry(Exception):
    """The batch this work was in was rolled back: do it alone (``Database.transaction``)."""


@dataclass(frozen=True)
class Done(Generic[T]):
    """A numbered document: the caller's answer and the rows to insert, ``(model, values)``. The
    batch's rows of one model go in one multi-row INSERT (the ORM's unit of work costs more CPU per
    row than the database does)."""

    answer: T
    rows: list[tuple[type[Any], dict[str, Any]]]


@dataclass(frozen=True)
class Work(Generic[T]):
    """One document: ``write`` adds what needs no number (flushed with the others' before the
    counter is taken, so the row is held for the least); ``complete`` numbers the document."""

    series: str
    year: int
    write: Callable[[Session], None]
    complete: Callable[[int], Done[T]]


def insert_rows(session: Session, rows: list[tuple[type[Any], dict[str, Any]]]) -> None:
    """``rows`` in one INSERT per model, models in the order they first appear."""
    by_model: dict[type[Any], list[dict[str, Any]]] = {}
    for model, values in rows:
        by_model.setdefault(model, []).append(values)
    for model, values_list in by_model.items():
        # Core, not the ORM's bulk insert: the rows need no mapped objects back
        session.connection().execute(insert(cast(Table, model.__table__)), values_list)


class GroupCommit:
    """One committer thread per process and database, started on demand and gone when idle."""

    MAX_BATCH = 64  # a bigger batch holds the counter row longer and gains little
    IDLE_SECONDS = 2.0

    def __init__(self, db: Database):
        self.db = db
        self._queue: queue.SimpleQueue[tuple[Work[Any], Future[Any], contextvars.Context]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.batches = 0  # counted for the benchmark
        self.documents = 0

    def submit(self, work: Work[T]) -> T:
        """Write ``work`` in the next batch and return its answer after the commit; raises
        ``Retry`` when the batch was rolled back."""
        future: Future[T] = Future()
        # the caller's context (the law book in force for its request, the officer's access
        # reason): the work runs in it on the committer's thread
        with self._lock:
            self._queue.put((work, future, contextvars.copy_context()))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="salyk-group-commit", daemon=True)
                self._thread.start()
        return future.result()

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=self.IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():  # submit() puts under the lock: nothing can slip in now
                        self._thread = None
                        return
                continue
            batch = [first]
            while len(batch) < self.MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._commit(batch)

    def _commit(self, batch: list[tuple[Work[Any], Future[Any], contextvars.Context]]) -> None:
        try:
            with self.db.transaction() as session:
                for work, _, context in batch:
                    context.run(work.write, session)
                session.flush()
                answers = []
                groups: dict[tuple[str, int], list[int]] = {}
                for i, (work, _, _) in enumerate(batch):
                    groups.setdefault((work.series, work.year), []).append(i)
                given: dict[int, int] = {}
                for (series, year), members in sorted(groups.items()):
                    first = numbers.next_numbers(session, series, year, len(members))
                    for offset, i in enumerate(members):
                        given[i] = first + offset
                rows: list[tuple[type[Any], dict[str, Any]]] = []
                for i, (work, _, context) in enumerate(batch):
                    done = context.run(work.complete, given[i])
                    answers.append(done.answer)
                    rows.extend(done.rows)
                insert_rows(session, rows)
        except Exception as exc:  # noqa: BLE001 - every caller redoes its work alone and meets its own error
            log.info("group commit of %d documents rolled back (%s); each is done alone", len(batch), type(exc).__name__)
            for _, future, _ in batch:
                future.set_exception(Retry(str(exc)))
            return
        self.batches += 1
        self.documents += len(batch)
        for (_, future, _), answer in zip(batch, answers):
            future.set_result(answer)
