#!/usr/bin/env python3
"""asyncify_real.py - make a real C program (a test suite's file) async
everywhere, for the translator's differential test on code nobody here wrote.

    asyncify_real.py [--strict] [--yield] IN.c OUT.ac

Works on tokens of the source as written (before the preprocessor, as the
translator reads it), so macros, includes and GNU extensions pass through.
It writes the same text with these edits and nothing else changed:

  - every function the file defines becomes `async` (its definition and its
    file-scope prototypes), except: a variadic function (it cannot be async),
    one that takes a label's address, uses `goto *` or returns inside a
    statement expression (none of these can),
    a constructor or destructor (the C runtime calls it), a non-void
    function with no return but an asm statement (it returns through it),
    a function that calls longjmp but not setjmp, and every function on a
    call path from a setjmp caller to it (a longjmp must not jump over a
    resume function),
    and, unless --strict, a function whose name is used other than by a
    direct call (its address is taken: it stays an ordinary function), and
    every function such a sync function calls, transitively; a block-scope
    declaration of one made async (`int f(int);` in a body) becomes async;
  - every direct call of an async function is awaited; `(await f(x))` where
    a postfix operator follows; a function a #define calls stays sync (the
    translator reads no macro bodies: an await there would stay unseen);
  - `main` is renamed `realc_main`, made `async` (with `int` if it had
    no return type), and a new plain `main` runs it with `ac_run`;
  - a file-scope declaration of several declarators that declares async
    functions keeps them (the first declarator must be one: `async int
    f(int), g(int);` is one declaration to the translator) and moves the
    others after it with the same specifiers (`int a;`): only functions
    can be async;
  - `#include <asyncc.h>` goes before the first line;
  - with --yield, `await ac_sleep(0);` stands after every `{` that opens a
    block of an async body (a pure yield: behaviour must not change).

It guarantees nothing beyond that text edit: whether the result means the
same is what the differential test (scripts/realc_diff.sh) checks.

Exit status: 0 written; 3 skipped (reason on stderr as `skip: REASON`);
2 usage. Notes about what stayed sync go to stderr as `note: ...`.
"""
import re
import sys

ENTRY = "realc_main"
YIELD = " await ac_sleep(0);"

TOKEN_RE = re.compile(r"""
    (?P<ws>[ \t\r\f\v]+|\\\n)
  | (?P<nl>\n)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<str>(?:u8|[uUL])?"(?:\\.|\\\n|[^"\\\n])*")
  | (?P<chr>(?:u8|[uUL])?'(?:\\.|[^'\\\n])*')
  | (?P<id>[A-Za-z_$\x80-\xff][\w$\x80-\xff]*)
  | (?P<num>\.?\d(?:[eEpP][+-]|[\w.])*)
  | (?P<punct>\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||\#\#|[-+*/%&^|]=|[][(){};:,.?~!<>=+\-*/%&^|#@\\`])
""", re.X | re.S)

KEYWORDS = set("""auto break case char const continue default do double else enum extern
float for goto if inline int long register restrict return short signed sizeof static struct
switch typedef union unsigned void volatile while _Alignas _Alignof _Atomic _Bool _Complex
_Generic _Imaginary _Noreturn _Static_assert _Thread_local __attribute__ __asm__ asm
__typeof__ typeof __extension__ __inline__ __restrict __restrict__ __volatile__ __asm
__builtin_offsetof __builtin_va_arg __alignof__ __signed__ __label__""".split())
# What may stand between a declarator's `)` and its `;`, `,` or body.
ATTRIBUTE_WORDS = {"__attribute__", "__asm__", "__asm", "asm"}
# Tokens after which `IDENT (` cannot be a call but is a declarator.
STORAGE = {"static", "extern", "inline", "_Noreturn", "__inline__", "register", "auto"}
TYPE_WORDS = set("""char double float int long short signed unsigned void _Bool _Complex
const volatile restrict""".split())


class Skip(Exception):
    pass


class Tok:
    __slots__ = ("text", "start", "end", "kind", "pp", "line_start")

    def __init__(self, text, start, end, kind, pp):
        self.text, self.start, self.end, self.kind, self.pp = text, start, end, kind, pp


def tokenize(src):
    """Tokens without whitespace or comments. pp is None outside directives,
    else the directive's name ('define', 'include', ...)."""
    toks, pos, at_line_start, pp = [], 0, True, None
    while pos < len(src):
        m = TOKEN_RE.match(src, pos)
        if not m:
            raise Skip("tokenizer stuck at offset %d: %r" % (pos, src[pos:pos + 20]))
        kind = m.lastgroup
        if kind == "nl":
            at_line_start, pp = True, None
        elif kind == "comment":
            if "\n" in m.group() and pp is None:
                at_line_start = True
        elif kind != "ws":
            if at_line_start and m.group() == "#":
                pp = "#"
            elif pp == "#":
                pp = m.group()
            toks.append(Tok(m.group(), m.start(), m.end(), kind, pp))
            at_line_start = False
        pos = m.end()
    return toks


INACTIVE = "#inactive"   # Tok.pp of code that a conditional certainly leaves out


def mark_inactive(toks):
    """Marks (pp = INACTIVE) the tokens of the #if branches that are
    certainly out: `#if 0`, `#ifdef X` / `#ifndef X` for an X the file
    itself has #defined or #undef'd by then, and the branches after one that
    is certainly in. Anything else (a compiler's or a header's macro, an
    expression) might go either way and stays code, as the translator sees it."""
    known = {}          # name -> defined?, by the file's own lines so far
    stack = []          # per open #if: [outer active, a branch certainly taken:
                        #                True, none: False, unknown: None]
    active = True
    i = 0
    while i < len(toks):
        t = toks[i]
        if not (t.pp == "#" and t.text == "#"):
            if not active:
                t.pp = INACTIVE
            i += 1
            continue
        j = i + 1
        while j < len(toks) and toks[j].pp is not None and not (toks[j].pp == "#" and toks[j].text == "#"):
            j += 1
        words = [x.text for x in toks[i + 1:j]]
        name = words[0] if words else ""
        arg = words[1] if len(words) > 1 else ""
        if name in ("if", "ifdef", "ifndef"):
            if name == "if":
                taken = {"0": False, "1": True}.get(arg) if len(words) == 2 else None
            else:
                taken = known.get(arg)
                if taken is not None and name == "ifndef":
                    taken = not taken
            stack.append([active, taken])
            active = active and taken is not False
        elif name in ("elif", "else") and stack:
            outer, taken = stack[-1]
            active = outer and taken is not True
            if name == "elif" and taken is False:
                stack[-1][1] = None   # an #elif's condition is not evaluated here
        elif name == "endif" and stack:
            active = stack.pop()[0]
        elif active and name in ("define", "undef") and arg:
            known[arg] = name == "define"
        i = j
    return toks


class Program:
    def __init__(self, src, strict=False, add_yields=False):
        self.src, self.strict, self.add_yields = src, strict, add_yields
        self.toks = mark_inactive(tokenize(src))
        self.inserts = []
        self.notes = []
        # name -> dict(name_i, lparen, rparen, body_lbrace, body_rbrace, variadic, decl_start)
        self.defs = {}
        self.protos = []          # (name, decl_start index)
        self.multi = set()        # decl_start of declarations with several declarators
        self.drops = []           # (start, end) offsets of text left out

    # -- helpers --
    def code(self, i):
        """Is token i ordinary code (not in a directive)?"""
        return self.toks[i].pp is None

    def matching(self, i):
        opener = self.toks[i].text
        closer = {"(": ")", "{": "}", "[": "]"}[opener]
        depth = 0
        pp = self.toks[i].pp
        for j in range(i, len(self.toks)):
            t = self.toks[j]
            if (t.pp is None) != (pp is None):
                continue
            if t.text == opener:
                depth += 1
            elif t.text == closer:
                depth -= 1
                if depth == 0:
                    return j
        raise Skip("unbalanced %r at offset %d" % (opener, self.toks[i].start))

    def insert(self, offset, text, rank):
        self.inserts.append((offset, rank, len(self.inserts), text))

    def decl_start(self, i):
        """Index of the first token of the declaration whose declarator name is at i."""
        while i > 0 and self.code(i - 1) and self.toks[i - 1].text not in (";", "}", "{"):
            i -= 1
        return i

    # -- pass 1: file-scope functions --
    def scan_file_scope(self):
        i, n = 0, len(self.toks)
        while i < n:
            t = self.toks[i]
            if not self.code(i):
                i += 1
                continue
            if t.text == "{":
                i = self.matching(i) + 1
                continue
            if t.kind == "id" and t.text not in KEYWORDS and i + 1 < n \
                    and self.toks[i + 1].text == "(" and self.code(i + 1) \
                    and (i == 0 or self.toks[i - 1].text not in (".", "->")):
                r = self.matching(i + 1)
                a = r + 1   # what follows the declarator, past attributes and asm labels
                while a + 1 < n and self.toks[a].text in ATTRIBUTE_WORDS \
                        and self.toks[a + 1].text == "(":
                    a = self.matching(a + 1) + 1
                after = self.toks[a].text if a < n else ";"
                params = [x.text for x in self.toks[i + 2:r]]
                knr = params and all(p == "," or re.match(r"[A-Za-z_]\w*$", p) and p not in KEYWORDS
                                     for p in params) and after not in (";", ",", "=", ")")
                if after == "{" or knr:
                    lb = r + 1
                    while self.toks[lb].text != "{":
                        lb += 1
                    rb = self.matching(lb)
                    if t.text in self.defs:
                        raise Skip("%s is defined twice (in #if branches?)" % t.text)
                    self.defs[t.text] = dict(name_i=i, lparen=i + 1, rparen=r, lbrace=lb,
                                             rbrace=rb, variadic="..." in params,
                                             decl_start=self.decl_start(i), params=params)
                    i = rb + 1
                    continue
                if after == ",":
                    self.multi.add(self.decl_start(i))
                if after in (";", ","):
                    self.protos.append((t.text, self.decl_start(i)))
                i = r + 1
                continue
            i += 1

    # -- pass 2: which functions become async --
    def body_range(self, name):
        d = self.defs[name]
        return range(d["lbrace"] + 1, d["rbrace"])

    def uses(self, name):
        """(calls, other uses) of defined functions inside NAME's body."""
        calls, others = set(), set()
        for j in self.body_range(name):
            t = self.toks[j]
            if t.kind != "id" or t.text not in self.defs or not self.code(j):
                continue
            if self.toks[j - 1].text in (".", "->"):
                continue
            if self.toks[j + 1].text == "(":
                calls.add(t.text)
            else:
                others.add(t.text)
        return calls, others

    def computed_goto(self, name):
        """Does NAME's body take a label's address (`&&l`) or `goto *`,
        outside statement expressions (which the translator copies as they
        are, labels and all)?"""
        body = self.body_range(name)
        j = body.start
        while j < body.stop:
            t, prev = self.toks[j], self.toks[j - 1]
            j += 1
            if not self.code(j - 1):
                continue
            if t.text == "(" and self.toks[j].text == "{":
                j = self.matching(j - 1) + 1
                continue
            nxt = self.toks[j]
            if t.text == "goto" and nxt.text == "*":
                return True
            if t.text == "&&" and nxt.kind == "id" and (
                    prev.kind == "punct" and prev.text not in (")", "]") or prev.text == "return"):
                return True
        return False

    def returns_in_stmt_expr(self, name):
        """Does a `return` stand inside a `({ .. })` of NAME's body?"""
        for j in self.body_range(name):
            if self.code(j) and self.toks[j].text == "(" and self.toks[j + 1].text == "{":
                if any(t.text == "return" for t in self.toks[j + 1:self.matching(j)]):
                    return True
        return False

    def choose_async(self):
        sync = {n for n, d in self.defs.items() if d["variadic"]}
        for n in sorted(sync):
            self.notes.append("%s is variadic: stays sync" % n)
        # label addresses, computed gotos and a return out of a statement
        # expression cannot be async (the contract)
        for n in self.defs:
            if n not in sync and self.computed_goto(n):
                sync.add(n)
                self.notes.append("%s uses a computed goto: stays sync" % n)
            elif n not in sync and self.returns_in_stmt_expr(n):
                sync.add(n)
                self.notes.append("%s returns inside ({ }): stays sync" % n)
        # run by the C runtime around main, never awaited
        for n, d in self.defs.items():
            words = {t.text for t in self.toks[d["decl_start"]:d["lbrace"]]}
            if words & {"constructor", "destructor", "__constructor__", "__destructor__"}:
                sync.add(n)
                self.notes.append("%s is a constructor or destructor: stays sync" % n)
        # returns through its asm (`mov $50, %rax; ... ret`): an ABI trick
        # that only the function's own C frame can play
        for n, d in self.defs.items():
            body = [t.text for t in self.toks[d["lbrace"] + 1:d["rbrace"]]]
            if "return" not in body and {"asm", "__asm__", "__asm"} & set(body) \
                    and not self.returns_void(d):
                sync.add(n)
                self.notes.append("%s returns through an asm statement: stays sync" % n)
        self.keep_jumps_sync(sync)
        if not self.strict:
            pointed = set()
            for n in self.defs:
                pointed |= self.uses(n)[1]
            # uses at file scope (initializers of function-pointer tables)
            inside = set()
            for n in self.defs:
                inside.update(self.body_range(n))
            for j, t in enumerate(self.toks):
                if t.kind == "id" and t.text in self.defs and j not in inside and self.code(j) \
                        and j != self.defs[t.text]["name_i"] \
                        and not any(j == i for _, i in []) and self.toks[j + 1].text != "(":
                    pointed.add(t.text)
            for n in sorted(pointed - sync):
                self.notes.append("%s is used as a value: stays sync" % n)
            sync |= pointed
            # the translator cannot see into a macro's body: what a #define
            # calls stays sync
            for t in self.toks:
                if t.pp == "define" and t.kind == "id" and t.text in self.defs \
                        and t.text not in sync:
                    sync.add(t.text)
                    self.notes.append("%s is called in a #define: stays sync" % t.text)
            # a sync function cannot await: what it calls stays sync too
            changed = True
            while changed:
                changed = False
                for n in list(sync):
                    for c in self.uses(n)[0]:
                        if c not in sync:
                            sync.add(c)
                            self.notes.append("%s is called by sync %s: stays sync" % (c, n))
                            changed = True
        self.async_fns = set(self.defs) - sync
        if "main" in sync:
            raise Skip("main must stay sync (%s)" % "; ".join(self.notes))

    def keep_jumps_sync(self, sync):
        """setjmp/longjmp jump between C frames: a longjmp out of an async
        function's resume function would skip the runtime (its frame stays
        'running'). A function that calls longjmp but not setjmp jumps into
        a caller: it stays sync, and so does every function on a call path
        from a setjmp caller down to it. One that calls both is taken to
        jump within itself (114_bound_signal's main); callers above the
        setjmp are never jumped over."""
        def calling(names):
            return {n for n in self.defs
                    if names & {self.toks[j].text for j in self.body_range(n)}}
        setters = calling({"setjmp", "_setjmp", "sigsetjmp", "__builtin_setjmp"})
        jumpers = calling({"longjmp", "_longjmp", "siglongjmp", "__builtin_longjmp"})
        jumpers -= setters
        below = set(setters)      # reached from a setjmp caller
        above = set(jumpers)      # reaching a longjmp caller
        changed = True
        while changed:
            changed = False
            for n in self.defs:
                calls = self.uses(n)[0]
                if n in below and not calls <= below:
                    below |= calls & set(self.defs)
                    changed = True
                if n not in above and calls & above:
                    above.add(n)
                    changed = True
        keep = jumpers | (below & above)
        for n in sorted(keep - sync):
            self.notes.append("%s is on a setjmp/longjmp path: stays sync" % n)
        sync |= keep

    def returns_void(self, d):
        before = [t.text for t in self.toks[d["decl_start"]:d["name_i"]]]
        return "void" in before and "*" not in before

    # -- pass 3: the edits --
    def make_async(self, start):
        self.insert(self.toks[start].start, "async ", 3)

    def has_type(self, start, name_i):
        """Does the declaration from START to the name at NAME_I say a type?"""
        for t in self.toks[start:name_i]:
            if t.text not in STORAGE and t.text != "*":
                return True
        return False

    def rename_main(self):
        d = self.defs["main"]
        if not self.has_type(d["decl_start"], d["name_i"]):
            self.insert(self.toks[d["decl_start"]].start, "int ", 3)
        for j, t in enumerate(self.toks):
            if t.kind == "id" and t.text == "main":
                self.insert(t.start, ENTRY, 4)
                self.inserts.append((t.start, 5, len(self.inserts), None))  # marks replace
        nparams = 0 if d["params"] in ([], ["void"]) else d["params"].count(",") + 1
        args = ["argc", "argv", "envp"][:nparams]
        formals = ["int argc", "char *argv[]", "char *envp[]"][:max(nparams, 2)]
        self.insert(self.toks[d["rbrace"]].end,
                    "\n\nint main(%s)\n{\n%s    return ac_run(%s(%s));\n}\n"
                    % (", ".join(formals),
                       "    (void)argc; (void)argv;\n" if nparams < 2 else "",
                       ENTRY, ", ".join(args)), 0)

    def await_calls(self, lo, hi):
        for j in range(lo, hi):
            t = self.toks[j]
            if t.kind != "id" or t.text not in self.async_fns:
                continue
            if j > 0 and self.toks[j - 1].text in (".", "->"):
                continue
            if j + 1 >= len(self.toks) or self.toks[j + 1].text != "(":
                continue
            if t.pp == "define" and self.toks[j - 1].text == "define":
                continue   # a macro of the function's name
            if t.pp not in (None, "define"):
                continue
            k = j - 1   # the token before, # lines left out (`#endif` then a call)
            while k >= 0 and t.pp is None and self.toks[k].pp is not None:
                k -= 1
            prev = self.toks[k].text if k >= 0 else ";"
            if k >= 0 and self.toks[k].kind == "id" and prev not in KEYWORDS - TYPE_WORDS - STORAGE \
                    or prev in TYPE_WORDS or prev in STORAGE:
                self.block_scope_decl(t, j)
                continue
            r = self.matching(j + 1)
            postfix = r + 1 < len(self.toks) and self.toks[r + 1].text in (".", "->", "[", "(") \
                and self.toks[r + 1].pp == t.pp
            if postfix:
                self.insert(t.start, "(", 3)
            self.insert(t.start, "await ", 3)
            if postfix:
                self.insert(self.toks[r].end, ")", 0)

    def block_scope_decl(self, t, j):
        """`int f(int);` inside a block, of a function made async: the
        declaration becomes async too (not awaited: it is no call)."""
        if t.pp is not None:
            raise Skip("a declaration of %s inside a #define (offset %d)" % (t.text, t.start))
        start = self.decl_start(j)
        r = self.matching(j + 1)
        if r + 1 >= len(self.toks) or self.toks[r + 1].text != ";" \
                or any(x.text == "," for x in self.toks[start:j] if x.pp is None):
            raise Skip("%s is declared inside a block with other declarators (offset %d)"
                       % (t.text, t.start))
        self.make_async(start)

    def yields(self, lo, hi):
        """A yield after every '{' that opens a block in [lo, hi): not one
        that opens an initializer, a struct body or a statement expression."""
        for j in range(lo, hi):
            t = self.toks[j]
            if t.text != "{" or not self.code(j):
                continue
            prev = self.toks[j - 1].text
            if prev in ("{", ";", "}", ")", "else", "do", ":") and not (
                    prev == ")" and self.toks[self.open_of(j - 1) - 1].text in ("sizeof", "_Alignof")):
                if prev == ")" and self.is_cast_like(j - 1):
                    continue
                if prev == ")" and self.toks[self.open_of(j - 1) - 1].text == "switch":
                    continue      # before the first case label it would never run
                if prev == "{" and j > 0 and self.toks[j - 2].text == "(":
                    continue      # ({ statement expression: its first item may be a declaration
                self.insert(t.end, YIELD, 1)

    def open_of(self, r):
        depth = 0
        for j in range(r, -1, -1):
            if self.toks[j].text == ")":
                depth += 1
            elif self.toks[j].text == "(":
                depth -= 1
                if depth == 0:
                    return j
        return 0

    def is_cast_like(self, r):
        """`(T){...}`: a compound literal, not a block."""
        lp = self.open_of(r)
        before = self.toks[lp - 1].text if lp > 0 else ";"
        return before not in ("if", "for", "while", "switch") and self.toks[lp - 1].kind != "id"

    def run(self):
        self.scan_file_scope()
        if "main" not in self.defs:
            raise Skip("no main")
        self.choose_async()
        for name in sorted(self.async_fns):
            if name != "main":
                self.make_async(self.defs[name]["decl_start"])
        for start in sorted(self.multi):
            self.split_declaration(start)
        made = set()
        for name, start in self.protos:
            if name in self.async_fns and start not in made:
                made.add(start)
                self.make_async(start)
        self.make_async(self.defs["main"]["decl_start"])
        self.rename_main()
        for name in self.defs:
            if name in self.async_fns:
                self.await_calls(*self.span(self.body_range(name)))
                if self.add_yields:
                    self.yields(*self.span(self.body_range(name)))
        self.insert(0, "#include <asyncc.h>\n", 0)
        return self.output()

    def top_commas(self, start):
        """The top-level commas of the declaration at START, and its `;`."""
        commas, depth, j = [], 0, start
        while j < len(self.toks) and not (depth == 0 and self.toks[j].text == ";"):
            t = self.toks[j].text
            if self.code(j):
                depth += t in ("(", "[", "{")
                depth -= t in (")", "]", "}")
                if depth == 0 and t == ",":
                    commas.append(j)
            j += 1
        return commas, j

    def split_declaration(self, start):
        """`int f(int a), g(int a), a;` with f and g async: the translator
        takes several async functions in one declaration, but only
        functions, so what is not an async function moves to a declaration
        of its own after it: `async int f(int a), g(int a); int a;`."""
        funcs = sorted(i for n, s in self.protos if s == start
                       for i in [self.name_index(n, start)] if i is not None)
        if not any(self.toks[i].text in self.async_fns for i in funcs):
            return
        commas, semi = self.top_commas(start)
        first = funcs[0]
        if commas[0] < first or self.toks[first].text not in self.async_fns:
            raise Skip("%s is declared after other declarators" % self.toks[first].text)
        d0 = first   # the first declarator's start: its `*`s and qualifiers
        while self.toks[d0 - 1].text in ("*", "const", "volatile", "restrict"):
            d0 -= 1
        moved = []
        for k, comma in enumerate(commas):
            last = (commas[k + 1] if k + 1 < len(commas) else semi) - 1
            if any(comma < i <= last and self.toks[i].text in self.async_fns for i in funcs):
                continue
            moved.append(self.src[self.toks[comma + 1].start:self.toks[last].end])
            self.drops.append((self.toks[comma].start, self.toks[last].end))
        if moved:
            specs = self.src[self.toks[start].start:self.toks[d0].start]
            self.insert(self.toks[semi].end, "\n%s%s;" % (specs, ", ".join(moved)), 0)

    def name_index(self, name, start):
        """The token index of NAME's declarator in the declaration at START."""
        for j in range(start, len(self.toks)):
            if self.toks[j].text == ";" and self.code(j):
                return None
            if self.toks[j].text == name and self.toks[j + 1].text == "(":
                return j
        return None

    @staticmethod
    def span(r):
        return r.start, r.stop

    def output(self):
        replaced = {off for off, rank, _, text in self.inserts if text is None}
        out, pos = [], 0
        drops = sorted(self.drops)

        def copy_to(offset):
            """src[pos:offset] without the dropped ranges."""
            nonlocal pos
            for a, b in drops:
                if b > pos and a < offset:
                    out.append(self.src[pos:a])
                    pos = b
            if offset > pos:
                out.append(self.src[pos:offset])
                pos = offset

        for offset, _, _, text in sorted((x for x in self.inserts if x[3] is not None),
                                         key=lambda x: x[:3]):
            if offset < pos:
                continue
            copy_to(offset)
            if offset < pos:
                continue   # inside a dropped range
            out.append(text)
            pos = offset
            if offset in replaced and text == ENTRY:
                pos = offset + len("main")
        copy_to(len(self.src))
        return "".join(out)


def main(argv):
    args = argv[1:]
    strict = "--strict" in args
    add_yields = "--yield" in args
    args = [a for a in args if a not in ("--strict", "--yield")]
    if len(args) != 2:
        print("usage: asyncify_real.py [--strict] [--yield] IN.c OUT.ac", file=sys.stderr)
        return 2
    with open(args[0], encoding="latin-1") as f:
        src = f.read()
    try:
        prog = Program(src, strict, add_yields)
        out = prog.run()
    except Skip as e:
        print("skip: %s" % e, file=sys.stderr)
        return 3
    for note in prog.notes:
        print("note: %s" % note, file=sys.stderr)
    with open(args[1], "w", encoding="latin-1") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
