"""Replays recorded gspread <-> Google traffic (vcrpy JSON cassettes) against a fresh Sheets
fake and compares every answer with Google's, up to IDs, timestamps and the fields listed
in IGNORE with a reason.

    python -m tests.fakes.replay [FILE ...]

Without FILE it replays ``../shared/sheets-api-recordings/*.json`` (relative to the repo
root). Prints one line per mismatching interaction and ends with ``N passed, M failed``;
exits 0 iff nothing failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .sheets_api import FakeSheetsAPI

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_RECORDINGS = REPO_ROOT.parent / "shared" / "sheets-api-recordings"


@dataclass(frozen=True)
class Ignored:
    """A field left out of the comparison: its path (``[]`` for any list index) and why."""

    path: str
    reason: str


IGNORE: list[Ignored] = [
    Ignored("createdTime", "Drive timestamp of the recording session, not spreadsheet state"),
    Ignored("modifiedTime", "Drive timestamp of the recording session, not spreadsheet state"),
    Ignored(
        "sheets[].protectedRanges[].editors.users",
        "the recording's service-account e-mail; the fake names its own caller "
        "(FakeSheetsAPI.account_email) as the range's editor",
    ),
]

# (cassette file name, interaction index, reason). Interactions listed here that fail are
# reported as skipped, not failed. Empty: the fake evaluates the recorded formulas
# (=4/2, =3/2) itself. An entry would be a formula only a full spreadsheet engine can
# evaluate, e.g. ("X.json", 7, "formula evaluation: =VLOOKUP(...)").
EXPECTED_FAILURES: list[tuple[str, int, str]] = []

# Keys whose integer values are server-chosen object IDs, mapped recorded -> fake.
ID_KEYS = frozenset(
    {
        "sheetId",
        "protectedRangeId",
        "chartId",
        "metadataId",
        "bandedRangeId",
        "filterViewId",
        "objectId",
        "sourceSheetId",
        "newSheetId",
    }
)
_IGNORED_PATHS = frozenset(item.path for item in IGNORE)


@dataclass
class ReplayResult:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            text += f", {self.skipped} skipped (formula evaluation)"
        return text


class _Ids:
    """Recorded -> fake ID mappings, learned from answers as they come."""

    def __init__(self) -> None:
        self.spreadsheets: dict[str, str] = {}
        self.objects: dict[int, int] = {0: 0}

    def learn_object(self, recorded: Any, fake: Any, where: str, diffs: list[str]) -> None:
        if not isinstance(recorded, int) or not isinstance(fake, int):
            if recorded != fake:
                diffs.append(f"{where}: recorded {recorded!r}, fake {fake!r}")
            return
        known = self.objects.get(recorded)
        if known is None:
            if fake in self.objects.values():
                diffs.append(f"{where}: fake id {fake} already stands for another recorded id")
            self.objects[recorded] = fake
        elif known != fake:
            diffs.append(f"{where}: recorded id {recorded} is fake {known}, got {fake}")

    def learn_spreadsheet(self, recorded: str, fake: str) -> None:
        self.spreadsheets.setdefault(recorded, fake)

    def text(self, value: str) -> str:
        for recorded, fake in self.spreadsheets.items():
            value = value.replace(recorded, fake)
        return value

    def request_body(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: self.objects.get(item, item)
                if key in ID_KEYS and isinstance(item, int)
                else self.request_body(item)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self.request_body(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _compare(recorded: Any, fake: Any, path: str, ids: _Ids, diffs: list[str]) -> None:
    if path in _IGNORED_PATHS:
        return
    where = path or "<body>"
    if isinstance(recorded, dict):
        if not isinstance(fake, dict):
            diffs.append(f"{where}: recorded {_short(recorded)}, fake {_short(fake)}")
            return
        for key in list(recorded) + [key for key in fake if key not in recorded]:
            child = f"{path}.{key}" if path else key
            if child in _IGNORED_PATHS:
                continue
            if key not in fake:
                diffs.append(f"{child}: missing (recorded {_short(recorded[key])})")
            elif key not in recorded:
                diffs.append(f"{child}: unexpected {_short(fake[key])}")
            elif key in ID_KEYS:
                ids.learn_object(recorded[key], fake[key], child, diffs)
            else:
                _compare(recorded[key], fake[key], child, ids, diffs)
        return
    if isinstance(recorded, list):
        if not isinstance(fake, list) or len(recorded) != len(fake):
            diffs.append(f"{where}: recorded {_short(recorded)}, fake {_short(fake)}")
            return
        for left, right in zip(recorded, fake, strict=True):
            _compare(left, right, f"{path}[]", ids, diffs)
        return
    if isinstance(recorded, str) and isinstance(fake, str):
        if ids.text(recorded) != fake:
            diffs.append(f"{where}: recorded {_short(recorded)}, fake {_short(fake)}")
        return
    same_kind = isinstance(recorded, bool) == isinstance(fake, bool)
    if not same_kind or recorded != fake:
        diffs.append(f"{where}: recorded {_short(recorded)}, fake {_short(fake)}")


def _json(text: str | bytes) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def replay_file(path: Path, result: ReplayResult) -> None:
    cassette = json.loads(path.read_text(encoding="utf-8"))
    fake = FakeSheetsAPI(validate_responses=True)
    session = fake.session()
    ids = _Ids()
    expected = {index: reason for name, index, reason in EXPECTED_FAILURES if name == path.name}
    for index, interaction in enumerate(cassette["interactions"]):
        request = interaction["request"]
        recorded = interaction["response"]
        method = request["method"].upper()
        url = ids.text(request["uri"])
        body = request.get("body")
        data = None
        headers = {}
        if body:
            body_json = _json(body)
            if isinstance(body_json, dict | list):
                body_json = ids.request_body(body_json)
                data = json.dumps(body_json).encode("utf-8")
            else:
                data = body.encode("utf-8") if isinstance(body, str) else body
            headers["Content-Type"] = "application/json"
        diffs: list[str] = []
        try:
            response = session.request(method, url, data=data, headers=headers)
        except Exception as error:  # a crash in the fake is a failure, not the end
            diffs.append(f"the fake raised {type(error).__name__}: {error}")
        else:
            recorded_status = recorded["status"]["code"]
            if response.status_code != recorded_status:
                diffs.append(f"status: recorded {recorded_status}, fake {response.status_code}")
            recorded_body = _json(recorded["body"]["string"])
            fake_body = _json(response.content)
            if (
                method == "POST"
                and urlsplit(url).path == "/drive/v3/files"
                and isinstance(recorded_body, dict)
                and isinstance(fake_body, dict)
            ):
                ids.learn_spreadsheet(recorded_body.get("id"), fake_body.get("id"))
            _compare(recorded_body, fake_body, "", ids, diffs)
        if not diffs:
            result.passed += 1
            continue
        if index in expected:
            result.skipped += 1
            continue
        result.failed += 1
        route = urlsplit(url)
        result.lines.append(
            f"{path.name} #{index} {method} {route.path}: "
            + "; ".join(diffs[:4])
            + (f" (+{len(diffs) - 4} more)" if len(diffs) > 4 else "")
        )


def run(paths: Iterable[Path]) -> ReplayResult:
    result = ReplayResult()
    for path in paths:
        replay_file(path, result)
    return result


def recording_files(arguments: list[str]) -> list[Path]:
    if arguments:
        return [Path(argument) for argument in arguments]
    return sorted(DEFAULT_RECORDINGS.glob("*.json"))


def main(argv: list[str] | None = None) -> int:
    files = recording_files(list(sys.argv[1:] if argv is None else argv))
    if not files:
        print(f"no recordings found (looked in {DEFAULT_RECORDINGS})", file=sys.stderr)
        return 2
    result = run(files)
    for line in result.lines:
        print(line)
    print(result.summary)
    return 0 if result.failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
