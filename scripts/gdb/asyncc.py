# asyncc.py - gdb commands that show asyncc's tasks from the program's memory:
#
#   asyncc tasks   one line per live task: name, function, creation site, state
#   asyncc bt      the async backtrace of every task (as ac_dump_tasks prints
#                  it, without the times left): frames innermost first, then
#                  the tasks awaiting it up to one nobody awaits
#
# Load it with `source <prefix>/share/asyncc/gdb/asyncc.py` (docs/debugging.md),
# then `gdb -p PID -batch -ex 'source asyncc.py' -ex 'asyncc bt'`, or on a
# core file. Nothing runs in the target: no inferior calls, memory reads
# only, so a core file works as a live process does. It needs the runtime's
# debug information (libasyncc built with -g, as the Debug build is).
#
# What it reads (runtime/internal.h, asyncc.h; keep these stable or change
# this file with them):
#   ac__L                 the loop (ac__loop_t): roots, orphans (ac__link_t
#                         lists of tasks, through ac_task_t.owned), sites.a
#                         (creation sites: file, line), current
#   ac_task_t             children (ac__link_t list), wait (ac__wait_e: 0
#                         ready, 1 running, 2 `await t` on u.wait.on, 3 done,
#                         4+ a wait kind: task.c's kinds[wait]->name), flags
#                         (1: started, 1<<15: named), site, top (the frame
#                         to resume), waiters (a tagged list)
#   the root frame        at the task's address + AC__FRAME_OFF (the header's
#                         size rounded up to max_align_t)
#   ac_frame_t            info (ac__fninfo_t: name, file, line, lines[state]),
#                         state; a frame other than the root has an
#                         ac__fhead_t right before it (parent, flags: 1 a
#                         generator)
#   side.c's side         a table of per-task records (t, name, ...): name
#                         NULL unless the task was named
#   gather.c              a task parked "in a gather" has its ac__gather_t in
#                         u.wait.on; a member's waiter list ends with
#                         &g->direct tagged 3, or holds a node (tag 1) whose
#                         g is the gather
#   group.c's watch_info  a task group's watcher task (its root frame holds
#                         g, whose owner_ is the group's body)
import gdb

RUNNING_STATES = {0: "ready", 1: "running", 2: "awaiting a task", 3: "finished"}
F_STARTED = 1
F_NAMED = 1 << 15
FRAME_GEN = 1


def _ptr(v):
    return int(v.cast(gdb.lookup_type("unsigned long")))


def _str(v):
    try:
        return v.string()
    except gdb.error:
        return "?"


class Runtime:
    """The runtime's structures, read once per command."""

    def __init__(self):
        self.L = gdb.parse_and_eval("ac__L")
        self.task_t = gdb.lookup_type("ac_task_t")
        self.frame_t = gdb.lookup_type("ac_frame_t")
        self.fhead_t = gdb.lookup_type("ac__fhead_t")
        self.char_p = gdb.lookup_type("char").pointer()
        align = 16  # _Alignof(max_align_t) on the platforms asyncc supports
        self.frame_off = (self.task_t.sizeof + align - 1) // align * align
        self.owned_off = self._offset(self.task_t, "owned")
        self.names = self._names()
        self.kinds = gdb.parse_and_eval("'task.c'::kinds")
        try:
            self.watch_info = _ptr(gdb.parse_and_eval("&'group.c'::watch_info"))
        except gdb.error:
            self.watch_info = None

    @staticmethod
    def _offset(t, field):
        for f in t.fields():
            if f.name == field:
                return f.bitpos // 8
        raise gdb.GdbError("asyncc: no field %s" % field)

    def _names(self):
        out = {}
        try:
            names = gdb.parse_and_eval("'side.c'::side")
        except gdb.error:
            return out
        a = names["a"]
        for i in range(int(names["cap"])):
            slot = a[i]
            if _ptr(slot["t"]) != 0 and _ptr(slot["name"]) != 0:
                out[_ptr(slot["t"])] = _str(slot["name"])
        return out

    def task_at(self, addr):
        return gdb.Value(addr).cast(self.task_t.pointer()).dereference()

    def _list(self, head):
        link = head
        while _ptr(link) != 0:
            yield _ptr(link) - self.owned_off
            link = link["next"]

    def tasks(self):
        """Every live task, owners before their children."""
        out, stack = [], []
        stack.extend(reversed(list(self._list(self.L["roots"]))))
        stack.extend(reversed(list(self._list(self.L["orphans"]))))
        while stack:
            t = stack.pop()
            out.append(t)
            stack.extend(reversed(list(self._list(self.task_at(t)["children"]))))
        return out

    def root(self, t):
        return gdb.Value(t + self.frame_off).cast(self.frame_t.pointer())

    def name(self, t):
        return self.names.get(t, "(unnamed)")

    def function(self, t):
        return _str(self.root(t)["info"]["name"])

    def site(self, t):
        s = int(self.task_at(t)["site"])
        if s == 0:
            return None
        e = self.L["sites"]["a"][s]
        return "%s:%d" % (_str(e["file"]), int(e["line"]))

    def state(self, t):
        w = int(self.task_at(t)["wait"])
        if w == 0 and not (int(self.task_at(t)["flags"]) & F_STARTED):
            return "not started"
        if w in RUNNING_STATES:
            return RUNNING_STATES[w]
        return _str(self.kinds[w]["name"]) + self._runtime_frames(t)

    def _runtime_frames(self, t):
        """", in event_wait < ac_group_join": the runtime's frames on top."""
        names, root = [], _ptr(self.root(t))
        f = self.task_at(t)["top"]
        while _ptr(f["info"]["lines"]) == 0:
            names.append(_str(f["info"]["name"]))
            if _ptr(f) == root:
                break
            f = self._fhead(f)["parent"]
        return ", in " + " < ".join(names) if names else ""

    def is_watcher(self, t):
        return self.watch_info is not None and _ptr(self.root(t)["info"]) == self.watch_info

    def frames(self, t):
        """(function, file, line, generator) innermost first, the .ac ones."""
        task = self.task_at(t)
        if not (int(task["flags"]) & F_STARTED) or int(task["wait"]) == 3:
            return []
        out = []
        root = _ptr(self.root(t))
        f = task["top"]
        while _ptr(f) != 0:
            info = f["info"]
            is_root = _ptr(f) == root
            lines = info["lines"]
            if _ptr(lines) != 0:  # a runtime frame has none: left out
                line = int(lines[int(f["state"])])
                gen = False
                if not is_root:
                    head = self._fhead(f)
                    gen = bool(int(head["flags"]) & FRAME_GEN)
                out.append((_str(info["name"]), _str(info["file"]), line, gen))
            if is_root:
                break
            f = self._fhead(f)["parent"]
        return out

    def _fhead(self, f):
        addr = _ptr(f) - self.fhead_t.sizeof
        return gdb.Value(addr).cast(self.fhead_t.pointer()).dereference()

    def awaiters(self, live):
        """{task: (awaiting task, how)} from `await t` and gathers and groups."""
        out = {}
        gathers = {}
        for t in live:
            task = self.task_at(t)
            w = int(task["wait"])
            if w == 2:
                on = _ptr(task["u"]["wait"]["on"])
                if self.is_watcher(t):
                    body = self._watcher_body(t)
                    out.setdefault(on, (body, "task group"))
                else:
                    out.setdefault(on, (t, "await"))
            elif w >= 4 and _str(self.kinds[w]["name"]) == "in a gather":
                gathers[_ptr(task["u"]["wait"]["on"])] = t
        if gathers:
            for t in live:
                g = self._gather_of_member(t, gathers)
                if g is not None:
                    out.setdefault(t, (gathers[g], "gather"))
        return out

    def _watcher_body(self, t):
        # group.c's watch_frame_t: the frame header, then g
        g_addr = t + self.frame_off + self.frame_t.sizeof
        g = gdb.Value(g_addr).cast(self.char_p.pointer()).dereference()
        grp = g.cast(gdb.lookup_type("ac_group_t").pointer())
        return _ptr(grp["owner_"])

    def _gather_of_member(self, t, gathers):
        p = _ptr(self.task_at(t)["waiters"])
        ulp = gdb.lookup_type("unsigned long").pointer()
        while p != 0:
            tag, node = p & 3, p & ~3
            if tag == 3 and node in gathers:  # &g->direct is g itself
                return node
            if tag == 1:  # a gather node: link, fire, then g
                g = _ptr(gdb.Value(node + 16).cast(ulp).dereference())
                if g in gathers:
                    return g
            if tag == 3:
                return None
            # the next link: first in a node, and in a task's u.wait.link
            off = 0 if tag != 0 else self._offset(self.task_t, "u")
            p = _ptr(gdb.Value(node + off).cast(ulp).dereference())
        return None


class AsynccPrefix(gdb.Command):
    """asyncc's tasks: `asyncc tasks`, `asyncc bt`."""

    def __init__(self):
        super().__init__("asyncc", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)


def _head(rt, t):
    site = rt.site(t)
    return '"%s" %s%s' % (rt.name(t), rt.function(t), " created at " + site if site else "")


class AsynccTasks(gdb.Command):
    """One line per live asyncc task: name, function, creation site, state."""

    def __init__(self):
        super().__init__("asyncc tasks", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        rt = Runtime()
        live = [t for t in rt.tasks() if not rt.is_watcher(t)]
        print("asyncc: %d live task(s), %d unfinished" % (int(rt.L["nlive"]), int(rt.L["nunfinished"])))
        for t in live:
            print("  task %s: %s" % (_head(rt, t), rt.state(t)))


class AsynccBt(gdb.Command):
    """The async backtrace of every live asyncc task."""

    def __init__(self):
        super().__init__("asyncc bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        rt = Runtime()
        live = [t for t in rt.tasks() if not rt.is_watcher(t)]
        by = rt.awaiters(rt.tasks())
        print("asyncc: %d live task(s), %d unfinished:" % (int(rt.L["nlive"]), int(rt.L["nunfinished"])))
        for t in live:
            print("  task %s: %s" % (_head(rt, t), rt.state(t)))
            for fn, file, line, gen in rt.frames(t):
                print("    %s %s at %s:%d" % ("in generator" if gen else "in", fn, file, line))
            seen, up = 0, t
            while up in by and seen < len(live):
                up, how = by[up]
                fr = rt.frames(up)
                at = " at %s:%d" % (fr[0][1], fr[0][2]) if fr else ""
                print('    awaited by (%s) "%s" %s%s' % (how, rt.name(up), rt.function(up), at))
                seen += 1


AsynccPrefix()
AsynccTasks()
AsynccBt()
