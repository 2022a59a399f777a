#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 for fault tests: forwards every connection to TARGET, except that
the response to the first request whose request line contains MATCH is cut CUT_AFTER bytes in
(the connection is closed mid-body), on whichever keep-alive connection it comes. Everything else
passes whole. Prints its port to PORT_FILE and one line per cut to stdout."""
import argparse
import socket
import threading

parser = argparse.ArgumentParser()
parser.add_argument("--target", required=True, help="host:port of the registry")
parser.add_argument("--match", default="/blob")
parser.add_argument("--cut-after", type=int, required=True)
parser.add_argument("--port-file", required=True)
args = parser.parse_args()
host, port = args.target.rsplit(":", 1)
lock = threading.Lock()
state = {"armed": True}


def close(*sockets):
    for s in sockets:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def handle(client):
    upstream = socket.create_connection((host, int(port)))
    cut = {"at": None, "sent": 0}  # bytes to the client; cut once "sent" reaches "at"

    def requests():  # client -> registry, watching request lines
        try:
            while data := client.recv(65536):
                for line in data.split(b"\r\n"):
                    if line.startswith((b"GET ", b"POST ")) and args.match.encode() in line:
                        with lock:
                            if state["armed"]:
                                state["armed"] = False
                                cut["at"] = cut["sent"] + args.cut_after
                upstream.sendall(data)
        except OSError:
            pass
        close(client, upstream)

    threading.Thread(target=requests, daemon=True).start()
    try:
        while data := upstream.recv(65536):
            at = cut["at"]
            if at is not None and cut["sent"] + len(data) >= at:
                client.sendall(data[: at - cut["sent"]])
                print(f"cut after {args.cut_after} bytes", flush=True)
                break
            client.sendall(data)
            cut["sent"] += len(data)
    except OSError:
        pass
    close(client, upstream)


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
with open(args.port_file, "w") as f:
    f.write(str(listener.getsockname()[1]))
while True:
    connection, _ = listener.accept()
    threading.Thread(target=handle, args=(connection,), daemon=True).start()
