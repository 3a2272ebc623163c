"""Packaging: every package folder ships in a regular install (editable installs hide misses)."""

from __future__ import annotations

import tomllib

from shared_paths import REPO


def test_every_package_folder_is_listed_in_pyproject():
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    folder_to_package = {folder: package for package, folder in setuptools["package-dir"].items()}
    expected = set()
    for folder, package in folder_to_package.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            expected.add(".".join([package, *relative.parts]))
    assert expected == listed


def test_rule_data_files_are_package_data():
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = setuptools["package-data"]["copydesk.rules"]
    data_files = [p.relative_to(REPO / "rules") for p in (REPO / "rules" / "data").iterdir()]
    assert data_files
    assert all(any(path.match(pattern) for pattern in patterns) for path in data_files)
