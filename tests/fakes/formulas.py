"""A small formula evaluator for the Sheets fake, so a formula's value reads back as
Google would give it for the simple cases: arithmetic, comparisons, ``&``, cell and range
references (same or other sheet) and a handful of functions (SUM, AVERAGE, MIN, MAX,
COUNT, COUNTA, IF, IFERROR, AND, OR, NOT, ROUND, ABS, CONCATENATE, LEN, UPPER, LOWER,
TRIM, HYPERLINK, DATE, TODAY, ISBLANK).

Anything else evaluates to an error value (``#NAME?``) instead of a made-up number: a test
that needs a real spreadsheet engine must say so, not pass by accident.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, Protocol

from . import a1
from .cell_values import format_general, locale_info, to_serial

ERROR_TEXT = {
    "ERROR": "#ERROR!",
    "NULL_VALUE": "#NULL!",
    "DIV_ZERO": "#DIV/0!",
    "VALUE": "#VALUE!",
    "REF": "#REF!",
    "NAME": "#NAME?",
    "NUM": "#NUM!",
    "N_A": "#N/A",
}


class FormulaError:
    """An error value, as Sheets' ErrorValue {type, message}."""

    __slots__ = ("message", "type")

    def __init__(self, type_: str, message: str):
        self.type = type_
        self.message = message

    @property
    def text(self) -> str:
        return ERROR_TEXT.get(self.type, "#ERROR!")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormulaError) and (self.type, self.message) == (
            other.type,
            other.message,
        )

    def __repr__(self) -> str:
        return f"FormulaError({self.type!r}, {self.message!r})"


class Context(Protocol):
    def value(self, title: str | None, row: int, col: int) -> Any: ...

    def bounds(self, title: str | None) -> tuple[int, int] | None: ...

    def today(self) -> dt.date: ...


class _ParseError(Exception):
    pass


_TOKENS = re.compile(
    r"""
    \s*(?:
      (?P<string>"(?:[^"]|"")*")
    | (?P<ref>(?:(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!)?
        (?:\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?
          |\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}
          |\$?\d+:\$?\d+))
    | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<name>[A-Za-z_][\w.]*)
    | (?P<op><=|>=|<>|[-+*/^&=<>%(),;:])
    )""",
    re.VERBOSE,
)


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKENS.match(text, position)
        if not match or match.end() == position:
            raise _ParseError(text[position:])
        kind = match.lastgroup
        assert kind is not None
        token = match.group(kind)
        # A name followed by "(" is a function even if it looks like a cell (LOG10).
        if kind == "ref" and text[match.end() :].lstrip().startswith("(") and "!" not in token:
            kind = "name"
        tokens.append((kind, token))
        position = match.end()
    tokens.append(("end", ""))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens = tokens
        self.index = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.index]

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, value: str) -> None:
        if self.take()[1] != value:
            raise _ParseError(value)

    def parse(self) -> tuple:
        node = self.comparison()
        if self.peek()[0] != "end":
            raise _ParseError(self.peek()[1])
        return node

    def comparison(self) -> tuple:
        node = self.concat()
        while self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            node = ("bin", op, node, self.concat())
        return node

    def concat(self) -> tuple:
        node = self.additive()
        while self.peek()[1] == "&":
            self.take()
            node = ("bin", "&", node, self.additive())
        return node

    def additive(self) -> tuple:
        node = self.multiplicative()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = ("bin", op, node, self.multiplicative())
        return node

    def multiplicative(self) -> tuple:
        node = self.power()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            node = ("bin", op, node, self.power())
        return node

    def power(self) -> tuple:
        node = self.unary()
        while self.peek()[1] == "^":
            self.take()
            node = ("bin", "^", node, self.unary())
        return node

    def unary(self) -> tuple:
        if self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            operand = self.unary()
            return ("neg", operand) if op == "-" else ("pos", operand)
        node = self.primary()
        while self.peek()[1] == "%":
            self.take()
            node = ("percent", node)
        return node

    def primary(self) -> tuple:
        kind, token = self.take()
        if kind == "number":
            return ("lit", float(token))
        if kind == "string":
            return ("lit", token[1:-1].replace('""', '"'))
        if kind == "ref":
            return ("ref", *_parse_ref(token))
        if kind == "name":
            upper = token.upper()
            if self.peek()[1] == "(":
                self.take()
                args: list[tuple] = []
                if self.peek()[1] != ")":
                    while True:
                        args.append(self.comparison())
                        if self.peek()[1] in (",", ";"):
                            self.take()
                            continue
                        break
                self.expect(")")
                return ("call", upper, args)
            if upper in ("TRUE", "FALSE"):
                return ("lit", upper == "TRUE")
            return ("name", token)
        if token == "(":
            node = self.comparison()
            self.expect(")")
            return node
        raise _ParseError(token)


def _parse_ref(token: str) -> tuple:
    title, cells = a1.split_title(token) if "!" in token else (None, token)
    bounds = a1.parse_cells((cells or "").replace("$", ""))
    return (title, *bounds)


@lru_cache(maxsize=4096)
def parse(formula: str) -> tuple | FormulaError:
    """The syntax tree of ``=...``, or a parse error value."""
    try:
        return _Parser(_tokenize(formula[1:])).parse()
    except (_ParseError, a1.A1Error, IndexError, ValueError):
        return FormulaError("ERROR", "Formula parse error.")


class _Range:
    __slots__ = ("rows",)

    def __init__(self, rows: list[list[Any]]):
        self.rows = rows

    def flat(self) -> list[Any]:
        return [value for row in self.rows for value in row]


def _number(value: Any) -> float | FormulaError:
    if isinstance(value, FormulaError):
        return value
    if isinstance(value, _Range):
        if len(value.rows) == 1 and len(value.rows[0]) == 1:
            return _number(value.rows[0][0])
        return FormulaError("VALUE", "An array value could not be found.")
    if value is None:
        return 0.0
    if value.__class__ is bool:
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return FormulaError(
            "VALUE",
            f"Function expects number values. But '{value}' is a text and cannot be coerced "
            "to a number.",
        )


def _text(value: Any) -> str | FormulaError:
    if isinstance(value, FormulaError):
        return value
    if isinstance(value, _Range):
        if len(value.rows) == 1 and len(value.rows[0]) == 1:
            return _text(value.rows[0][0])
        return FormulaError("VALUE", "An array value could not be found.")
    if value is None:
        return ""
    if value.__class__ is bool:
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format_general(value, locale_info("en_US"))
    return str(value)


def _truth(value: Any) -> bool | FormulaError:
    if isinstance(value, FormulaError):
        return value
    if isinstance(value, str):
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE"
        return FormulaError(
            "VALUE", f"Function IF parameter 1 expects boolean values. But '{value}' is a text."
        )
    number = _number(value)
    return number if isinstance(number, FormulaError) else number != 0


def _scalar(value: Any) -> Any:
    if isinstance(value, _Range):
        return value.rows[0][0] if value.rows and value.rows[0] else None
    return value


class Evaluator:
    """Evaluates formulas against a Context; one per read so results can be memoised."""

    def __init__(self, context: Context):
        self.context = context

    def evaluate(self, formula: str, title: str | None) -> Any:
        tree = parse(formula)
        if isinstance(tree, FormulaError):
            return tree
        result = self._eval(tree, title)
        if isinstance(result, _Range):
            result = _scalar(result)
        if result is None:
            return 0  # =A1 of an empty cell reads as 0, as in Sheets
        if isinstance(result, float):
            if math.isinf(result) or math.isnan(result):
                return FormulaError("NUM", "The result is not a number.")
            if result.is_integer() and abs(result) < 2**53:
                return int(result)
        return result

    def _eval(self, node: tuple, title: str | None) -> Any:
        kind = node[0]
        if kind == "lit":
            return node[1]
        if kind == "ref":
            return self._ref(node, title)
        if kind == "neg" or kind == "pos":
            number = _number(_scalar(self._eval(node[1], title)))
            if isinstance(number, FormulaError):
                return number
            return -number if kind == "neg" else number
        if kind == "percent":
            number = _number(_scalar(self._eval(node[1], title)))
            return number if isinstance(number, FormulaError) else number / 100
        if kind == "bin":
            return self._binary(node[1], node[2], node[3], title)
        if kind == "call":
            return self._call(node[1], node[2], title)
        return FormulaError("NAME", f"Unknown range name: '{node[1]}'.")

    def _ref(self, node: tuple, title: str | None) -> Any:
        _, ref_title, row0, row1, col0, col1 = node
        sheet_title = ref_title if ref_title is not None else title
        bounds = self.context.bounds(sheet_title)
        if bounds is None:
            return FormulaError("REF", f"Unresolved sheet name '{ref_title}'.")
        rows, cols = bounds
        row0 = 0 if row0 is None else row0
        col0 = 0 if col0 is None else col0
        row1 = rows if row1 is None else row1
        col1 = cols if col1 is None else col1
        if row0 >= rows or col0 >= cols:
            return FormulaError("REF", "Reference does not exist.")
        row1, col1 = min(row1, rows), min(col1, cols)
        if row1 - row0 == 1 and col1 - col0 == 1:
            return self.context.value(sheet_title, row0, col0)
        return _Range(
            [
                [self.context.value(sheet_title, row, col) for col in range(col0, col1)]
                for row in range(row0, row1)
            ]
        )

    def _binary(self, op: str, left_node: tuple, right_node: tuple, title: str | None) -> Any:
        left = _scalar(self._eval(left_node, title))
        right = _scalar(self._eval(right_node, title))
        if isinstance(left, FormulaError):
            return left
        if isinstance(right, FormulaError):
            return right
        if op == "&":
            left_text, right_text = _text(left), _text(right)
            if isinstance(left_text, FormulaError):
                return left_text
            if isinstance(right_text, FormulaError):
                return right_text
            return left_text + right_text
        if op in ("=", "<>", "<", ">", "<=", ">="):
            return _compare(op, left, right)
        x, y = _number(left), _number(right)
        if isinstance(x, FormulaError):
            return x
        if isinstance(y, FormulaError):
            return y
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op == "/":
            if y == 0:
                return FormulaError("DIV_ZERO", "Function DIVIDE parameter 2 cannot be zero.")
            return x / y
        try:
            return math.pow(x, y)
        except (OverflowError, ValueError):
            return FormulaError("NUM", "The result is not a number.")

    def _args(self, nodes: list[tuple], title: str | None) -> list[Any]:
        return [self._eval(node, title) for node in nodes]

    def _call(self, name: str, nodes: list[tuple], title: str | None) -> Any:
        if name in ("IF", "IFERROR"):
            return self._lazy(name, nodes, title)
        function = _FUNCTIONS.get(name)
        if function is None:
            return FormulaError("NAME", f"Unknown function: '{name}'.")
        args = self._args(nodes, title)
        if name == "TODAY":
            return to_serial(self.context.today())
        return function(args)

    def _lazy(self, name: str, nodes: list[tuple], title: str | None) -> Any:
        if name == "IFERROR":
            if not nodes:
                return FormulaError("N_A", "Wrong number of arguments to IFERROR.")
            value = _scalar(self._eval(nodes[0], title))
            if isinstance(value, FormulaError):
                return _scalar(self._eval(nodes[1], title)) if len(nodes) > 1 else None
            return value
        if not 2 <= len(nodes) <= 3:
            return FormulaError("N_A", f"Wrong number of arguments to IF. Found {len(nodes)}.")
        condition = _truth(_scalar(self._eval(nodes[0], title)))
        if isinstance(condition, FormulaError):
            return condition
        if condition:
            return _scalar(self._eval(nodes[1], title))
        return _scalar(self._eval(nodes[2], title)) if len(nodes) == 3 else False


def _compare(op: str, left: Any, right: Any) -> bool:
    def rank(value: Any) -> tuple[int, Any]:
        if value is None:
            return (0, 0)
        if value.__class__ is bool:
            return (3, value)
        if isinstance(value, int | float):
            return (1, value)
        return (2, str(value).lower())

    if left is None and isinstance(right, str):
        left = ""
    if right is None and isinstance(left, str):
        right = ""
    if left is None and isinstance(right, int | float):
        left = 0
    if right is None and isinstance(left, int | float):
        right = 0
    a, b = rank(left), rank(right)
    return {
        "=": a == b,
        "<>": a != b,
        "<": a < b,
        ">": a > b,
        "<=": a <= b,
        ">=": a >= b,
    }[op]


def _numbers(args: list[Any]) -> list[float] | FormulaError:
    """Numbers among the arguments: ranges skip text and blanks, direct values coerce."""
    found: list[float] = []
    for arg in args:
        if isinstance(arg, FormulaError):
            return arg
        if isinstance(arg, _Range):
            for value in arg.flat():
                if isinstance(value, FormulaError):
                    return value
                if isinstance(value, int | float) and value.__class__ is not bool:
                    found.append(float(value))
            continue
        number = _number(arg)
        if isinstance(number, FormulaError):
            return number
        found.append(number)
    return found


def _aggregate(reduce: Callable[[list[float]], Any]) -> Callable[[list[Any]], Any]:
    def run(args: list[Any]) -> Any:
        numbers = _numbers(args)
        return numbers if isinstance(numbers, FormulaError) else reduce(numbers)

    return run


def _average(numbers: list[float]) -> Any:
    if not numbers:
        return FormulaError(
            "DIV_ZERO", "Evaluation of function AVERAGE caused a divide by zero error."
        )
    return sum(numbers) / len(numbers)


def _count(args: list[Any]) -> int:
    count = 0
    for arg in args:
        values = arg.flat() if isinstance(arg, _Range) else [arg]
        count += sum(
            1 for value in values if isinstance(value, int | float) and value.__class__ is not bool
        )
    return count


def _counta(args: list[Any]) -> int:
    count = 0
    for arg in args:
        values = arg.flat() if isinstance(arg, _Range) else [arg]
        count += sum(1 for value in values if value is not None and value != "")
    return count


def _logical(combine: Callable[[list[bool]], bool]) -> Callable[[list[Any]], Any]:
    def run(args: list[Any]) -> Any:
        flags: list[bool] = []
        for arg in args:
            values = arg.flat() if isinstance(arg, _Range) else [arg]
            for value in values:
                if value is None or (isinstance(value, str) and isinstance(arg, _Range)):
                    continue
                truth = _truth(value)
                if isinstance(truth, FormulaError):
                    return truth
                flags.append(truth)
        return combine(flags)

    return run


def _one(function: Callable[..., Any], arity: tuple[int, int], name: str):
    def run(args: list[Any]) -> Any:
        if not arity[0] <= len(args) <= arity[1]:
            return FormulaError("N_A", f"Wrong number of arguments to {name}. Found {len(args)}.")
        values = [_scalar(arg) for arg in args]
        for value in values:
            if isinstance(value, FormulaError):
                return value
        return function(*values)

    return run


def _round(value: Any, digits: Any = 0) -> Any:
    number, places = _number(value), _number(digits)
    if isinstance(number, FormulaError):
        return number
    if isinstance(places, FormulaError):
        return places
    quantum = Decimal(1).scaleb(-int(places))
    return float(Decimal(repr(number)).quantize(quantum, rounding=ROUND_HALF_UP))


def _text_fn(transform: Callable[[str], Any]) -> Callable[[Any], Any]:
    def run(value: Any) -> Any:
        text = _text(value)
        return text if isinstance(text, FormulaError) else transform(text)

    return run


def _concatenate(args: list[Any]) -> Any:
    parts: list[str] = []
    for arg in args:
        values = arg.flat() if isinstance(arg, _Range) else [arg]
        for value in values:
            text = _text(value)
            if isinstance(text, FormulaError):
                return text
            parts.append(text)
    return "".join(parts)


def _date(year: Any, month: Any, day: Any) -> Any:
    numbers = [_number(value) for value in (year, month, day)]
    for number in numbers:
        if isinstance(number, FormulaError):
            return number
    y, m, d = (int(number) for number in numbers)
    months = y * 12 + (m - 1)
    try:
        first = dt.date(months // 12, months % 12 + 1, 1)
    except ValueError:
        return FormulaError("NUM", "DATE parameter out of range.")
    return to_serial(first) + d - 1


def _abs(value: Any) -> Any:
    number = _number(value)
    return number if isinstance(number, FormulaError) else abs(number)


def _not(value: Any) -> Any:
    truth = _truth(value)
    return truth if isinstance(truth, FormulaError) else not truth


_FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "SUM": _aggregate(sum),
    "AVERAGE": _aggregate(_average),
    "MIN": _aggregate(lambda numbers: min(numbers) if numbers else 0),
    "MAX": _aggregate(lambda numbers: max(numbers) if numbers else 0),
    "COUNT": _count,
    "COUNTA": _counta,
    "AND": _logical(lambda flags: all(flags) if flags else FormulaError("VALUE", "AND: no values")),
    "OR": _logical(lambda flags: any(flags) if flags else FormulaError("VALUE", "OR: no values")),
    "NOT": _one(_not, (1, 1), "NOT"),
    "ROUND": _one(_round, (1, 2), "ROUND"),
    "ABS": _one(_abs, (1, 1), "ABS"),
    "CONCATENATE": _concatenate,
    "CONCAT": _concatenate,
    "LEN": _one(_text_fn(len), (1, 1), "LEN"),
    "UPPER": _one(_text_fn(str.upper), (1, 1), "UPPER"),
    "LOWER": _one(_text_fn(str.lower), (1, 1), "LOWER"),
    "TRIM": _one(_text_fn(lambda text: " ".join(text.split())), (1, 1), "TRIM"),
    "HYPERLINK": _one(
        lambda url, label=None: _text(url if label is None else label), (1, 2), "HYPERLINK"
    ),
    "DATE": _one(_date, (3, 3), "DATE"),
    "TODAY": lambda args: None,  # answered in Evaluator._call with the context's clock
    "ISBLANK": _one(lambda value: value is None, (1, 1), "ISBLANK"),
}

SUPPORTED_FUNCTIONS = frozenset({*_FUNCTIONS, "IF", "IFERROR"})


def hyperlink_target(formula: str) -> str | None:
    """The URL of a ``=HYPERLINK("url", ...)`` formula, for CellData.hyperlink."""
    tree = parse(formula)
    if (
        isinstance(tree, tuple)
        and tree[0] == "call"
        and tree[1] == "HYPERLINK"
        and tree[2]
        and tree[2][0][0] == "lit"
    ):
        return str(tree[2][0][1])
    return None
