"""Compile test snippets with every comparison routed through a :class:`Guard`.

The rewrite touches test code only, never the candidate's program. The guard's
methods are not looked up by name at run time (the candidate shares the test's
namespace and could rebind any name): the compiler first emits a unique string
constant in each call position, and the constants are then swapped for the bound
methods inside the code objects themselves.
"""

from __future__ import annotations

import ast
import secrets
import warnings
from types import CodeType
from typing import Any

from .guard import SYMBOLS, Guard

PROBE = "__codebudget_probe__"  # the name split test sources call (codebudget.sandbox.split)

_OP_INDEX = {
    ast.Eq: 0,
    ast.NotEq: 1,
    ast.Lt: 2,
    ast.LtE: 3,
    ast.Gt: 4,
    ast.GtE: 5,
    ast.In: 6,
    ast.NotIn: 7,
    ast.Is: 8,
    ast.IsNot: 9,
}
assert len(_OP_INDEX) == len(SYMBOLS)


class _Tokens:
    """Placeholder constants, unique per process, for the guard's entry points."""

    def __init__(self) -> None:
        salt = secrets.token_hex(8)
        self.compare = f"\x00guard-compare-{salt}"
        self.chain = f"\x00guard-chain-{salt}"
        self.truth = f"\x00guard-truth-{salt}"
        self.assert_truth = f"\x00guard-assert-{salt}"
        self.probe = f"\x00probe-{salt}"

    def bindings(self, guard: Guard, probe: Any) -> dict[str, Any]:
        return {
            self.compare: guard.compare,
            self.chain: guard.chain,
            self.truth: guard.truth,
            self.assert_truth: guard.assert_truth,
            self.probe: probe,
        }


TOKENS = _Tokens()


def _at(node: ast.AST, where: ast.AST) -> Any:
    """``node`` (a node this module creates) placed at ``where``'s location."""
    return ast.copy_location(node, where)


def _call(token: str, args: list[ast.expr], where: ast.AST) -> ast.Call:
    return _at(ast.Call(func=_at(ast.Constant(value=token), where), args=args, keywords=[]), where)


def _thunk(expr: ast.expr) -> ast.Lambda:
    arguments = ast.arguments(
        posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]
    )
    return ast.copy_location(ast.Lambda(args=arguments, body=expr), expr)


_CONTAINERS = (ast.List, ast.Tuple, ast.Set)


def _plain_literal(node: ast.AST) -> bool:
    """A container of constants (at any depth): nothing in it to rewrite, no need to visit it."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, _CONTAINERS):
        return all(_plain_literal(element) for element in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _plain_literal(k) for k in node.keys) and all(
            _plain_literal(v) for v in node.values
        )
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant)
    return False


class _Rewriter(ast.NodeTransformer):
    def visit_List(self, node: ast.List) -> ast.AST:
        return node if _plain_literal(node) else self.generic_visit(node)

    visit_Tuple = visit_Set = visit_Dict = visit_List  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> ast.Call:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == PROBE:
            node.func = ast.copy_location(ast.Constant(value=TOKENS.probe), node.func)
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.expr:
        self.generic_visit(node)
        ops = [_OP_INDEX[type(op)] for op in node.ops]
        if all(op >= 8 for op in ops):
            return node
        if len(ops) == 1:
            args = [_at(ast.Constant(value=ops[0]), node), node.left, node.comparators[0]]
            return _call(TOKENS.compare, args, node)
        thunks: list[ast.expr] = [_thunk(expr) for expr in node.comparators]
        op_tuple = _at(ast.Tuple(elts=[_at(ast.Constant(value=op), node) for op in ops], ctx=ast.Load()), node)
        return _call(TOKENS.chain, [op_tuple, node.left, *thunks], node)

    def visit_Assert(self, node: ast.Assert) -> ast.Assert:
        self.generic_visit(node)
        node.test = _call(TOKENS.assert_truth, [node.test], node.test)
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.UnaryOp:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            node.operand = _call(TOKENS.truth, [node.operand], node.operand)
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.BoolOp:
        self.generic_visit(node)
        node.values = [_call(TOKENS.truth, [value], value) for value in node.values]
        return node


def _bind(code: CodeType, bindings: dict[str, Any]) -> CodeType:
    consts = tuple(
        _bind(const, bindings)
        if isinstance(const, CodeType)
        else bindings.get(const, const)
        if type(const) is str
        else const
        for const in code.co_consts
    )
    return code.replace(co_consts=consts)


def _no_probe(index: int, value: Any) -> None:
    raise AssertionError("this test has no split assertions")


def compile_test(source: str, filename: str, guard: Guard, probe: Any = _no_probe) -> CodeType:
    """Compile one test snippet with its comparisons guarded; raises ``SyntaxError``.

    Calls of ``__codebudget_probe__`` (split assertions, see ``codebudget.sandbox.split``)
    are bound to ``probe`` in the same way, so the candidate cannot rebind the name.
    """
    # Every node the rewriter creates gets its location there, so the whole tree need
    # not be walked again by ast.fix_missing_locations.
    tree = _Rewriter().visit(ast.parse(source, filename, "exec"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = compile(tree, filename, "exec", dont_inherit=True)
    return _bind(code, TOKENS.bindings(guard, probe))
