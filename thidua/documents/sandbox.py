"""The only Jinja environment papers are rendered with, and the placeholder check of uploaded templates.

An uploaded .docx is code: docxtpl renders its text with Jinja. Two locks keep it data-only:

1. Every render goes through `environment()`: an `ImmutableSandboxedEnvironment` (no attribute
   starting with "_", no mutating method, no unsafe call) with no globals (`cycler`, `range`,
   `lipsum` … are gone) and only the filters and tests the papers need.
2. Before a template is stored, and again before each render, `check_placeholders` walks the Jinja
   syntax tree of every part docxtpl renders (body, headers, footers, footnotes, document
   properties) and refuses anything but printing data, `for`/`if`/`set`, the allowed filters and
   tests, and attribute or key lookups of the data keys the papers carry (ALLOWED_KEYS). Calls of
   any kind are refused. The message names the offending placeholder.
"""

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from docx import Document
from docx.opc.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import TemplateInvalid

ALLOWED_FILTERS = frozenset(
    {
        "upper",
        "lower",
        "capitalize",
        "title",
        "trim",
        "join",
        "default",
        "d",
        "length",
        "count",
        "first",
        "last",
        "replace",
        "round",
        "int",
        "string",
        "truncate",
        "e",
        "escape",
    }
)
ALLOWED_TESTS = frozenset(
    {"defined", "undefined", "none", "number", "string", "even", "odd", "true", "false", "eq", "ne", "in"}
)
LOOP_KEYS = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "previtem", "nextitem", "depth"}
)
# Keys of the small dicts inside lists (rows, candidates, committee …) the adapters produce beyond
# the demo contexts of kinds.py (whose keys are allowed too, see allowed_keys()).
EXTRA_ITEM_KEYS = frozenset(
    {
        "code",
        "group",
        "items",
        "max_points",
        "note",
        "on_track",
        "passed",
        "percent_text",
        "rank",
        "role",
        "score",
        "share",
        "status",
        "text",
        "title",
        "votes",
    }
)
STATEMENTS = (
    nodes.Template,
    nodes.Output,
    nodes.For,
    nodes.If,
    nodes.Assign,
    nodes.AssignBlock,
    nodes.With,
    nodes.FilterBlock,
)
PLAIN_EXPRESSIONS = (
    nodes.Const,
    nodes.TemplateData,
    nodes.CondExpr,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Neg,
    nodes.Pos,
    nodes.Compare,
    nodes.Operand,
    nodes.Concat,
    nodes.Add,
    nodes.Sub,
    nodes.Div,
    nodes.FloorDiv,
    nodes.List,
    nodes.Tuple,
    nodes.Keyword,
    nodes.Slice,
)
JINJA_GLOBALS = frozenset({"cycler", "dict", "joiner", "lipsum", "namespace", "range", "self", "caller"})
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
CORE_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def environment() -> ImmutableSandboxedEnvironment:
    """A fresh sandbox for one render (docxtpl sets `autoescape` on it)."""
    env = ImmutableSandboxedEnvironment(autoescape=True)
    env.globals.clear()
    env.filters = {name: DEFAULT_FILTERS[name] for name in ALLOWED_FILTERS}
    env.tests = {name: DEFAULT_TESTS[name] for name in ALLOWED_TESTS}
    return env


def _keys_of(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _keys_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _keys_of(item)


def allowed_keys() -> frozenset[str]:
    """Attribute / key names a placeholder may look up: the data keys of every kind, loop facts."""
    from .kinds import DEMO  # the demo contexts hold every key of the papers' data contract
    from .render import DERIVED_KEYS

    return frozenset(_keys_of(DEMO)) | frozenset(DERIVED_KEYS) | EXTRA_ITEM_KEYS | LOOP_KEYS


# -- the parts docxtpl renders --------------------------------------------------------------------


def template_sources(data: bytes) -> list[str]:
    """The Jinja sources docxtpl renders from a .docx: body, headers, footers, footnotes, properties."""
    template = DocxTemplate(io.BytesIO(data))
    document = Document(io.BytesIO(data))
    sources = [template.patch_xml(template.xml_to_string(document._element.body))]
    for relation in document.part.rels.values():
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI) and relation.target_part.blob:
            sources.append(template.patch_xml(template.xml_to_string(parse_xml(relation.target_part.blob))))
    for part in document.part.package.parts:
        if part.content_type == FOOTNOTES_TYPE:
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            sources.append(template.patch_xml(blob))
    for name in CORE_PROPERTIES:
        value = getattr(document.core_properties, name, "")
        if value:
            sources.append(str(value))
    return sources


# -- the check ------------------------------------------------------------------------------------


class Refused(Exception):
    def __init__(self, reason: Any) -> None:
        super().__init__(str(reason))
        self.reason = reason


def _text(node: nodes.Node) -> str:
    """A placeholder's expression written back as in the template (for the error message)."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_text(node.node)}[{_text(node.arg)}]"
    if isinstance(node, nodes.Call):
        arguments = [_text(a) for a in node.args] + [f"{k.key}={_text(k.value)}" for k in node.kwargs]
        return f"{_text(node.node)}({', '.join(arguments)})"
    if isinstance(node, nodes.Filter | nodes.Test):
        arguments = [_text(a) for a in node.args] + [f"{k.key}={_text(k.value)}" for k in node.kwargs]
        head = _text(node.node) if node.node is not None else ""
        joint = "|" if isinstance(node, nodes.Filter) else " is "
        return f"{head}{joint}{node.name}" + (f"({', '.join(arguments)})" if arguments else "")
    if isinstance(node, nodes.CondExpr):
        tail = f" else {_text(node.expr2)}" if node.expr2 is not None else ""
        return f"{_text(node.expr1)} if {_text(node.test)}{tail}"
    if isinstance(node, nodes.BinExpr):
        return f"{_text(node.left)} {node.operator} {_text(node.right)}"
    if isinstance(node, nodes.UnaryExpr):
        return f"{node.operator} {_text(node.node)}"
    if isinstance(node, nodes.List | nodes.Tuple):
        return "[" + ", ".join(_text(item) for item in node.items) + "]"
    return type(node).__name__


def _check_key(name: Any, allowed: frozenset[str]) -> None:
    if not isinstance(name, str) or not IDENTIFIER.match(name) or name not in allowed:
        raise Refused(format_lazy(_("không được đọc thuộc tính “{name}”"), name=name))


def _check_expression(node: nodes.Node, allowed: frozenset[str]) -> None:
    if isinstance(node, nodes.Name):
        if node.name.startswith("_") or node.name in JINJA_GLOBALS:
            raise Refused(format_lazy(_("không được dùng tên “{name}”"), name=node.name))
    elif isinstance(node, nodes.Getattr):
        _check_key(node.attr, allowed)
    elif isinstance(node, nodes.Getitem):
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, int) and not isinstance(arg.value, bool):
            pass
        elif isinstance(arg, nodes.Const):
            _check_key(arg.value, allowed)
        elif isinstance(arg, nodes.Slice):
            pass  # its bounds are checked as children below
        else:
            raise Refused(_("chỉ được lấy phần tử bằng tên hoặc số cố định"))
    elif isinstance(node, nodes.Filter):
        if node.name not in ALLOWED_FILTERS:
            raise Refused(format_lazy(_("không được dùng bộ lọc “{name}”"), name=node.name))
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            raise Refused(_("không được truyền tham số động cho bộ lọc"))
        for keyword in node.kwargs:
            if keyword.key == "attribute":
                if not isinstance(keyword.value, nodes.Const):
                    raise Refused(_("thuộc tính của bộ lọc phải là tên cố định"))
                _check_key(keyword.value.value, allowed)
    elif isinstance(node, nodes.Test):
        if node.name not in ALLOWED_TESTS:
            raise Refused(format_lazy(_("không được dùng phép thử “{name}”"), name=node.name))
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            raise Refused(_("không được truyền tham số động cho phép thử"))
    elif isinstance(node, nodes.Call):
        raise Refused(_("không được gọi hàm hay phương thức"))
    elif not isinstance(node, PLAIN_EXPRESSIONS):
        raise Refused(format_lazy(_("không được dùng phép “{name}”"), name=type(node).__name__))
    for child in node.iter_child_nodes():
        _check_expression(child, allowed)


def _statement_label(node: nodes.Node, expression: nodes.Node) -> str:
    if isinstance(node, nodes.Output):
        return "{{ " + _text(expression) + " }}"
    tags: dict[type[nodes.Node], str] = {
        nodes.For: "for",
        nodes.If: "if",
        nodes.Assign: "set",
        nodes.With: "with",
    }
    tag = tags.get(type(node), "")
    return "{% " + (f"{tag} … " if tag else "") + _text(expression) + " %}"


def _expressions(node: nodes.Node) -> Iterable[nodes.Node]:
    """The expressions held directly by a statement (not its nested statements)."""
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Expr) and not isinstance(child, nodes.TemplateData):
            yield child


def _check_statement(node: nodes.Node, allowed: frozenset[str]) -> None:
    if not isinstance(node, STATEMENTS):
        tag = type(node).__name__.lower()
        raise TemplateInvalid(
            detail=format_lazy(_("câu lệnh “{{% {tag} %}}” không được phép (chỉ dùng for, if, set)"), tag=tag)
        )
    for expression in _expressions(node):
        try:
            _check_expression(expression, allowed)
        except Refused as refused:
            raise TemplateInvalid(
                detail=format_lazy(
                    _("trường trộn “{placeholder}” bị từ chối: {reason}"),
                    placeholder=_statement_label(node, expression)[:200],
                    reason=refused.reason,
                )
            ) from None
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Stmt | nodes.Template):
            _check_statement(child, allowed)
        elif isinstance(child, nodes.Helper):  # e.g. the Pair/Keyword helpers of statements
            _check_expression(child, allowed)


def check_placeholders(data: bytes) -> None:
    """TemplateInvalid naming the first placeholder that does more than print the paper's data.

    jinja2.TemplateSyntaxError propagates (the caller reports it as a syntax error)."""
    env = environment()
    allowed = allowed_keys()
    for source in template_sources(data):
        _check_statement(env.parse(source), allowed)
