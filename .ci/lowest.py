"""Print `name==lower` for every dependency pyproject.toml declares with `>=` (product and
test extras), so CI can install the lowest versions it promises and run the tests on them."""

import re
import sys
import tomllib
from pathlib import Path

project = tomllib.loads(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml").read_text())[
    "project"
]
declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
for requirement in declared:
    m = re.fullmatch(r"\s*([A-Za-z0-9_.\-\[\]]+)\s*>=\s*([0-9][^,;\s]*)\s*", requirement)
    if m and m[1] not in ("ruff",):  # the linter runs on the newest: its rules are CI's own
        print(f"{m[1]}=={m[2]}")
