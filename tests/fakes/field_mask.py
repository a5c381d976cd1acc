"""Google field masks for the Sheets fake: the ``fields`` syntax of partial responses
(``sheets(properties(sheetId,title)),properties.locale``, ``sheets/data/rowData``) and of
update requests (``userEnteredFormat(backgroundColor,textFormat)``, ``gridProperties.rowCount``).

A mask parses to a tree: ``{name: subtree}``, where a subtree of None selects the whole
field and the key ``*`` stands for every field.
"""

from __future__ import annotations

import copy
import re
from typing import Any

Tree = dict[str, Any]

_TOKEN = re.compile(r"\s*([A-Za-z0-9_*@$]+|[(),/.])")


class FieldMaskError(ValueError):
    """The mask does not parse."""


def _merge(tree: Tree, name: str, sub: Tree | None) -> None:
    if name in tree:
        current = tree[name]
        if current is None or sub is None:
            tree[name] = None  # selecting the whole field wins over parts of it
            return
        for key, value in sub.items():
            _merge(current, key, value)
        return
    tree[name] = sub


def parse(mask: str) -> Tree:
    """Parse a mask; an empty or blank mask is an empty tree."""
    tokens: list[str] = []
    position = 0
    mask = mask.strip()
    while position < len(mask):
        match = _TOKEN.match(mask, position)
        if not match:
            raise FieldMaskError(mask)
        tokens.append(match.group(1))
        position = match.end()
    if not tokens:
        return {}
    tree, index = _parse_list(tokens, 0, mask)
    if index != len(tokens):
        raise FieldMaskError(mask)
    return tree


def _parse_list(tokens: list[str], index: int, mask: str) -> tuple[Tree, int]:
    tree: Tree = {}
    while True:
        index = _parse_item(tokens, index, tree, mask)
        if index < len(tokens) and tokens[index] == ",":
            index += 1
            continue
        return tree, index


def _parse_item(tokens: list[str], index: int, tree: Tree, mask: str) -> int:
    """One ``a/b.c(sub,list)`` item, merged into ``tree``."""
    path: list[str] = []
    while True:
        if index >= len(tokens) or not re.match(r"[A-Za-z0-9_*@$]", tokens[index]):
            raise FieldMaskError(mask)
        path.append(tokens[index])
        index += 1
        if index < len(tokens) and tokens[index] in ("/", "."):
            index += 1
            continue
        break
    sub: Tree | None = None
    if index < len(tokens) and tokens[index] == "(":
        sub, index = _parse_list(tokens, index + 1, mask)
        if index >= len(tokens) or tokens[index] != ")":
            raise FieldMaskError(mask)
        index += 1
    for name in reversed(path[1:]):
        sub = {name: sub}
    _merge(tree, path[0], sub)
    return index


def paths(tree: Tree | None, prefix: str = "") -> list[str]:
    """The leaf paths of a tree, dotted: ``{"a": {"b": None}}`` -> ``["a.b"]``."""
    if tree is None:
        return [prefix]
    found: list[str] = []
    for name, sub in tree.items():
        found.extend(paths(sub, f"{prefix}.{name}" if prefix else name))
    return found


def select(value: Any, tree: Tree | None) -> Any:
    """Partial response: keep only what the tree selects. Like Google, a selected object
    that holds none of the selected children stays, empty (``"properties": {}``)."""
    if tree is None:
        return value
    if isinstance(value, list):
        return [select(item, tree) for item in value]
    if not isinstance(value, dict):
        return value
    if "*" in tree:
        star = tree["*"]
        out = {key: select(item, star) for key, item in value.items()}
        for key, sub in tree.items():
            if key != "*" and key in value:
                out[key] = select(value[key], sub)
        return out
    return {key: select(value[key], sub) for key, sub in tree.items() if key in value}


def wants(tree: Tree | None, *path: str) -> bool:
    """Whether a mask selects anything at or below ``path`` (None selects everything)."""
    node = tree
    for name in path:
        if node is None:
            return True
        if "*" in node:
            node = node["*"]
            continue
        if name not in node:
            return False
        node = node[name]
    return True


def subtree(tree: Tree | None, *path: str) -> Tree | None:
    node = tree
    for name in path:
        if node is None:
            return None
        node = node.get(name, node.get("*", {}))
    return node


def merged(target: dict[str, Any] | None, source: dict[str, Any] | None, tree: Tree | None):
    """An update under a mask, copy-on-write: ``target`` with every field the tree names
    taken from ``source`` -- or removed where ``source`` lacks it. None means ``*``."""
    target = target or {}
    source = source or {}
    if tree is None or "*" in tree:
        return copy.deepcopy(source)
    out = dict(target)
    for name, sub in tree.items():
        if sub is None:
            if source.get(name) is not None:
                out[name] = copy.deepcopy(source[name])
            else:
                out.pop(name, None)
            continue
        child_source = source.get(name)
        child_target = out.get(name)
        if not isinstance(child_source, dict | None) or not isinstance(child_target, dict | None):
            # A scalar cannot have sub-fields: take it whole.
            if child_source is not None:
                out[name] = copy.deepcopy(child_source)
            else:
                out.pop(name, None)
            continue
        child = merged(child_target, child_source, sub)
        if child:
            out[name] = child
        else:
            out.pop(name, None)
    return out
