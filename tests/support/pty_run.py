#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal, answers prompts, and reports what a user would have seen.

usage: pty_run.py PROMPT ANSWER -- COMMAND ARGS...
Each time PROMPT appears on the terminal, ANSWER and a newline are typed. Prints everything the terminal
showed, then exits with the command's exit status. Gives up after 30 seconds.
"""
import os
import pty
import select
import sys
import time


def main() -> int:
    sep = sys.argv.index("--")
    prompt, answer = sys.argv[1].encode(), sys.argv[2].encode()
    cmd = sys.argv[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    seen, answered, deadline = b"", 0, time.time() + 30
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if seen.count(prompt) > answered:
                answered += 1
                os.write(fd, answer + b"\n")
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(seen.decode(errors="replace"))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
