#!/usr/bin/env python3
"""Key to screen in the real debugger (issue 14 item 10), measured the way a person waits.

Opens ./sfdbg in a detached tmux session (120x40, its own server socket) on a generated
60-state order workflow whose input is about 1 MB (9,000 order lines), and on a 3-state one
with a small input. For each, it types `n` (and then `N`) with tmux send-keys and polls
capture-pane until the status bar shows the step the key leads to, both through one tmux
control-mode client (no process started per call); the time from just before send-keys to
the capture that shows it, less one capture (measured on an idle screen), is the figure:
what tmux has on its screen, the terminal's side included.

Prints one line per workflow and key with the average, the median and the worst, and
`(target < 16 ms)`. Needs tmux. Never asserted: a machine shared by several builds gives
noisy figures; run it on a quiet machine. Usage: scripts/tui-latency.py [ROUNDS]
(LATENCY_SHOW=1 also prints the last screen and every figure).
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SFDBG = os.environ.get("SFDBG", os.path.join(ROOT, "sfdbg"))
SOCK = "sfdbg-latency-%d" % os.getpid()


def tm(*args):
    return subprocess.run(["tmux", "-L", SOCK] + list(args), capture_output=True, text=True).stdout


class Control:
    """One tmux control-mode client (tmux -C): commands go over one connection, no process
    started per call, so a capture costs a fraction of a millisecond, not a client's start."""

    def __init__(self):
        self.p = subprocess.Popen(["tmux", "-L", SOCK, "-C", "attach", "-t", "t"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.call("refresh-client -f no-output")

    def call(self, command):
        self.p.stdin.write(command.encode() + b"\n")
        self.p.stdin.flush()
        out, inside = [], False
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise SystemExit("tmux control client ended")
            line = line.decode("utf-8", "replace").rstrip("\n")
            if line.startswith("%begin"):
                inside = True
            elif inside and (line.startswith("%end") or line.startswith("%error")):
                return out
            elif inside:
                out.append(line)

    def close(self):
        self.p.stdin.close()
        self.p.wait()


CTL = None


def status_line():
    if CTL:
        lines = CTL.call("capture-pane -p -t t")
    else:
        lines = tm("capture-pane", "-p", "-t", "t").rstrip("\n").split("\n")
    return lines[-1] if lines else ""


def definition(states):
    """States S0..S(n-1): Pass states that each add a small result under $.stepN, a Choice
    every 10th over the order's total (its Default goes on), a Succeed at the end."""
    out = {}
    for i in range(states - 1):
        if i % 10 == 9:
            out["S%d" % i] = {"Type": "Choice", "Choices": [
                {"Variable": "$.total", "NumericGreaterThan": 1e12, "Next": "S%d" % (states - 1)}],
                "Default": "S%d" % (i + 1)}
        else:
            out["S%d" % i] = {"Type": "Pass", "Result": {"done": True, "step": i, "score": i + 0.25},
                              "ResultPath": "$.step%d" % i, "Next": "S%d" % (i + 1)}
    out["S%d" % (states - 1)] = {"Type": "Succeed"}
    return {"StartAt": "S0", "States": out}


def order(lines):
    """An order of `lines` lines of about 115 bytes each: 9,000 make about 1 MB."""
    items, total = [], 0.0
    for i in range(lines):
        price = (i % 997) + 0.99
        items.append({"sku": "SKU-%06d" % i, "qty": 1 + i % 7, "priceCents": (i % 997) * 100 + 99,
                      "price": price, "description": "Widget %d, blue, boxed, 10 per pack" % i})
        total += price * (1 + i % 7)
    return {"orderId": "ORD-2026-000001", "total": round(total, 2), "lines": items}


def wait_step(step, limit=20.0):
    """Polls until the status bar says `step N`; the time it was seen, or None."""
    want = re.compile(r"· step %d\b" % step)
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if want.search(status_line()):
            return time.monotonic()
    return None


def client_cost():
    """ms of one capture on an idle screen (the median of 30)."""
    ts = []
    for _ in range(30):
        t0 = time.monotonic()
        status_line()
        ts.append((time.monotonic() - t0) * 1000)
    return statistics.median(ts)


def measure(key, step, cost):
    t0 = time.monotonic()
    CTL.call("send-keys -t t " + key)
    seen = wait_step(step)
    if seen is None:
        raise SystemExit("no `step %d` on the status bar after %s: %s" % (step, key, status_line()))
    return (seen - t0) * 1000 - cost  # the capture that saw it


def summary(ts):
    return "%.1f ms average, %.1f median, %.1f worst of %d" % (
        statistics.mean(ts), statistics.median(ts), max(ts), len(ts))


def run(name, states, lines, rounds, tmp, forward=4, backward=2):
    """rounds of `forward` n then `backward` N."""
    slug = re.sub(r"[^a-z0-9]+", "-", name)
    wf = os.path.join(tmp, "%s.asl.json" % slug)
    inp = os.path.join(tmp, "%s.input.json" % slug)
    with open(wf, "w") as f:
        json.dump(definition(states), f)
    with open(inp, "w") as f:
        json.dump(order(lines), f, separators=(",", ":"))
    size = os.path.getsize(inp)
    env = "LANG=C.UTF-8 LC_ALL= TERM=xterm-256color XDG_CONFIG_HOME=%s" % tmp
    cmd = "env %s %s %s --input file://%s --max-payload 4194304 --seed 1; sleep 600" % (
        env, SFDBG, wf, inp)
    global CTL, SOCK
    SOCK = "sfdbg-latency-%d-%s" % (os.getpid(), slug)  # a server of its own per run
    tm("new-session", "-d", "-x", "120", "-y", "40", "-s", "t", cmd)
    tm("set-option", "-t", "t", "status", "off")
    tm("set-option", "-t", "t", "window-size", "manual")  # the control client keeps 120x40
    try:
        CTL = Control()
        if wait_step(0) is None:
            raise SystemExit("the debugger did not open: %s" % status_line())
        tm("send-keys", "-t", "t", "2", "]")  # the Stages tab, whatever the default
        time.sleep(0.3)
        cost = client_cost()
        fwd, back, step = [], [], 0
        for _ in range(rounds):
            if step + forward >= states:
                break
            for _ in range(forward):
                step += 1
                fwd.append(measure("n", step, cost))
            for _ in range(backward):
                step -= 1
                back.append(measure("N", step, cost))
        if os.environ.get("LATENCY_SHOW"):  # the screen the figures were taken on
            print(tm("capture-pane", "-p", "-t", "t"))
            print("n:", " ".join("%.1f" % t for t in fwd))
            print("N:", " ".join("%.1f" % t for t in back))
        print("key to screen in tmux, %s (%d states, %d bytes of input, Stages tab): "
              "n %s; N %s (one capture: %.2f ms, subtracted) (target < 16 ms)"
              % (name, states, size, summary(fwd), summary(back), cost))
    finally:
        if CTL:
            CTL.close()
            CTL = None
        tm("kill-server")


def main():
    if not shutil.which("tmux"):
        print("tui-latency: SKIP tmux is not installed")
        return 0
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        run("1 MB order", 60, 9000, rounds, tmp)
        run("small", 3, 5, rounds, tmp, 1, 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
