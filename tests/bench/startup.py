#!/usr/bin/env python3
"""startup.py - how long career-risk takes to be of use, for tests/bench/bench_batch.sh.

    python3 tests/bench/startup.py BINARY [RUNS]

Prints two lines, each "NAME MEDIAN_SECONDS MIN MAX" over RUNS runs (default 7):
  show   wall time of `career-risk occupation show 43-9021` to its exit (output to a pipe);
  prompt wall time from starting `career-risk assess` under a pseudo-terminal, with a fresh
         home (no profile, nothing to resume), to the first question's prompt ("> " after
         "Question 1 of") being written; the process is then killed.
Both include loading the knowledge base, which is most of it. The environment (XDG_DATA_HOME,
CAREER_RISK_DATA) is the caller's, except that each prompt run gets a new empty XDG_DATA_HOME
and XDG_STATE_HOME under a temporary folder.

Both cases start the program the same way, through subprocess (posix_spawn or vfork): the
prompt case with the pseudo-terminal's other end as its standard input, output and error, in a
session of its own. It used pty.fork(), which forks this Python interpreter before the exec;
on a virtual machine the copy-on-write faults of that fork cost 15-20 ms of every prompt run
(the first byte of /bin/echo: 24 ms median by pty.fork, 4-12 ms by subprocess, at a load of
4), which the show case never paid. The program sees a terminal either way (isatty, termios);
the one difference, that it is not the session's controlling terminal, changes nothing it does.
"""
import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def time_show(binary):
    t = time.monotonic()
    subprocess.run([binary, "occupation", "show", "43-9021"], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, check=True)
    return time.monotonic() - t


def time_prompt(binary, home):
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(home, "data"),
               XDG_STATE_HOME=os.path.join(home, "state"), TERM="xterm", COLUMNS="80", LINES="24")
    fd, slave = pty.openpty()
    t = time.monotonic()
    child = subprocess.Popen([binary, "assess"], env=env, stdin=slave, stdout=slave, stderr=slave,
                             start_new_session=True)
    os.close(slave)
    seen = b""
    took = None
    try:
        while time.monotonic() - t < 60:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            at = seen.find(b"Question 1 of")
            if at >= 0 and b"> " in seen[at:]:
                took = time.monotonic() - t
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        os.close(fd)
    if took is None:
        sys.exit("startup: `career-risk assess` showed no first question; it wrote: %r" % seen[-500:])
    return took


def report(name, times):
    print("%s %.3f %.3f %.3f" % (name, statistics.median(times), min(times), max(times)))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    report("show", [time_show(binary) for _ in range(runs)])
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="cr-startup.") as home:
            times.append(time_prompt(binary, home))
    report("prompt", times)


if __name__ == "__main__":
    main()
