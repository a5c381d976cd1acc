"""What sheetsync writes and prints from hostile text (issue 12): tab titles a workbook can
hold, no report over the workbook, no raw HTML in the markdown export, no control
characters on a terminal, tabs differing only in case reported.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sheetsync import cli
from sheetsync.backends.xlsx import create_workbook
from sheetsync.example import example_tabs
from sheetsync.sync import open_workbook
from tests.fakes import FakeSheetsAPI
from tests.test_hostile_xlsx import edited, put_in_row, replace_cell

TODAY = "2026-11-27"
REPORTING = "xl/worksheets/sheet7.xml"
GOALS = "xl/worksheets/sheet3.xml"
# A second weekly rule makes each weekly tab take its rule's own name.
RULE = "Team\x08 😀😀😀😀😀😀😀😀😀😀 weekly review/[x]:*?"


def inline(ref: str, text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Control characters are stored the way Excel stores them: _xHHHH_.
    escaped = "".join(f"_x{ord(c):04X}_" if ord(c) < 32 else c for c in escaped)
    return f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>'.encode()


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("example") / "plan.xlsx"
    create_workbook(path, example_tabs(dt.date(2026, 11, 27), "en"), {})
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def units(title: str) -> int:
    return len(title.encode("utf-16-le")) // 2


def with_second_weekly_rule(xml: bytes) -> bytes:
    cells = inline("A4", RULE) + inline("B4", "week") + inline("C4", "Ben Carter")
    cells += inline("D4", "Anna Lee") + inline("E4", "Anna Lee")
    return put_in_row(xml, 4, cells)


def test_report_tab_titles_are_cleaned_in_the_xlsx(example, tmp_path, capsys):
    path = edited(example, tmp_path / "plan.xlsx", **{REPORTING: with_second_weekly_rule})
    code, _, err = run(capsys, "sync", "-w", str(path), "--today", TODAY)
    assert code == 0, err
    book = openpyxl.load_workbook(path)  # opens: no control character in workbook.xml
    titles = book.sheetnames
    assert all(units(t) <= 31 for t in titles), titles
    assert not any(set(t) & set("[]:*?/\\\x08") for t in titles), titles
    assert len({t.casefold() for t in titles}) == len(titles)
    weekly = [t for t in titles if t.startswith("Team 😀")]
    assert weekly and len(weekly[0]) < units(weekly[0]) == 31, weekly  # emoji count 2
    # And sheetsync reads its own workbook again.
    code, _, err = run(capsys, "check", "-w", str(path), "--today", TODAY)
    assert code == 0, err


def test_report_tab_titles_are_cleaned_on_google_sheets(tmp_path):
    fake = FakeSheetsAPI()
    tabs = example_tabs(dt.date(2026, 11, 27), "en")
    tabs["Reporting"].append([RULE, "week", "Ben Carter", "Anna Lee", "Anna Lee"])
    sid = fake.create_spreadsheet("Marketing plan", tabs)
    import sheetsync

    sheetsync.sync(open_workbook(sid, session=fake.session()), today=dt.date(2026, 11, 27),
                   state_dir=tmp_path)  # fmt: skip
    titles = [s.title for s in fake.spreadsheet(sid).sheets]
    assert all(units(t) <= 31 for t in titles), titles
    assert not any(set(t) & set("[]:*?/\\\x08") for t in titles), titles
    assert any(t.startswith("Team 😀") for t in titles), titles


def test_report_out_never_replaces_the_workbook_or_a_strangers_file(example, tmp_path, capsys):
    path = shutil.copy(example, tmp_path / "plan.xlsx")
    before = path.read_bytes()
    for extra in ([], ["--force"]):
        code, _, err = run(capsys, "report", "-w", str(path), "--today", TODAY, "--format",
                           "html", "--out", str(path), *extra)  # fmt: skip
        assert code == 2 and "is the workbook itself" in err, err
    assert path.read_bytes() == before
    notes = tmp_path / "notes.md"
    notes.write_text("my own notes\n")
    code, _, err = run(capsys, "report", "-w", str(path), "--today", TODAY, "--out", str(notes))
    assert code == 2 and "not a report sheetsync wrote" in err and "--force" in err
    assert notes.read_text() == "my own notes\n"
    code, _, _ = run(capsys, "report", "-w", str(path), "--today", TODAY, "--out", str(notes),
                     "--force")  # fmt: skip
    assert code == 0 and notes.read_text().startswith("# ")
    # A report sheetsync wrote is replaced without --force.
    code, _, err = run(capsys, "report", "-w", str(path), "--today", TODAY, "--out", str(notes))
    assert code == 0, err


def test_raw_html_typed_in_a_goal_is_escaped_in_the_markdown(example, tmp_path, capsys):
    attack = "<img src=x onerror=alert(1)>"
    path = edited(
        example,
        tmp_path / "plan.xlsx",
        **{GOALS: lambda x: replace_cell(x, "B2", inline("B2", f"Clients {attack}"))},
    )
    code, md, err = run(capsys, "report", "-w", str(path), "--today", TODAY, "--format", "md")
    assert code == 0, err
    assert "Clients &lt;img src=x onerror=alert(1)&gt;" in md
    assert "<img" not in md


ESCAPES = "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[2J\x1b[31mred\x9b0m\r\x08"


@pytest.mark.parametrize("command", [["check"], ["check", "--json"], ["sync", "--verbose"]])
def test_terminal_escape_sequences_typed_in_cells_are_never_printed(
    example, tmp_path, capsys, command
):
    path = edited(
        example,
        tmp_path / "plan.xlsx",
        **{
            GOALS: lambda x: replace_cell(x, "B2", inline("B2", f"Goal {ESCAPES}")).replace(
                b"<t>G2</t>", b"<t>G2" + ESCAPES.encode() + b"</t>"
            )  # in a problem too
        },
    )
    code, out, err = run(capsys, *command, "-w", str(path), "--today", TODAY)
    assert code == 0, err
    for text in (out, err):
        assert not [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]
    assert "click" in out or "click" in err or command[-1] == "--verbose"
    if "--json" in command:
        json.loads(out)


def test_tabs_differing_only_in_case_are_a_problem_naming_both(example, tmp_path, capsys):
    with zipfile.ZipFile(example) as z:
        goals = z.read(GOALS)
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    path = edited(
        example,
        tmp_path / "plan.xlsx",
        **{
            "xl/worksheets/sheet9.xml": goals,
            "xl/workbook.xml": lambda x: x.replace(
                b"</sheets>", b'<sheet name="GOALS" sheetId="9" r:id="rId99"/></sheets>'
            ),
            "xl/_rels/workbook.xml.rels": rels.replace(
                "</Relationships>",
                '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet9.xml"/>'
                "</Relationships>",
            ).encode(),
            "[Content_Types].xml": types.replace(
                "</Types>",
                '<Override PartName="/xl/worksheets/sheet9.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
            ).encode(),
        },
    )
    code, out, err = run(capsys, "check", "-w", str(path), "--today", TODAY, "--json")
    assert code == 0, err
    problems = [p for p in json.loads(out)["problems"] if p["cell"] == "GOALS!A1"]
    assert problems and "Goals" in problems[0]["message"] and "GOALS" in problems[0]["message"]
