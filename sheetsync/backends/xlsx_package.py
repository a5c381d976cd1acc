"""The .xlsx file as an OPC package (ECMA-376 Part 2): output tabs written as parts of it.

This module owns writing. Given the bytes of the workbook as it was read and a `Changes`,
it returns the bytes of the new workbook, in which only these parts differ:

- the output sheets' own parts (sheet XML, their rels, drawings and charts): written new,
  and the parts of owned tabs that are rewritten or deleted removed with whatever only
  they referred to;
- `xl/workbook.xml` (the sheet list, sheetsync's own defined names, tab indices shifted),
  `xl/_rels/workbook.xml.rels`, `[Content_Types].xml` and `docProps/app.xml` (titles);
- `xl/styles.xml`, only by appending the fonts, fills, number formats and cell formats the
  output tabs need (or reusing identical ones appended by an earlier sync): every existing
  entry keeps its index.

Every other member (input sheets, shared strings, formulas and their cached values,
comments, pivots, VBA, customXml, anything unknown) is copied as it is stored. The XML
parts that change are edited as text, never parsed and re-serialised, so namespace
prefixes and `mc:Ignorable` lists stay exactly as their writer left them. Output text is
written as inline strings (never a formula), XML-illegal characters replaced by U+FFFD.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from sheetsync.backends.zip_copy import RawCopyUnsupported, RawZipWriter
from sheetsync.contracts import (
    COLOURS,
    MARK_NAME,
    Changes,
    Chart,
    OutputTab,
    OwnedTab,
    column_letter,
    number_format,
)

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_REL = REL_NS + "/worksheet"
DRAWING_REL = REL_NS + "/drawing"
CHART_REL = REL_NS + "/chart"
STYLES_REL = REL_NS + "/styles"
CALC_CHAIN_REL = REL_NS + "/calcChain"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/F).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# `_x0041_` in cell text is read back as "A"; a person's literal one is escaped so it stays.
_XSTRING_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
# What makes text need more than copying: markup characters, illegal ones, `_xHHHH_`.
_NEEDS_CARE = re.compile(
    "[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_"
)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class PackageError(Exception):
    """The workbook's package is not one this writer can patch safely; nothing is written."""


def clean_text(text: str) -> str:
    """Text as it can be stored: XML-illegal characters replaced by U+FFFD."""
    return XML_ILLEGAL.sub("\ufffd", text)


def _text(text: str) -> str:
    # A bare CR would come back as LF (XML normalises line ends), so it is written as a
    # character reference.
    return (
        clean_text(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


def _attr(text: str) -> str:
    return _text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _attrs(start_tag: str) -> dict[str, str]:
    return {
        m[1]: html.unescape(m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(start_tag)
    }


def _set_attr(start_tag: str, name: str, value: str) -> str:
    pattern = re.compile(rf"""(\s{re.escape(name)}\s*=\s*)(?:"[^"]*"|'[^']*')""")
    if pattern.search(start_tag):
        return pattern.sub(lambda m: f'{m[1]}"{value}"', start_tag, count=1)
    end = -2 if start_tag.endswith("/>") else -1
    return f'{start_tag[:end]} {name}="{value}"{start_tag[end:]}'


def quote_sheet(title: str) -> str:
    """A tab title as a formula names it: 'KPI Status'."""
    return "'" + clean_text(title).replace("'", "''") + "'"


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
        return re.sub(r"""encoding=["'][Uu][Tt][Ff]-16["']""", 'encoding="UTF-8"', text, count=1)
    return data.decode("utf-8-sig")


# -- relationships -------------------------------------------------------------------------
@dataclass
class Relationship:
    id: str
    type: str
    target: str
    external: bool
    xml: str  # the element as it stands, kept verbatim


_REL = re.compile(r"<(?:\w+:)?Relationship\b[^>]*?(?:/>|>\s*</(?:\w+:)?Relationship>)", re.S)


def parse_rels(xml: str) -> list[Relationship]:
    found = []
    for match in _REL.finditer(xml):
        a = _attrs(match[0])
        found.append(
            Relationship(
                a.get("Id", ""), a.get("Type", ""), a.get("Target", ""),
                a.get("TargetMode", "").lower() == "external", match[0],
            )
        )  # fmt: skip
    return found


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve_target(source_part: str, target: str) -> str:
    """A relationship's target as a package member name (no leading slash)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _rels_xml(rels: list[tuple[str, str, str]]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{_attr(g)}"/>' for i, t, g in rels)
    return f'{XML_HEAD}<Relationships xmlns="{PKG_REL_NS}">{items}</Relationships>'


# -- styles --------------------------------------------------------------------------------
_STYLE_BLOCKS = (
    "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
    "tableStyles", "colors", "extLst",
)  # fmt: skip
_CHILD = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border",
          "cellXfs": "xf"}  # fmt: skip
_LINK_COLOUR = "0563C1"
_BUILTIN_FORMATS = {"#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10}
MINIMAL_STYLES = (
    f'{XML_HEAD}<styleSheet xmlns="{MAIN_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class StyleBook:
    """xl/styles.xml, appended to: each style the output tabs ask for gets a cell format
    index; existing entries are never changed, and identical ones are reused, so the
    part does not grow sync after sync."""

    def __init__(self, xml: str) -> None:
        root = re.search(r"<((?:\w+:)?)styleSheet\b", xml)
        if root is None:
            raise PackageError("xl/styles.xml has no styleSheet")
        self.prefix = root[1]
        self.xml = xml
        self.items: dict[str, list[str]] = {}
        self.added: dict[str, list[str]] = {}
        for block, child in _CHILD.items():
            inner = self._inner(block)
            items = re.findall(
                rf"<{self.prefix}{child}\b[^>]*?/>|<{self.prefix}{child}\b[^>]*>.*?</{self.prefix}{child}>",
                inner or "",
                re.S,
            )
            self.items[block] = items
            self.added[block] = []
        if len(self.items["fills"]) < 2:  # fills 0 and 1 are reserved by the format
            raise PackageError("xl/styles.xml lacks the two reserved fills")
        if not self.items["borders"] or not self.items["fonts"] or not self.items["cellXfs"]:
            raise PackageError("xl/styles.xml lacks a default font, border or cell format")
        first_font = self.items["fonts"][0]
        name = re.search(r"""<(?:\w+:)?name\s+val=["']([^"']*)""", first_font)
        size = re.search(r"""<(?:\w+:)?sz\s+val=["']([\d.]+)""", first_font)
        self.font_name = html.unescape(name[1]) if name else "Calibri"
        self.font_size = float(size[1]) if size else 11.0
        self.format_ids: dict[str, int] = {}
        self.next_format = 164
        for item in self.items["numFmts"]:
            a = _attrs(item)
            if a.get("numFmtId", "").isdigit():
                self.format_ids.setdefault(a.get("formatCode", ""), int(a["numFmtId"]))
                self.next_format = max(self.next_format, int(a["numFmtId"]) + 1)
        self.by_key: dict[tuple, int] = {}

    def _block(self, block: str) -> re.Match | None:
        p = self.prefix
        return re.search(rf"<{p}{block}\b[^>]*?(?:/>|>(.*?)</{p}{block}>)", self.xml, re.S)

    def _inner(self, block: str) -> str | None:
        found = self._block(block)
        return found[1] if found else None

    def _index(self, block: str, element: str) -> int:
        items = self.items[block]
        if element in items:
            return items.index(element)
        items.append(element)
        self.added[block].append(element)
        return len(items) - 1

    def _format_id(self, pattern: str | None) -> int:
        if not pattern:
            return 0
        if pattern in _BUILTIN_FORMATS:
            return _BUILTIN_FORMATS[pattern]
        if pattern not in self.format_ids:
            self.format_ids[pattern] = self.next_format
            self.next_format += 1
            p = self.prefix
            self.items["numFmts"].append("")
            self.added["numFmts"].append(
                f'<{p}numFmt numFmtId="{self.format_ids[pattern]}" formatCode="{_attr(pattern)}"/>'
            )
        return self.format_ids[pattern]

    def xf(self, fmt: str | None, fill: str | None, bold: bool, size: int | None, wrap: bool,
           tall: bool, link: bool = False) -> int:  # fmt: skip
        """The cell format index for one combination of a Cell's style fields."""
        key = (fmt, fill, bold, size, wrap, tall, link)
        known = self.by_key.get(key)
        if known is not None:
            return known
        p = self.prefix
        num = self._format_id(number_format(fmt))
        font = 0
        if fill or bold or size or link:
            colour = _LINK_COLOUR if link else COLOURS[fill][1] if fill else None
            font_xml = (
                f"<{p}font>"
                + (f"<{p}b/>" if bold else "")
                + (f"<{p}u/>" if link else "")
                + f'<{p}sz val="{size or self.font_size:g}"/>'
                + (f'<{p}color rgb="FF{colour}"/>' if colour else "")
                + f'<{p}name val="{_attr(self.font_name)}"/></{p}font>'
            )
            font = self._index("fonts", font_xml)
        fill_id = 0
        if fill:
            fill_xml = (
                f'<{p}fill><{p}patternFill patternType="solid">'
                f'<{p}fgColor rgb="FF{COLOURS[fill][0]}"/>'
                f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>'
            )
            fill_id = self._index("fills", fill_xml)
        align = f'<{p}alignment wrapText="{int(wrap)}" vertical="top"/>' if wrap or tall else ""
        xf_xml = (
            f'<{p}xf numFmtId="{num}" fontId="{font}" fillId="{fill_id}" borderId="0" xfId="0"'
            + (' applyNumberFormat="1"' if num else "")
            + (' applyFont="1"' if font else "")
            + (' applyFill="1"' if fill_id else "")
            + (f' applyAlignment="1">{align}</{p}xf>' if align else "/>")
        )
        index = self._index("cellXfs", xf_xml)
        self.by_key[key] = index
        return index

    def changed(self) -> bool:
        return any(self.added.values())

    def to_xml(self) -> str:
        xml = self.xml
        p = self.prefix
        for block in ("numFmts", "fonts", "fills", "cellXfs"):
            added = self.added[block]
            if not added:
                continue
            count = len(self.items[block])
            found = self._block(block)
            if found is None:  # only numFmts may be absent: it goes first
                start = re.search(rf"<{p}styleSheet\b[^>]*>", xml)
                assert start is not None
                new = f'<{p}{block} count="{count}">{"".join(added)}</{p}{block}>'
                xml = xml[: start.end()] + new + xml[start.end() :]
                self.xml = xml
                continue
            start_tag = re.match(r"<[^>]*?(/?)>", found[0])
            assert start_tag is not None
            opening = start_tag[0]
            inner = found[1] or ""
            if opening.endswith("/>"):
                opening = opening[:-2].rstrip() + ">"
            opening = _set_attr(opening, "count", str(count))
            new = f"{opening}{inner}{''.join(added)}</{p}{block}>"
            xml = xml[: found.start()] + new + xml[found.end() :]
            self.xml = xml
        return xml


# -- one output sheet ----------------------------------------------------------------------
def _number(value: float | int) -> str | None:
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return repr(value)
    return str(value)


def _serial(value: dt.date, date1904: bool) -> str:
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - epoch
        return repr(delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6)
    return str((value - epoch.date()).days)


def link_location(target: str) -> str:
    """`Spend!C145` or `'KPI Status'!A1` as a hyperlink location, the tab name quoted."""
    if "!" not in target:
        return target
    sheet, cell = target.rsplit("!", 1)
    if not sheet.startswith("'"):
        sheet = quote_sheet(sheet)
    return f"{sheet}!{cell}"


def inline_string(value: str) -> str:
    """The end of a text cell after its reference and style: always an inline string, so
    text a person typed is never a formula."""
    text = value
    if _NEEDS_CARE.search(value):
        text = _text(_XSTRING_ESCAPE.sub(r"_x005F_\1", value))
    edge = value[:1].isspace() or value[-1:].isspace() or "\n" in value
    space = ' xml:space="preserve"' if edge else ""
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def sheet_xml(  # noqa: C901 - predates the complexity check: split when next changed
    tab: OutputTab,
    styles: StyleBook,
    date1904: bool,
    drawing_rel: str | None,
    selected: bool = False,
) -> str:
    """The worksheet part of one output tab (`selected`: the tab the workbook opens on)."""
    tall_rows = tab.row_lines()
    links = tab.links
    rows_xml: list[str] = []
    letters = [column_letter(c) for c in range(max(tab.width, len(tab.widths), 1))]
    # Owners, states and words repeat down a tab: each distinct text is escaped once.
    texts: dict[str, str] = {}
    for r, row in enumerate(tab.rows):
        number = r + 1
        tall = r in tall_rows
        biggest = 0
        cells: list[str] = []
        for c, item in enumerate(row):
            value = item.value
            if value is None and not item.fill:
                continue
            if item.size and item.size > biggest:
                biggest = item.size
            link = (r, c) in links
            fmt = item.fmt
            if fmt is None and isinstance(value, dt.date):
                fmt = "date"  # a date with no format would show as its serial number
            s = styles.xf(fmt, item.fill, item.bold, item.size, item.wrap, tall, link)
            start = f'<c r="{letters[c]}{number}" s="{s}"' if s else f'<c r="{letters[c]}{number}"'
            if isinstance(value, str):
                body = texts.get(value)
                if body is None:
                    body = texts[value] = inline_string(value)
                cells.append(start + body)
            elif value is None:
                cells.append(start + "/>")
            elif isinstance(value, bool):  # before int: True is an int too
                cells.append(f'{start} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                shown = _number(value)
                if shown is None:  # infinity has no cell form: shown as text
                    cells.append(start + inline_string(str(value)))
                else:
                    cells.append(f"{start}><v>{shown}</v></c>")
            elif isinstance(value, dt.date):
                cells.append(f"{start}><v>{_serial(value, date1904)}</v></c>")
            else:
                cells.append(start + inline_string(str(value)))
        height = 15 * tall_rows[r] if tall else None
        # A headline figure in a large font needs a taller row: programs do not grow it.
        if biggest > 11:
            height = max(height or 15, round(biggest * 1.5))
        if not cells and height is None:
            continue
        shape = f' ht="{height}" customHeight="1"' if height is not None else ""
        rows_xml.append(f'<row r="{number}"{shape}>{"".join(cells)}</row>')

    last_col = letters[max(tab.width, 1) - 1]
    parts = [
        XML_HEAD,
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">',
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
        f'<dimension ref="A1:{last_col}{max(len(tab.rows), 1)}"/>',
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        if selected
        else '<sheetViews><sheetView workbookViewId="0">',
    ]
    if tab.frozen_rows:
        below = f"A{tab.frozen_rows + 1}"
        parts.append(
            f'<pane ySplit="{tab.frozen_rows}" topLeftCell="{below}" activePane="bottomLeft" '
            f'state="frozen"/><selection pane="bottomLeft" activeCell="{below}" sqref="{below}"/>'
        )
    parts.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
    if tab.widths:
        parts.append(
            "<cols>"
            + "".join(
                f'<col min="{c + 1}" max="{c + 1}" width="{w:g}" customWidth="1"/>'
                for c, w in enumerate(tab.widths)
            )
            + "</cols>"
        )
    parts.append("<sheetData>" + "".join(rows_xml) + "</sheetData>")
    if tab.autofilter:
        parts.append(f'<autoFilter ref="{area(tab.autofilter)}"/>')
    if links:
        parts.append(
            "<hyperlinks>"
            + "".join(
                f'<hyperlink ref="{column_letter(c)}{r + 1}" location="{_attr(link_location(t))}"/>'
                for (r, c), t in sorted(links.items())
            )
            + "</hyperlinks>"
        )
    parts.append(
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        '<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
    )
    if drawing_rel:
        parts.append(f'<drawing r:id="{drawing_rel}"/>')
    parts.append("</worksheet>")
    return "".join(parts)


def area(box: tuple[int, int, int, int], absolute: bool = False) -> str:
    """(first row, first col, last row, last col), 0-based, as `A2:H40` or `$A$2:$H$40`."""
    d = "$" if absolute else ""
    r1, c1, r2, c2 = box
    return f"{d}{column_letter(c1)}{d}{r1 + 1}:{d}{column_letter(c2)}{d}{r2 + 1}"


def drawing_xml(charts: list[Chart]) -> str:
    anchors = []
    for n, chart in enumerate(charts, start=1):
        anchors.append(
            "<xdr:oneCellAnchor>"
            f"<xdr:from><xdr:col>{chart.anchor_col}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{chart.anchor_row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{chart.width_px * 9525}" cy="{chart.height_px * 9525}"/>'
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{n + 1}" '
            f'name="Chart {n}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            f'r:id="rId{n}"/></a:graphicData></a:graphic></xdr:graphicFrame>'
            "<xdr:clientData/></xdr:oneCellAnchor>"
        )
    return (
        XML_HEAD + "<xdr:wsDr "
        'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{REL_NS}">' + "".join(anchors) + "</xdr:wsDr>"
    )


def chart_xml(chart: Chart, title: str) -> str:
    """A line or column chart over the tab's own cells (no cached values: programs read
    the cells when they draw it)."""
    sheet = quote_sheet(title)
    cats = f"{sheet}!{area((chart.first_row, chart.x_col, chart.last_row, chart.x_col), True)}"
    series = []
    for n, col in enumerate(chart.series_cols):
        name = f"{sheet}!{area((chart.header_row, col, chart.header_row, col), True)}"
        values = f"{sheet}!{area((chart.first_row, col, chart.last_row, col), True)}"
        marker = '<c:marker><c:symbol val="none"/></c:marker>' if chart.kind == "line" else ""
        invert = '<c:invertIfNegative val="0"/>' if chart.kind != "line" else ""
        smooth = '<c:smooth val="0"/>' if chart.kind == "line" else ""
        series.append(
            f'<c:ser><c:idx val="{n}"/><c:order val="{n}"/>'
            f"<c:tx><c:strRef><c:f>{_text(name)}</c:f></c:strRef></c:tx>{marker}{invert}"
            f"<c:cat><c:strRef><c:f>{_text(cats)}</c:f></c:strRef></c:cat>"
            f"<c:val><c:numRef><c:f>{_text(values)}</c:f></c:numRef></c:val>{smooth}</c:ser>"
        )
    if chart.kind == "line":
        plot = (
            '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
            + "".join(series)
            + '<c:marker val="1"/><c:axId val="500"/><c:axId val="501"/></c:lineChart>'
        )
    else:
        plot = (
            '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
            + "".join(series)
            + '<c:gapWidth val="150"/><c:axId val="500"/><c:axId val="501"/></c:barChart>'
        )
    return (
        XML_HEAD + '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{REL_NS}"><c:roundedCorners val="0"/><c:chart>'
        "<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r>"
        f"<a:t>{_text(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>"
        '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        f"<c:plotArea><c:layout/>{plot}"
        '<c:catAx><c:axId val="500"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="501"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
        '<c:valAx><c:axId val="501"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>'
        '<c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="500"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        "</c:valAx></c:plotArea>"
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    )


# -- the workbook --------------------------------------------------------------------------
@dataclass
class SheetEntry:
    """One tab of the workbook's sheet list."""

    title: str
    sheet_id: int
    rel_id: str
    part: str
    xml: str | None = None  # the <sheet/> element as it stood, kept for a tab left alone
    tab: OutputTab | None = None  # the output tab written into it now


class Package:
    """The members of the workbook as read, by name, and their index entries."""

    def __init__(self, source: bytes) -> None:
        self.source = source
        self.zip = zipfile.ZipFile(io.BytesIO(source))
        self.infos: dict[str, zipfile.ZipInfo] = {i.filename: i for i in self.zip.infolist()}

    def read(self, name: str) -> bytes:
        return self.zip.read(self.infos[name])

    def find(self, name: str) -> str | None:
        """A member's stored name, matched without regard to case as OPC names are."""
        if name in self.infos:
            return name
        lowered = name.lower()
        return next((n for n in self.infos if n.lower() == lowered), None)


_SHEETS = re.compile(r"<((?:\w+:)?)sheets\b[^>]*>(.*?)</\1sheets>", re.S)
_SHEET = re.compile(r"<(?:\w+:)?sheet\b[^>]*?(?:/>|>.*?</(?:\w+:)?sheet>)", re.S)
_NAMES = re.compile(r"<((?:\w+:)?)definedNames\b[^>]*?(?:/>|>(.*?)</\1definedNames>)", re.S)
_NAME = re.compile(r"<((?:\w+:)?)definedName\b([^>]*?)(?:/>|>(.*?)</\1definedName>)", re.S)
_VIEW = re.compile(r"<(?:\w+:)?workbookView\b[^>]*>")


def _workbook_part(package: Package) -> str:
    root_rels = parse_rels(_decode(package.read("_rels/.rels")))
    for rel in root_rels:
        if rel.type.endswith("/officeDocument") and not rel.external:
            found = package.find(resolve_target("", rel.target))
            if found:
                return found
    raise PackageError("the package names no workbook part")


def patch_workbook(source: bytes, changes: Changes) -> bytes:  # noqa: C901 - predates the complexity check: split when next changed
    """The workbook's bytes with `changes` applied; see the module docstring for what may
    differ."""
    package = Package(source)
    book_part = _workbook_part(package)
    book_rels_part = rels_name(book_part)
    book = _decode(package.read(book_part))
    if STRICT_NS in book[:2000]:
        raise PackageError("the workbook is saved as Strict Open XML, which sheetsync cannot write")
    root = re.search(r"<((?:\w+:)?)workbook\b[^>]*>", book)
    if root is None:
        raise PackageError(f"{book_part} has no workbook element")
    prefix = root[1]
    r_prefix = next(
        (m[1] for m in re.finditer(r'xmlns:(\w+)\s*=\s*["\']([^"\']*)', root[0]) if m[2] == REL_NS),
        None,
    )
    if r_prefix is None:
        book = book[: root.end() - 1] + f' xmlns:r="{REL_NS}"' + book[root.end() - 1 :]
        r_prefix = "r"
    date1904 = bool(re.search(r"""date1904\s*=\s*["'](1|true)["']""", book))

    book_rels_xml = _decode(package.read(book_rels_part)) if book_rels_part in package.infos else (
        f'{XML_HEAD}<Relationships xmlns="{PKG_REL_NS}"></Relationships>'
    )  # fmt: skip
    book_rels = parse_rels(book_rels_xml)
    targets = {r.id: resolve_target(book_part, r.target) for r in book_rels if not r.external}

    sheets_block = _SHEETS.search(book)
    if sheets_block is None:
        raise PackageError(f"{book_part} has no sheet list")
    old: list[SheetEntry] = []
    for match in _SHEET.finditer(sheets_block[2]):
        a = _attrs(match[0])
        rel_id = a.get(f"{r_prefix}:id", "")
        old.append(
            SheetEntry(
                a.get("name", ""), int(a.get("sheetId", "0") or 0), rel_id,
                targets.get(rel_id, ""), xml=match[0],
            )
        )  # fmt: skip

    # Which tabs go: deleted ones, and owned ones rewritten (their new part takes the place).
    replaced = {u.replace: u.tab for u in changes.updates if u.replace is not None}
    gone = set(changes.deletes) | set(replaced)
    removed_entries = [e for e in old if e.title in gone]
    kept_parts = set(package.infos)
    deleted_parts = _parts_only_reachable_from(package, [e.part for e in removed_entries])
    kept_parts -= deleted_parts
    removed_rel_ids = {e.rel_id for e in removed_entries}

    # A formula a person typed into an output tab has an entry in calcChain; with the tab
    # gone that entry would point nowhere, which Excel repairs with a warning. Only then is
    # calcChain dropped (Excel and LibreOffice rebuild it).
    for entry in removed_entries:
        if entry.part in package.infos and re.search(rb"<(?:\w+:)?f[ >]", package.read(entry.part)):
            for rel in book_rels:
                if rel.type == CALC_CHAIN_REL:
                    removed_rel_ids.add(rel.id)
                    chain = resolve_target(book_part, rel.target)
                    deleted_parts.add(chain)
                    kept_parts.discard(chain)

    taken_names = {n.lower() for n in kept_parts}
    taken_ids = {r.id for r in book_rels}
    next_sheet_id = max([e.sheet_id for e in old] + [0]) + 1
    new_entries: list[SheetEntry] = []
    for entry in old:
        if entry.title in replaced:
            tab = replaced[entry.title]
            new_entries.append(SheetEntry(tab.title, entry.sheet_id, "", "", tab=tab))
        elif entry.title not in gone:
            new_entries.append(entry)
    for update in changes.updates:
        if update.replace is None or update.replace not in {e.title for e in old}:
            new_entries.append(SheetEntry(update.tab.title, next_sheet_id, "", "", tab=update.tab))
            next_sheet_id += 1
    if changes.order:
        wanted = [t for t in changes.order if any(e.title == t for e in new_entries)]
        slots = [i for i, e in enumerate(new_entries) if e.title in set(wanted)]
        by_title = {e.title: e for e in new_entries}
        for slot, title in zip(slots, wanted, strict=True):
            new_entries[slot] = by_title[title]
    if not new_entries:
        raise PackageError("the workbook would have no tab left")

    # Styles, appended to.
    styles_part = None
    for rel in book_rels:
        if rel.type == STYLES_REL and not rel.external:
            styles_part = package.find(resolve_target(book_part, rel.target))
    styles = StyleBook(_decode(package.read(styles_part)) if styles_part else MINIMAL_STYLES)

    written: dict[str, bytes] = {}
    new_rels: list[tuple[str, str, str]] = []
    content_types: list[tuple[str, str]] = []

    def fresh(pattern: str) -> str:
        n = 1
        while pattern.format(n).lower() in taken_names:
            n += 1
        name = pattern.format(n)
        taken_names.add(name.lower())
        return name

    def fresh_id() -> str:
        n = 1
        while f"rId{n}" in taken_ids:
            n += 1
        taken_ids.add(f"rId{n}")
        return f"rId{n}"

    active = _tab_to_open_on(package, new_entries)
    for index, entry in enumerate(new_entries):
        if entry.tab is None:
            continue
        tab = entry.tab
        entry.title = clean_text(tab.title)
        entry.part = fresh("xl/worksheets/sheet{}.xml")
        entry.rel_id = fresh_id()
        new_rels.append(
            (
                entry.rel_id,
                WORKSHEET_REL,
                posixpath.relpath(entry.part, posixpath.dirname(book_part)),
            )
        )
        content_types.append((entry.part, CT_WORKSHEET))
        drawing_rel = None
        if tab.charts:
            drawing = fresh("xl/drawings/drawing{}.xml")
            drawing_rel = "rId1"
            chart_rels = []
            for n, chart in enumerate(tab.charts, start=1):
                chart_part = fresh("xl/charts/chart{}.xml")
                written[chart_part] = chart_xml(chart, entry.title).encode()
                content_types.append((chart_part, CT_CHART))
                chart_rels.append(
                    (f"rId{n}", CHART_REL, "../charts/" + posixpath.basename(chart_part))
                )
            written[drawing] = drawing_xml(tab.charts).encode()
            written[rels_name(drawing)] = _rels_xml(chart_rels).encode()
            content_types.append((drawing, CT_DRAWING))
            written[rels_name(entry.part)] = _rels_xml(
                [(drawing_rel, DRAWING_REL, "../drawings/" + posixpath.basename(drawing))]
            ).encode()
        written[entry.part] = sheet_xml(
            tab, styles, date1904, drawing_rel, selected=index == active
        ).encode()

    if styles.changed() or styles_part is None:
        if styles_part is None:
            styles_part = fresh("xl/styles{}.xml")
            new_rels.append(
                (
                    fresh_id(),
                    STYLES_REL,
                    posixpath.relpath(styles_part, posixpath.dirname(book_part)),
                )
            )
            content_types.append((styles_part, CT_STYLES))
        written[styles_part] = styles.to_xml().encode()

    # xl/workbook.xml: the sheet list, defined names, the active and first tab.
    position = {id(e): i for i, e in enumerate(new_entries)}
    old_index_to_new = {
        i: position.get(id(e)) if e.title not in gone else None for i, e in enumerate(old)
    }
    for i, e in enumerate(old):
        if e.title in replaced:
            old_index_to_new[i] = next(
                n for n, x in enumerate(new_entries) if x.tab is replaced[e.title]
            )
    sheet_elements = []
    for entry in new_entries:
        if entry.tab is None and entry.xml is not None:
            sheet_elements.append(entry.xml)
        else:
            sheet_elements.append(
                f'<{prefix}sheet name="{_attr(entry.title)}" sheetId="{entry.sheet_id}" '
                f'{r_prefix}:id="{entry.rel_id}"/>'
            )
    book = book[: sheets_block.start(2)] + "".join(sheet_elements) + book[sheets_block.end(2) :]
    digests = {u.tab.key: u.digest for u in changes.updates if u.digest}
    book = _patch_names(book, prefix, old, old_index_to_new, gone, new_entries, digests)
    book = _patch_views(book, old_index_to_new, active)

    # The relationships of the workbook and the content types.
    kept_rels = [r.xml for r in book_rels if r.id not in removed_rel_ids]
    added_rels = [
        f'<Relationship Id="{i}" Type="{t}" Target="{_attr(g)}"/>' for i, t, g in new_rels
    ]
    rels_root = re.search(r"<Relationships\b[^>]*>", book_rels_xml)
    if rels_root is None:
        raise PackageError(f"{book_rels_part} is not a relationships part")
    book_rels_xml = (
        book_rels_xml[: rels_root.end()] + "".join(kept_rels + added_rels) + "</Relationships>"
    )
    types_xml = _decode(package.read("[Content_Types].xml"))
    types_xml = _patch_content_types(types_xml, deleted_parts, content_types)

    written[book_part] = book.encode()
    written[book_rels_part] = book_rels_xml.encode()
    written["[Content_Types].xml"] = types_xml.encode()
    app_part = package.find("docProps/app.xml")
    if app_part:
        app = _patch_app_titles(
            _decode(package.read(app_part)), [e.title for e in old], [e.title for e in new_entries]
        )
        if app is not None:
            written[app_part] = app.encode()
    return _assemble(package, deleted_parts, written)


def _parts_only_reachable_from(package: Package, roots: list[str]) -> set[str]:
    """The given parts, their rels, and every part they lead to that nothing else refers to."""
    graph: dict[str, set[str]] = {}
    for name in package.infos:
        if not name.endswith(".rels") or "/_rels/" not in "/" + name:
            continue
        folder, rels_file = posixpath.split(name)
        source = posixpath.join(posixpath.dirname(folder), rels_file[: -len(".rels")])
        rels = parse_rels(_decode(package.read(name)))
        graph[source] = {resolve_target(source, r.target) for r in rels if not r.external}
    doomed = {r for r in roots if r}
    changed = True
    while changed:
        changed = False
        for part in list(doomed):
            for target in graph.get(part, ()):
                if target in doomed or package.find(target) is None:
                    continue
                referrers = {s for s, ts in graph.items() if target in ts}
                if referrers <= doomed:
                    doomed.add(target)
                    changed = True
    found = {package.find(p) for p in doomed}
    found |= {package.find(rels_name(p)) for p in doomed}
    return {p for p in found if p is not None}


def _patch_names(
    book: str,
    prefix: str,
    old: list[SheetEntry],
    old_index_to_new: dict[int, int | None],
    gone: set[str],
    new_entries: list[SheetEntry],
    digests: dict[str, str],
) -> str:
    """The defined names: a person's kept (their tab's index shifted), those of owned tabs
    rewritten or deleted dropped, and each written tab's mark, print titles and filter."""
    block = _NAMES.search(book)
    names: list[str] = []
    if block is not None:
        for match in _NAME.finditer(block[2] or ""):
            start_tag = re.match(r"<[^>]*>", match[0])
            assert start_tag is not None
            a = _attrs(start_tag[0])
            local = a.get("localSheetId")
            if local is None or not local.isdigit():
                names.append(match[0])
                continue
            index = int(local)
            if index < len(old) and old[index].title in gone:
                continue  # a name of an owned tab rewritten or deleted: it goes with the tab
            moved = old_index_to_new.get(index)
            if moved is None:
                continue
            names.append(
                _set_attr(start_tag[0], "localSheetId", str(moved)) + match[0][start_tag.end() :]
            )
    for index, entry in enumerate(new_entries):
        tab = entry.tab
        if tab is None:
            continue
        mark = OwnedTab.make_mark(tab.key, digests.get(tab.key) or tab.mark_digest(), tab.final)
        sheet = quote_sheet(entry.title)
        names.append(
            f'<{prefix}definedName name="{MARK_NAME}" localSheetId="{index}" hidden="1">'
            f"{_text(chr(34) + mark.replace(chr(34), chr(34) * 2) + chr(34))}</{prefix}definedName>"
        )
        title_rows = tab.print_title_rows if tab.print_title_rows is not None else tab.frozen_rows
        if title_rows:
            names.append(
                f'<{prefix}definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                f"{_text(sheet)}!$1:${title_rows}</{prefix}definedName>"
            )
        if tab.autofilter:
            names.append(
                f'<{prefix}definedName name="_xlnm._FilterDatabase" localSheetId="{index}" '
                f'hidden="1">{_text(sheet)}!{area(tab.autofilter, True)}</{prefix}definedName>'
            )
    new_block = f"<{prefix}definedNames>{''.join(names)}</{prefix}definedNames>" if names else ""
    if block is not None:
        return book[: block.start()] + new_block + book[block.end() :]
    if not new_block:
        return book
    # definedNames follows sheets, functionGroups and externalReferences, in that order.
    after = _SHEETS.search(book)
    assert after is not None
    end = after.end()
    for later in ("functionGroups", "externalReferences"):
        found = re.compile(rf"<((?:\w+:)?){later}\b[^>]*?(?:/>|>.*?</\1{later}>)", re.S).search(
            book, end
        )
        if found:
            end = found.end()
    return book[:end] + new_block + book[end:]


def _tab_to_open_on(package: Package, new_entries: list[SheetEntry]) -> int | None:
    """The index of an output tab asking to be the one the workbook opens on, when it may
    be: only while no tab left as it is (a person's, or ours unchanged) is selected, since
    selecting ours beside a selected tab would group the two, and edits to a group go to
    every tab in it."""
    wanted = next(
        (i for i, e in enumerate(new_entries) if e.tab is not None and e.tab.active), None
    )
    if wanted is None:
        return None
    for entry in new_entries:
        name = package.find(entry.part) if entry.tab is None else None
        if name is None:
            continue
        with package.zip.open(name) as stream:
            head = stream.read(8192)  # the sheet views come first, before any cell
        if re.search(rb"""tabSelected\s*=\s*["'](1|true)["']""", head):
            return None
    return wanted


def _patch_views(book: str, old_index_to_new: dict[int, int | None], active: int | None) -> str:
    """Keep `activeTab` and `firstSheet` on the same tabs as their indices shift; or make
    `active` the tab the workbook opens on."""

    def patch(match: re.Match) -> str:
        tag = match[0]
        a = _attrs(tag)
        for name in ("activeTab", "firstSheet"):
            if name == "activeTab" and active is not None:
                tag = _set_attr(tag, name, str(active))
                continue
            if name not in a or not a[name].isdigit():
                continue
            moved = old_index_to_new.get(int(a[name]))
            tag = _set_attr(tag, name, str(moved if moved is not None else 0))
        return tag

    return _VIEW.sub(patch, book)


def _patch_content_types(xml: str, deleted: set[str], added: list[tuple[str, str]]) -> str:
    gone = {"/" + p.lower() for p in deleted}

    def keep(match: re.Match) -> str:
        return "" if _attrs(match[0]).get("PartName", "").lower() in gone else match[0]

    xml = re.sub(
        r"<(?:\w+:)?Override\b[^>]*?(?:/>|>\s*</(?:\w+:)?Override>)", keep, xml, flags=re.S
    )
    end = xml.rfind("</")
    overrides = "".join(f'<Override PartName="/{_attr(p)}" ContentType="{t}"/>' for p, t in added)
    return xml[:end] + overrides + xml[end:]


def _patch_app_titles(xml: str, old_titles: list[str], new_titles: list[str]) -> str | None:
    """docProps/app.xml lists the tab titles under a heading ("Worksheets", "Листы"…);
    that run of titles is replaced. None when the part does not hold it as expected (it is
    informational: programs rebuild it on their next save)."""
    pairs = re.search(r"<HeadingPairs>(.*?)</HeadingPairs>", xml, re.S)
    titles = re.search(r"<TitlesOfParts>\s*<vt:vector\b([^>]*)>(.*?)</vt:vector>", xml, re.S)
    if not pairs or not titles:
        return None
    counts = [int(n) for n in re.findall(r"<vt:i4>(\d+)</vt:i4>", pairs[1])]
    names = [html.unescape(t) for t in re.findall(r"<vt:lpstr>(.*?)</vt:lpstr>", titles[2], re.S)]
    start = 0
    heading = 0
    while heading < len(counts) and names[start : start + counts[heading]] != old_titles:
        start += counts[heading]
        heading += 1
    if heading == len(counts):
        return None
    names[start : start + len(old_titles)] = new_titles
    counts[heading] = len(new_titles)
    count_iter = iter(counts)
    new_pairs = re.sub(
        r"<vt:i4>\d+</vt:i4>", lambda m: f"<vt:i4>{next(count_iter)}</vt:i4>", pairs[1]
    )
    vector = _set_attr(f"<vt:vector{titles[1]}>", "size", str(len(names)))
    body = "".join(f"<vt:lpstr>{_text(n)}</vt:lpstr>" for n in names)
    xml = xml[: titles.start(1) - len("<vt:vector")] + vector + body + xml[titles.end(2) :]
    pairs = re.search(r"<HeadingPairs>(.*?)</HeadingPairs>", xml, re.S)
    assert pairs is not None
    return xml[: pairs.start(1)] + new_pairs + xml[pairs.end(1) :]


def _assemble(package: Package, deleted: set[str], written: dict[str, bytes]) -> bytes:
    """The new zip: members in their old order (rewritten ones in place), then new ones."""
    out = io.BytesIO()
    pending = dict(written)
    try:
        writer = RawZipWriter(out)
        for name, info in package.infos.items():
            if name in deleted:
                continue
            if name in pending:
                writer.add(name, pending.pop(name), info.date_time)
            else:
                writer.copy(package.source, info)
        for name, data in pending.items():
            writer.add(name, data)
        writer.close()
        return out.getvalue()
    except RawCopyUnsupported:
        return assemble_plainly(package, deleted, written)


def assemble_plainly(package: Package, deleted: set[str], written: dict[str, bytes]) -> bytes:
    """The same zip through `zipfile`, each member decompressed and compressed again: the
    reference the raw copy is tested against, and the way taken when it cannot copy."""
    out = io.BytesIO()
    pending = dict(written)
    with (
        zipfile.ZipFile(io.BytesIO(package.source)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name, info in package.infos.items():
            if name in deleted:
                continue
            data = pending.pop(name) if name in pending else src.read(info)
            dst.writestr(zipfile.ZipInfo(name, info.date_time), data, zipfile.ZIP_DEFLATED)
        for name, data in pending.items():
            dst.writestr(name, data)
    return out.getvalue()
