#!/usr/bin/env python3
"""Black-holed TCP ports for the scan benchmark: listens on each port with a full accept queue, so that
the kernel drops every further SYN and a client's connect() hangs until its own timeout, as with a host
that is down or a firewall that drops packets.

usage: blackhole.py FIRST_PORT COUNT   (runs until killed)
"""
import socket
import sys
import time


def main() -> None:
    first, count = int(sys.argv[1]), int(sys.argv[2])
    keep = []
    for port in range(first, first + count):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(0)
        keep.append(listener)
        for _ in range(2):  # fill the queue: one queued connection, one pending
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            keep.append(filler)
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
