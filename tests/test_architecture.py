"""The layer rules of docs/ARCHITECTURE.md, checked on the source: who may import whom."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parents[1] / "portal"
FEATURES = {
    path.name
    for path in PORTAL.iterdir()
    if path.is_dir() and (path / "__init__.py").exists() and path.name != "core"
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PORTAL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PORTAL.rglob("*.py")}
# Modules that define a blueprint: views of a feature (public, manage, workspace, media).
VIEW_MODULES = {
    name for name, path in MODULES.items() if "Blueprint(" in path.read_text(encoding="utf-8")
}


def _imports(path: Path) -> set[str]:
    """Every portal module a file imports (`from x import y` counts x and x.y)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in MODULES}


def test_the_rules_see_the_modules_they_speak_of():
    assert {"portal.news.views", "portal.reviews.manage", "portal.core.health"} <= VIEW_MODULES
    assert "portal.news.queries" not in VIEW_MODULES
    assert {"accounts", "news", "reviews", "pages"} <= FEATURES


@pytest.mark.parametrize("module", sorted(set(MODULES) - {"portal"}))
def test_no_module_imports_a_view_module(module):
    """Blueprints are registered by the factory only; shared code lives in queries,
    rules and services, never in a view module."""
    assert _imports(MODULES[module]) & VIEW_MODULES == set()


@pytest.mark.parametrize(
    "module", sorted(name for name in MODULES if name.startswith("portal.core"))
)
def test_core_imports_no_feature(module):
    features = {name for name in _imports(MODULES[module]) if name.split(".")[1] in FEATURES}
    assert features == set()


@pytest.mark.parametrize(
    "module", sorted(name for name in MODULES if name.count(".") >= 2 and name != "portal.cli")
)
def test_features_never_import_another_features_forms(module):
    feature = module.split(".")[1]
    foreign_forms = {
        name
        for name in _imports(MODULES[module])
        if name.endswith(".forms") and name.split(".")[1] not in (feature, "core")
    }
    assert foreign_forms == set()
