"""The project's modules and what each imports, read from the source (no module is run).

Imports inside functions count: a "lazy" import is still a dependency a reader must hold in mind.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_APPS = {"tests"}


def packages():
    """The project's top-level Python packages: every folder beside manage.py with an __init__.py."""
    return sorted(
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_APPS and not path.parent.name.startswith(".")
    )


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    modules = {}
    for package in packages():
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def imports_of(name, path, modules):
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            targets = [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]
        for target in targets:
            # The deepest project module the import names (a name inside a module counts as the module).
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                found.add(target)
    return found


def import_graph():
    """{module: {modules it imports}} over the whole project, migrations left out."""
    modules = project_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}
