"""Data flows one way: a stage never imports a later stage."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "tubewiki"
ORDER = ["ingest", "store", "nlp", "write", "verify", "render", "search", "web"]
# search reads the store and nlp; web serves everything below it
ALLOWED_LATER = {"search": set(), "web": {"search", "render"}}


def _stage_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level >= 2:  # from ..stage import x
                found.add(module.split(".")[0])
            elif node.level == 0 and module.startswith("tubewiki."):
                found.add(module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tubewiki."):
                    found.add(alias.name.split(".")[1])
    return found


def test_no_stage_imports_a_later_stage() -> None:
    problems = []
    for stage in ORDER:
        later = set(ORDER[ORDER.index(stage) + 1:]) - ALLOWED_LATER.get(stage, set())
        if stage in ("search", "web"):
            later = {"web"} - {stage} | ({"jobs", "cli"})
        for path in (PACKAGE / stage).rglob("*.py"):
            bad = _stage_imports(path) & (later | {"jobs", "cli"})
            if bad:
                problems.append(f"{path.relative_to(PACKAGE)} imports {sorted(bad)}")
    assert not problems, "\n".join(problems)


def test_stages_exist_as_folders() -> None:
    for stage in ORDER:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


def test_only_the_store_talks_sql() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if "store" not in p.relative_to(PACKAGE).parts[:1] and ".execute(" in p.read_text(encoding="utf-8")]
    assert not offenders, offenders
