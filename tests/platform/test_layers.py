"""The house keeps its shape: the imports are read (ast) and no edge may run the wrong way.

- ``salyk.law`` imports nothing of ours outside itself (pure rules; the contract's law API).
- ``salyk.kernel`` imports the law, the database plumbing (``salyk.db``) and ``salyk.crypto`` at
  most: never a service, a face, or the module list.
- ``salyk.crypto`` imports the law at most.
- A service (``registry``, ``ledger``, ``declarations`` and every package a manifest names) never
  imports a face (``salyk.api``, ``salyk.web``, ``salyk.commands``, ``salyk.cli``, ``salyk.modules``,
  or a service's own ``api``/``pages``/``cli`` modules); its ``module.py`` imports only the kernel's manifest type.
- A face never imports an ORM model (``salyk.db.models``, ``salyk.kernel.models``, ``<service>.models``).
- Services form no cycle among themselves.
Migrations and Alembic's environment are composition roots and are not read by these rules;
a migration revision is history and may import only the database plumbing (``salyk.db.types``,
``salyk.db.triggers``), never application code that can change after it was written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import salyk
from salyk.modules import MODULES

ROOT = Path(salyk.__file__).parent
FACE_PACKAGES = ("salyk.api", "salyk.web", "salyk.commands")
FACE_MODULES = ("salyk.cli", "salyk.modules")
FACE_FILES = ("api", "pages", "cli")  # a service's own faces: salyk/<service>/api.py, pages.py, cli.py
# Composition roots assemble the modules: the module list itself and the Alembic runner.
ROOTS = ("salyk.modules", "salyk.db.migrate")
SERVICES = sorted({m.key for m in MODULES} | {"registry", "ledger", "declarations"})


def _service_package(key: str) -> str:
    return f"salyk.{key}"


def modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        parts = rel.parts
        if "migrations" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports_of(path: Path, name: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{a.name}" for a in node.names}
    return {f for f in found if f == "salyk" or f.startswith("salyk.")}


def under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def is_face(name: str) -> bool:
    if under(name, *FACE_PACKAGES) or name in FACE_MODULES:
        return True
    parts = name.split(".")
    return len(parts) == 3 and parts[1] in SERVICES and parts[2] in FACE_FILES


def is_orm(name: str) -> bool:
    parts = name.split(".")
    return under(name, "salyk.db.models", "salyk.kernel.models") or (len(parts) >= 3 and parts[1] in SERVICES and parts[2] == "models")


def service_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in SERVICES and not is_face(name) else None


def edges() -> list[tuple[str, str]]:
    table = modules()
    return [(name, target) for name, path in table.items() for target in imports_of(path, name)]


def test_no_import_runs_the_wrong_way():
    wrong = []
    for source, target in edges():
        if under(source, "salyk.law") and not under(target, "salyk.law"):
            wrong.append((source, target, "law imports only law"))
        if under(source, "salyk.kernel") and not under(target, "salyk.kernel", "salyk.law", "salyk.db", "salyk.crypto"):
            wrong.append((source, target, "kernel imports law, db and crypto at most"))
        if under(source, "salyk.crypto") and not under(target, "salyk.crypto", "salyk.law"):
            wrong.append((source, target, "crypto imports law at most"))
        if under(source, "salyk.db") and source not in ROOTS and not under(target, "salyk.db", "salyk.law"):
            wrong.append((source, target, "db imports law at most"))
        if service_of(source) and not source.endswith(".module") and is_face(target):
            wrong.append((source, target, "a service imports no face"))
        if source.endswith(".module") and service_of(source) and not (target in ("salyk.kernel.module",) or target.startswith("salyk.kernel.module.")):
            wrong.append((source, target, "a manifest names its faces by import strings"))
        if is_face(source) and source not in ROOTS and is_orm(target):
            wrong.append((source, target, "a face touches no ORM model"))
    assert wrong == [], "\n".join(map(str, wrong))


def test_services_form_no_cycle():
    graph: dict[str, set[str]] = {s: set() for s in SERVICES}
    for source, target in edges():
        a, b = service_of(source), service_of(target)
        if a and b and a != b:
            graph[a].add(b)
    seen: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state = seen.get(node)
        assert state != 1, f"a cycle between services: {' -> '.join(path + [node])}"
        if state == 2:
            return
        seen[node] = 1
        for nxt in sorted(graph[node]):
            visit(nxt, path + [node])
        seen[node] = 2

    for node in sorted(graph):
        visit(node, [])


def test_the_guard_reads_the_tree():
    # A guard that reads nothing would pass anything: it must see the known edges.
    found = set(edges())
    assert ("salyk.ledger.derive", "salyk.law.book") in found
    assert any(s.startswith("salyk.api.") and t.startswith("salyk.ledger") for s, t in found)


MIGRATION_MAY_IMPORT = ("salyk.db.types", "salyk.db.triggers")


def test_migrations_import_no_application_code():
    revisions = [p for p in ROOT.rglob("*.py") if "migrations" in p.parts and p.name != "env.py" and p.name != "__init__.py"]
    assert len(revisions) >= 10  # the platform's and every module's revisions are read
    wrong = {}
    for path in revisions:
        ours = {n for n in imports_of(path, "salyk.migration") if n == "salyk" or n.startswith("salyk.")}
        bad = {n for n in ours if n != "salyk" and not under(n, *MIGRATION_MAY_IMPORT)}
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}
