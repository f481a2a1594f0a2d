"""Records what asyncio's event loop really does, iteration by iteration, while it runs a program.

Usage: python3 record_loop_trace.py PROGRAM.py TRACE.json

The program runs unchanged under asyncio.run(); the recorder only swaps in, through the event loop
policy, a subclass of the selector event loop that watches its three structures from outside:

- the ready queue (``loop._ready``) becomes a deque that notes what is appended and popped;
- the timer heap (``loop._scheduled``) is read at each step (heapq works on the list in place);
- the selector's ``select()`` is wrapped to note the timeout it was given and the events it returned.

Each ``_run_once`` becomes one iteration of the trace: the state when ``select()`` is called, what
it returned, what joined the ready queue (I/O callbacks, then due timers), and every handle that
ran: the program lines it executed (``sys.settrace``, program file only), what it printed and the
ready queue, timer heap and watched sockets after it. Nothing is inferred: every value is read
from the running loop. Meant for small teaching programs (npm run guide:loop-trace).
"""

import asyncio
import collections
import functools
import io
import json
import os
import platform
import runpy
import selectors
import sys
import time


class Recorder:
    def __init__(self, program):
        self.program = os.path.abspath(program)
        self.iterations = []
        self.handle_ids = {}
        self.handles = []  # keeps recorded handles alive so that id() stays unique
        self.loop = None
        self.t0 = None
        self.current_run = None
        self.phase = None  # None outside _run_once, then "poll", "run"
        self.output = io.StringIO()
        # Only the program's own run_until_complete is recorded, not asyncio.run()'s clean-up after it.
        self.active = True

    # ---- naming -------------------------------------------------------------------------------

    def handle_id(self, handle):
        key = id(handle)
        if key not in self.handle_ids:
            self.handle_ids[key] = len(self.handle_ids) + 1
            self.handles.append(handle)
        return self.handle_ids[key]

    def describe(self, handle):
        """A handle as the trace shows it: a stable id, what it calls, and the task it concerns."""
        entry = {"id": self.handle_id(handle)}
        callback = handle._callback
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, asyncio.Task):
            name = type(callback).__name__ + " " + getattr(callback, "__name__", "")
            entry["kind"] = "wakeup" if "wakeup" in name else "step"
            entry["name"] = "Task.__wakeup" if entry["kind"] == "wakeup" else "Task.__step"
            entry["task"] = coroutine_name(owner)
        else:
            entry["kind"] = "call"
            entry["name"] = callback_name(callback, handle._args)
            waiter = waiting_task(handle._args)
            if waiter:
                entry["task"] = waiter
        if handle._cancelled:
            entry["cancelled"] = True
        if isinstance(handle, asyncio.TimerHandle):
            entry["at"] = self.ms(handle.when())
        return entry

    def ms(self, when):
        return round((when - self.t0) * 1000, 1)

    # ---- snapshots ----------------------------------------------------------------------------

    def ready(self):
        return [self.describe(handle) for handle in self.loop._ready]

    def timers(self):
        return [self.describe(handle) for handle in sorted(self.loop._scheduled, key=lambda h: h.when())]

    def watched(self):
        entries = []
        for key in self.loop._selector.get_map().values():
            reader, writer = key.data
            entry = {"fd": key.fd}
            if key.fd == self.loop._ssock.fileno():
                entry["selfPipe"] = True
            if reader is not None:
                entry["read"] = self.describe(reader)
            if writer is not None:
                entry["write"] = self.describe(writer)
            entries.append(entry)
        return sorted(entries, key=lambda entry: entry["fd"])

    # ---- events from the loop ----------------------------------------------------------------

    def before_select(self, timeout):
        if not self.active:
            return
        loop = self.loop
        if self.t0 is None:
            self.t0 = loop.time()
        now = loop.time()
        if loop._ready:
            reason = "ready"
        elif loop._stopping:
            reason = "stopping"
        elif loop._scheduled:
            reason = "timer"
        else:
            reason = "io"
        iteration = {
            "index": len(self.iterations) + 1,
            "now": self.ms(now),
            "ready": self.ready(),
            "timers": self.timers(),
            "watched": self.watched(),
            "select": {"timeout": None if timeout is None else round(timeout * 1000, 1), "reason": reason},
        }
        self.iterations.append(iteration)
        self.phase = "poll"
        return iteration

    def after_select(self, events, waited):
        if not self.active:
            return
        iteration = self.iterations[-1]
        iteration["select"]["waited"] = round(waited * 1000, 1)
        iteration["select"]["events"] = [
            {"fd": key.fd, "read": bool(mask & selectors.EVENT_READ), "write": bool(mask & selectors.EVENT_WRITE)}
            for key, mask in events
        ]
        iteration["io"] = []
        iteration["due"] = []

    def appended(self, handle):
        if not self.active:
            return
        iteration = self.iterations[-1] if self.iterations else None
        if self.current_run is not None:
            self.current_run["scheduled"].append(self.describe(handle))
        elif iteration is not None and self.phase == "poll":
            # Before any handle runs: I/O callbacks come from _process_events, then due timers.
            target = "due" if isinstance(handle, asyncio.TimerHandle) else "io"
            iteration[target].append(self.describe(handle))

    def timer_added(self, handle):
        if self.active and self.current_run is not None:
            self.current_run["timersAdded"].append(self.describe(handle))

    def before_pop(self):
        """The queue this iteration runs: what was ready, then the I/O callbacks, then the due timers."""
        # The previous handle is done: its "after" state is the queue before this pop.
        self.finish_run()
        iteration = self.iterations[-1] if self.active and self.iterations else None
        if iteration is not None and "queued" not in iteration:
            iteration["queued"] = self.ready()
            iteration["timersLeft"] = self.timers()

    def start_run(self, handle):
        if not self.active:
            return
        iteration = self.iterations[-1]
        iteration.setdefault("runs", [])
        self.phase = "run"
        self.current_run = {"handle": self.describe(handle), "lines": [], "output": "", "scheduled": [], "timersAdded": []}
        iteration["runs"].append(self.current_run)

    def finish_run(self):
        run = self.current_run
        if run is None:
            return
        self.current_run = None
        # The popped handle has left the deque; what remains plus what was appended is the queue now.
        run["readyAfter"] = self.ready()
        run["timersAfter"] = self.timers()
        run["watchedAfter"] = self.watched()

    def end_iteration(self):
        if not self.active:
            return
        self.finish_run()
        if self.iterations:
            iteration = self.iterations[-1]
            iteration.setdefault("runs", [])
            iteration.setdefault("queued", self.ready())
            iteration.setdefault("timersLeft", self.timers())
        self.phase = None

    def line(self, number):
        if self.current_run is not None and (not self.current_run["lines"] or self.current_run["lines"][-1] != number):
            self.current_run["lines"].append(number)

    def write(self, text):
        self.output.write(text)
        if self.current_run is not None:
            self.current_run["output"] += text


def coroutine_name(task):
    coro = task.get_coro()
    return getattr(coro, "__qualname__", None) or task.get_name()


def callback_name(callback, args):
    if isinstance(callback, functools.partial):
        return callback_name(callback.func, callback.args)
    owner = getattr(callback, "__self__", None)
    name = getattr(callback, "__qualname__", None) or getattr(callback, "__name__", None) or type(callback).__name__
    if owner is not None and not isinstance(owner, type(sys)) and "." not in name:
        name = type(owner).__name__ + "." + name
    shown = [repr(arg) for arg in args if isinstance(arg, (bytes, str, int, float)) and len(repr(arg)) <= 20]
    return name + "(" + ", ".join(shown) + ")"


def waiting_task(args):
    """The task a callback will wake: the one waiting on a future among its arguments."""
    for arg in args:
        if asyncio.isfuture(arg) and not isinstance(arg, asyncio.Task):
            for callback, _context in getattr(arg, "_callbacks", None) or []:
                owner = getattr(callback, "__self__", None)
                if isinstance(owner, asyncio.Task):
                    return coroutine_name(owner)
    return None


RECORDER = None


class RecordingReady(collections.deque):
    def append(self, handle):
        super().append(handle)
        RECORDER.appended(handle)

    def popleft(self):
        RECORDER.before_pop()
        handle = super().popleft()
        RECORDER.start_run(handle)
        return handle


class RecordingSelector(selectors.DefaultSelector):
    def select(self, timeout=None):
        RECORDER.before_select(timeout)
        started = time.perf_counter()
        events = super().select(timeout)
        RECORDER.after_select(events, time.perf_counter() - started)
        return events


class RecordingLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__(selector=RecordingSelector())
        self._ready = RecordingReady()
        RECORDER.loop = self

    def _run_once(self):
        try:
            super()._run_once()
        finally:
            RECORDER.end_iteration()

    def run_until_complete(self, future):
        try:
            return super().run_until_complete(future)
        finally:
            RECORDER.active = False

    def call_at(self, when, callback, *args, **kwargs):
        handle = super().call_at(when, callback, *args, **kwargs)
        RECORDER.timer_added(handle)
        return handle


class RecordingPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = RecordingLoop


class RecordingOutput(io.TextIOBase):
    def write(self, text):
        RECORDER.write(text)
        return len(text)


def main():
    global RECORDER
    program, target = sys.argv[1], sys.argv[2]
    RECORDER = Recorder(program)

    def trace_lines(frame, event, _arg):
        # "return" also fires when a coroutine suspends at an await, and when it ends on a line
        # that already ran (a task resumed only to return its result).
        if event in ("line", "return"):
            RECORDER.line(frame.f_lineno)
        return trace_lines

    def trace_calls(frame, _event, _arg):
        return trace_lines if frame.f_code.co_filename == RECORDER.program else None

    asyncio.set_event_loop_policy(RecordingPolicy())
    stdout = sys.stdout
    sys.stdout = RecordingOutput()
    sys.settrace(trace_calls)
    try:
        runpy.run_path(RECORDER.program, run_name="__main__")
    finally:
        sys.settrace(None)
        sys.stdout = stdout
    trace = {
        "python": platform.python_version(),
        "platform": sys.platform,
        "selector": type(selectors.DefaultSelector()).__name__,
        "output": RECORDER.output.getvalue(),
        "iterations": RECORDER.iterations,
    }
    with open(target, "w", encoding="utf-8") as file:
        json.dump(trace, file, ensure_ascii=False, indent=1)
        file.write("\n")
    print("%s: %d iterations, %d handles run" % (target, len(RECORDER.iterations), sum(len(i["runs"]) for i in RECORDER.iterations)))


if __name__ == "__main__":
    main()
