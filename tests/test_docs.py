"""The documents say what the code does: commands that work as written, targets that exist, the
registry's tests as they are (the drift issue 23 listed)."""

from __future__ import annotations

import re
from pathlib import Path

import rotation as rt
from rotation.__main__ import parser

ROOT = Path(rt.__file__).resolve().parents[2]
DOCS = ["README.md", "CONTRIBUTING.md", "notebooks/README.md", "data/README.md"]


def _text(name: str) -> str:
    path = ROOT / name
    return path.read_text() if path.is_file() else ""


def test_commands_in_the_documents_are_the_venvs_and_exist():
    commands = set(parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    for name in DOCS:
        text = _text(name)
        bare = re.findall(r"(?<![\w/.])python -m rotation\b", text)
        assert not bare, (
            f"{name}: write `.venv/bin/python -m rotation …` (a bare python may lack the project)"
        )
        for cmd in re.findall(r"\.venv/bin/python -m rotation ([a-z-]+)", text):
            assert cmd in commands, f"{name}: no command {cmd!r}; the commands are {sorted(commands)}"


def test_every_phony_make_target_exists():
    make = _text("Makefile")
    phony = re.search(r"^\.PHONY:(.*)$", make, flags=re.M)
    assert phony
    targets = set(re.findall(r"^([a-z][\w-]*):", make, flags=re.M))
    assert not set(phony.group(1).split()) - targets


def test_the_readmes_numbered_commands_section_counts_its_commands():
    words = {"two": 2, "three": 3, "four": 4}
    m = re.search(r"^## (\w+) commands\n\n```bash\n(.*?)```", _text("README.md"), flags=re.M | re.S)
    assert m and words[m.group(1).lower()] == len(m.group(2).strip().splitlines())


def test_data_readme_names_only_the_registrys_tests():
    row = next(line for line in _text("data/README.md").splitlines() if line.startswith("| `claims.csv`"))
    named = set(re.findall(r"`([a-z_]+)`", row.split("the `test`", 1)[1].split(")", 1)[0]))
    assert named == set(rt.registry.TESTS)
