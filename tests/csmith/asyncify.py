#!/usr/bin/env python3
"""asyncify.py - turn a csmith program into an asyncc program that must print
the same checksum.

    asyncify.py IN.c OUT.ac

Takes a program as csmith 2.x writes it (one `#include "csmith.h"`, `#pragma
pack` lines, no other preprocessor lines, no function pointers) and writes
the same text with these insertions and nothing else changed:

  - every function the program defines, and its prototype, becomes `async`;
  - `main` becomes `static async int csmith_main(...)`, and a new plain
    `main` after it runs it with `ac_run` (the contract's idiom);
  - every call of one of those functions, wherever it stands (arguments,
    conditions, for clauses, initializers, operands), is awaited;
    parenthesised as `(await f(x))` only where a postfix operator follows
    (`f(x).f0`, `f(x)[i]`, `f(x)->f1`), since `await` is a unary operator;
  - `await ac_sleep(0);` (a pure yield) stands before every statement of
    every async body (and after every label; not before declarations and
    `case`/`default` labels, where it would change nothing); a body that is a single statement without braces
    (`for (...) x;`, `else if`) is braced so the yield stays inside it;
  - `#include <asyncc.h>` follows csmith's include.

With ASYNCIFY_YIELD_EVERY=N in the environment, only every Nth of those
yields is written (0: none, only the awaited calls suspend): fewer
suspension points leave more locals that die between two of them, which
the translator keeps out of the frame (translator/lower_live.c).

pycparser (2.x or 3.x) parses a copy whose include line is replaced by the
few typedefs the program text needs; insertion points are byte offsets
found from pycparser's coordinates and a small tokenizer over the original
text, so the output keeps csmith's text (and its checksum printing) as is.

Exit status: 0 written; 3 skipped (a program outside the shapes above, the
reason on stderr as `skip: REASON`, no output written); 2 usage.
"""
import os
import re
import sys

import pycparser
from pycparser import c_ast

YIELD = "await ac_sleep(0); "
YIELD_EVERY = int(os.environ.get("ASYNCIFY_YIELD_EVERY", "1"))
ENTRY = "csmith_main"

# What the program text needs from csmith.h to parse (types only: calls of
# the header's functions need no declaration for pycparser).
STUB_TYPEDEFS = " ".join(
    "typedef int %s;" % t
    for t in ("int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t",
              "uint32_t", "uint64_t", "size_t"))


class Skip(Exception):
    """The program is outside what this rewriter handles; the reason says why."""


# ---- tokens of the original text -------------------------------------------

TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>\.?\d(?:[eEpP][+-]|[\w.])*)
  | (?P<str>"(?:\\.|[^"\\\n])*")
  | (?P<chr>'(?:\\.|[^'\\\n])*')
  | (?P<punct>\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&^|]=|[][(){};:,.?~!<>=+\-*/%&^|])
""", re.X | re.S)


class Tok:
    __slots__ = ("text", "start", "end")

    def __init__(self, text, start, end):
        self.text, self.start, self.end = text, start, end


def tokenize(src):
    """The tokens of SRC, comments dropped; a preprocessor line is one token
    whose text starts with '#' (csmith writes no continued directives)."""
    toks, pos = [], 0
    while pos < len(src):
        line_begin = src.rfind("\n", 0, pos) + 1
        if src[pos] == "#" and not src[line_begin:pos].strip():
            end = src.find("\n", pos)
            end = len(src) if end < 0 else end
            toks.append(Tok(src[pos:end], pos, end))
            pos = end
            continue
        m = TOKEN_RE.match(src, pos)
        if not m:
            raise Skip("tokenizer stuck at offset %d: %r" % (pos, src[pos:pos + 20]))
        if m.lastgroup not in ("ws", "comment"):
            toks.append(Tok(m.group(), m.start(), m.end()))
        pos = m.end()
    return toks


# ---- the rewriter ----------------------------------------------------------

class Rewriter:
    """Collects insertions (offset, rank, text) over one program."""

    # Tokens that may stand before the first token pycparser gives a
    # coordinate to, inside the same expression statement.
    PREFIX = {"(", "*", "&", "-", "+", "!", "~", "++", "--", "sizeof"}
    # What may precede a statement.
    BEFORE_STMT = {";", "{", "}", ":", ")", "else", "do"}

    def __init__(self, src, ast):
        self.src, self.ast = src, ast
        self.toks = tokenize(src)
        self.at = {t.start: i for i, t in enumerate(self.toks)}
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", src)]
        self.inserts = []
        self.has_main = False
        self.funcs = {ext.decl.name for ext in ast.ext
                      if isinstance(ext, c_ast.FuncDef) and ext.decl.name != "main"}

    # -- positions --
    def tok_index(self, coord, exact=True):
        """Index of the token at COORD (None if none starts there and not EXACT)."""
        line, col = coord.line, coord.column
        off = self.line_starts[line - 1] + (col or 1) - 1
        if off not in self.at and exact:
            raise Skip("line %d col %s is not a token start" % (line, col))
        return self.at.get(off)

    def brace(self, compound):
        """Index of the '{' of COMPOUND. pycparser 2.x gives a compound the
        right line but column 1: then it is the first '{' on that line."""
        i = self.tok_index(compound.coord, exact=False)
        if i is not None and self.toks[i].text == "{":
            return i
        line = compound.coord.line
        lo = self.line_starts[line - 1]
        hi = self.line_starts[line] if line < len(self.line_starts) else len(self.src)
        for t in self.toks:
            if lo <= t.start < hi and t.text == "{":
                return self.at[t.start]
        raise Skip("no '{' on line %d for a block" % line)

    def min_tok(self, node):
        """Index of the first token that has a coordinate in NODE's subtree."""
        best = None
        stack = [node]
        while stack:
            n = stack.pop()
            if getattr(n, "coord", None) is not None and n.coord.line and n.coord.column:
                i = self.brace(n) if isinstance(n, c_ast.Compound) else self.tok_index(n.coord)
                best = i if best is None else min(best, i)
            stack.extend(child for _, child in n.children())
        if best is None:
            raise Skip("no coordinate in a %s" % type(node).__name__)
        return best

    def stmt_start(self, stmt):
        """Index of STMT's first token: pycparser places an expression at an
        operand (`*p = 1` at `p`, `(a) = 1` at `a`), so step back over the
        prefix tokens, then check that a statement may begin there."""
        i = self.min_tok(stmt)
        while i > 0 and self.toks[i - 1].text in self.PREFIX:
            i -= 1
        before = self.toks[i - 1].text if i > 0 else ";"
        if before not in self.BEFORE_STMT:
            raise Skip("cannot place the start of the statement at line %d (after %r)"
                       % (stmt.coord.line if stmt.coord else 0, before))
        return i

    def matching(self, i):
        """Index of the bracket that closes the one at token I."""
        opener = self.toks[i].text
        closer = {"(": ")", "{": "}", "[": "]"}[opener]
        depth = 0
        for j in range(i, len(self.toks)):
            t = self.toks[j].text
            if t == opener:
                depth += 1
            elif t == closer:
                depth -= 1
                if depth == 0:
                    return j
        raise Skip("unbalanced %r at offset %d" % (opener, self.toks[i].start))

    def semicolon_after(self, i):
        """Index of the first ';' at bracket depth 0 from token I on."""
        depth = 0
        for j in range(i, len(self.toks)):
            t = self.toks[j].text
            if t in "({[":
                depth += 1
            elif t in ")}]":
                depth -= 1
            elif t == ";" and depth == 0:
                return j
        raise Skip("no ';' after offset %d" % self.toks[i].start)

    def stmt_end(self, stmt):
        """Index of the last token of STMT."""
        if isinstance(stmt, c_ast.Compound):
            return self.matching(self.brace(stmt))
        if isinstance(stmt, c_ast.If):
            return self.stmt_end(stmt.iffalse or stmt.iftrue)
        if isinstance(stmt, (c_ast.For, c_ast.While, c_ast.Switch)):
            return self.stmt_end(stmt.stmt)
        if isinstance(stmt, c_ast.Label):
            return self.stmt_end(stmt.stmt)
        if isinstance(stmt, c_ast.DoWhile):
            w = self.stmt_end(stmt.stmt) + 1
            if self.toks[w].text != "while":
                raise Skip("no 'while' after a do body at line %d" % stmt.coord.line)
            return self.matching(w + 1) + 1
        if isinstance(stmt, (c_ast.Case, c_ast.Default)):
            raise Skip("a case label as an unbraced body at line %d" % stmt.coord.line)
        return self.semicolon_after(self.stmt_start(stmt))

    # -- insertions --
    def insert(self, offset, text, rank, replaces=0):
        """TEXT goes at OFFSET (in place of REPLACES characters). RANK orders
        insertions at one offset: closers (0), yields (1), the `{ yield`
        of a braced body (2), `async`/`await`/`(` (3); then first come first."""
        self.inserts.append((offset, rank, len(self.inserts), text, replaces))

    def insert_async(self, name_coord):
        """`async` among the specifiers of the declaration whose name is at NAME_COORD."""
        i = self.tok_index(name_coord)
        while i > 0 and self.toks[i - 1].text not in (";", "}") \
                and not self.toks[i - 1].text.startswith("#"):
            i -= 1
        while self.toks[i].text in ("static", "extern", "inline"):
            i += 1
        self.insert(self.toks[i].start, "async ", 3)

    def yield_text(self):
        """YIELD, or "" for all but every YIELD_EVERY-th yield."""
        self.yields = getattr(self, "yields", 0) + 1
        return YIELD if YIELD_EVERY > 0 and self.yields % YIELD_EVERY == 0 else ""

    def yield_before(self, stmt):
        self.insert(self.toks[self.stmt_start(stmt)].start, self.yield_text(), 1)

    def yield_in_body(self, body):
        """Yield before BODY, a loop's or if's body; brace it if it has none."""
        if body is None:
            return
        if isinstance(body, c_ast.Compound):
            self.visit(body)
            return
        start = self.toks[self.stmt_start(body)].start
        end = self.toks[self.stmt_end(body)].end
        self.insert(start, "{ ", 2)
        self.insert(start, self.yield_text(), 2)
        self.insert(end, " }", 0)
        self.visit(body)

    # -- the walk --
    def run(self):
        for ext in self.ast.ext:
            if isinstance(ext, c_ast.FuncDef):
                self.function(ext)
            elif isinstance(ext, c_ast.Decl) and isinstance(ext.type, c_ast.FuncDecl) \
                    and ext.name in self.funcs:
                self.insert_async(ext.coord)
        return self.output()

    def function(self, fdef):
        if fdef.decl.name == "main":
            self.entry(fdef)
        else:
            self.insert_async(fdef.decl.coord)
        self.visit(fdef.body)

    def entry(self, fdef):
        """`int main (...)` -> `static async int csmith_main (...)`; the new
        main goes after its body."""
        i = self.tok_index(fdef.decl.coord)
        if self.toks[i - 1].text != "int":
            raise Skip("main does not return a plain int")
        self.insert(self.toks[i - 1].start, "static async ", 3)
        self.insert(self.toks[i].start, ENTRY, 3, replaces=len("main"))
        end = self.toks[self.matching(self.brace(fdef.body))].end
        self.insert(end, "\n\nint main(int argc, char *argv[])\n{\n"
                    "    return ac_run(%s(argc, argv));\n}\n" % ENTRY, 0)
        self.has_main = True

    def visit(self, node, parent=None):
        if isinstance(node, c_ast.Compound):
            for item in node.block_items or []:
                self.block_item(item)
            return
        if isinstance(node, (c_ast.If, c_ast.For, c_ast.While, c_ast.DoWhile, c_ast.Switch)):
            self.control(node)
            return
        if isinstance(node, c_ast.Label):
            self.yield_before(node.stmt)
            self.visit(node.stmt)
            return
        if isinstance(node, (c_ast.Case, c_ast.Default)):
            if isinstance(node, c_ast.Case):
                self.visit(node.expr, node)
            for s in node.stmts or []:
                self.block_item(s)
            return
        if isinstance(node, c_ast.FuncCall):
            self.call(node, parent)
        for _, child in node.children():
            self.visit(child, node)

    def block_item(self, item):
        if not isinstance(item, (c_ast.Decl, c_ast.Case, c_ast.Default, c_ast.Pragma)):
            self.yield_before(item)
        self.visit(item)

    def control(self, node):
        for field in ("init", "cond", "next"):
            if getattr(node, field, None) is not None:
                self.visit(getattr(node, field), node)
        if isinstance(node, c_ast.If):
            self.yield_in_body(node.iftrue)
            self.yield_in_body(node.iffalse)
        else:
            self.yield_in_body(node.stmt)

    def call(self, call, parent):
        if not isinstance(call.name, c_ast.ID):
            raise Skip("a call through an expression at line %d" % call.coord.line)
        if call.name.name not in self.funcs:
            return
        i = self.tok_index(call.name.coord)
        if self.toks[i + 1].text != "(":
            raise Skip("call of %s not followed by '('" % call.name.name)
        postfix = isinstance(parent, (c_ast.StructRef, c_ast.ArrayRef)) and parent.name is call
        if postfix:
            self.insert(self.toks[i].start, "(", 3)
        self.insert(self.toks[i].start, "await ", 3)
        if postfix:
            self.insert(self.toks[self.matching(i + 1)].end, ")", 0)

    def include_runtime(self):
        includes = [t for t in self.toks if re.match(r'#\s*include\s*"csmith.h"', t.text)]
        if len(includes) != 1:
            raise Skip("%d includes of csmith.h" % len(includes))
        self.insert(includes[0].end, "\n#include <asyncc.h>", 0)

    def output(self):
        if not self.has_main:
            raise Skip("no main")
        self.include_runtime()
        out, pos = [], 0
        for offset, _, _, text, replaces in sorted(self.inserts, key=lambda x: x[:3]):
            out.append(self.src[pos:offset])
            out.append(text)
            pos = offset + replaces
        out.append(self.src[pos:])
        return "".join(out)


# ---- driver -------------------------------------------------------------------

def blank_comments(src):
    """SRC with every comment turned into spaces (newlines kept), so that
    every other character keeps its line and column."""
    out, pos = [], 0
    for m in TOKEN_RE.finditer(src):
        if m.lastgroup == "comment":
            out.append(src[pos:m.start()])
            out.append(re.sub(r"[^\n]", " ", m.group()))
            pos = m.end()
    out.append(src[pos:])
    return "".join(out)


def parse_copy(src):
    """SRC as pycparser can read it: comments blanked, csmith's include line
    replaced by the typedefs the program needs, on that same line (so every
    coordinate stays right); any directive but #pragma is outside what we
    handle."""
    lines = blank_comments(src).split("\n")
    for n, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith("#"):
            continue
        if re.match(r'#\s*include\s*"csmith.h"\s*$', stripped):
            lines[n] = STUB_TYPEDEFS
        elif not re.match(r"#\s*pragma\b", stripped):
            raise Skip("preprocessor line %d: %s" % (n + 1, stripped))
    return "\n".join(lines)


def asyncify(src, name="<csmith>"):
    try:
        ast = pycparser.CParser().parse(parse_copy(src), name)
    except pycparser.c_parser.ParseError as e:
        raise Skip("pycparser: %s" % e)
    return Rewriter(src, ast).run()


def main(argv):
    if len(argv) != 3:
        print("usage: asyncify.py IN.c OUT.ac", file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        src = f.read()
    # csmith nests expressions deeply; the walk recurses once per level
    sys.setrecursionlimit(20000)
    try:
        out = asyncify(src, argv[1])
    except Skip as e:
        print("skip: %s" % e, file=sys.stderr)
        return 3
    with open(argv[2], "w") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
