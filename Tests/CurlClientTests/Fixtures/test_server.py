#!/usr/bin/env python3
"""HTTP server for the CurlClient tests. Standard library only.

Listens on 127.0.0.1 on a free port, prints that port on one line of stdout, then serves until killed.
With --lifetime SECONDS (default 300) it exits by itself, so a crashed test run leaves nothing behind.

Endpoints:
  HEAD of any path           200 with Content-Length: 123 and no body
  /echo                      any other method: JSON {method, path, headers (lowercased names), body, body_length}
  /status/CODE               that status with a JSON error body {"error": ..., "code": CODE}
  /slow?seconds=S            waits S seconds, then answers 200
  /trickle?bytes=N&delay=D   sends N body bytes, one every D seconds
  /blob/SIZE                 SIZE deterministic bytes; honours Range: bytes=N- (206) and answers 416 past the end
  /cut/SIZE/AT               like /blob, but a request without Range gets Content-Length SIZE and only AT bytes
                             before the connection is cut
  /ignore-range/SIZE         like /blob, but always answers 200 with the whole content
  /corrupt/SIZE              like /blob, with one byte changed
  /redirect                  302 to /echo
  /stats                     JSON {connections: TCP connections accepted so far, ranges: Range headers seen}

Blob byte i is (i * 31 + i // 256) % 256; the tests compute the same bytes independently.
"""

import argparse
import json
import re
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
STATS = {"connections": 0, "ranges": []}


def blob(size):
    return bytes((i * 31 + i // 256) % 256 for i in range(size))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def setup(self):
        super().setup()
        with LOCK:
            STATS["connections"] += 1

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.route()

    def do_HEAD(self):
        # The head of a 123-byte body, without the body, as HEAD requires.
        self.send_response(200)
        self.send_header("Content-Length", "123")
        self.end_headers()

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_PATCH(self):
        self.route()

    def do_DELETE(self):
        self.route()

    def route(self):
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        parts = [part for part in url.path.split("/") if part]
        body = self.rfile.read(int(self.headers.get("Content-Length", "0") or "0"))
        name, arguments = (parts[0], parts[1:]) if parts else ("", [])
        if name == "echo":
            self.echo(url.path, body)
        elif name == "status" and len(arguments) == 1:
            code = int(arguments[0])
            self.send_json(code, {"error": f"status {code} as asked", "code": code})
        elif name == "slow":
            time.sleep(float(query.get("seconds", "5")))
            self.send_json(200, {"slept": float(query.get("seconds", "5"))})
        elif name == "trickle":
            self.trickle(int(query.get("bytes", "10")), float(query.get("delay", "1")))
        elif name == "blob" and len(arguments) == 1:
            self.send_blob(blob(int(arguments[0])), honour_range=True)
        elif name == "cut" and len(arguments) == 2:
            self.send_blob(blob(int(arguments[0])), honour_range=True, cut_at=int(arguments[1]))
        elif name == "ignore-range" and len(arguments) == 1:
            self.send_blob(blob(int(arguments[0])), honour_range=False)
        elif name == "corrupt" and len(arguments) == 1:
            content = bytearray(blob(int(arguments[0])))
            content[len(content) // 2] ^= 0xFF
            self.send_blob(bytes(content), honour_range=True)
        elif name == "redirect":
            self.send_response(302)
            self.send_header("Location", "/echo")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif name == "stats":
            with LOCK:
                snapshot = dict(STATS, ranges=list(STATS["ranges"]))
            self.send_json(200, snapshot)
        else:
            self.send_json(404, {"error": f"no endpoint {url.path}", "code": 404})

    def echo(self, path, body):
        self.send_json(200, {
            "method": self.command,
            "path": path,
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "body": body.decode("utf-8", errors="replace"),
            "body_length": len(body),
        })

    def send_json(self, code, payload):
        data = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def trickle(self, count, delay):
        self.send_response(200)
        self.send_header("Content-Length", str(count))
        self.end_headers()
        try:
            for _ in range(count):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(delay)
        except OSError:
            self.close_connection = True

    def send_blob(self, content, honour_range, cut_at=None):
        requested = self.headers.get("Range")
        with LOCK:
            STATS["ranges"].append(requested)
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", requested or "") if honour_range else None
        if match:
            start = int(match.group(1))
            end = int(match.group(2)) if match.group(2) else len(content) - 1
            if start >= len(content):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(content)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            end = min(end, len(content) - 1)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(content)}")
            self.send_header("Content-Length", str(end - start + 1))
            self.end_headers()
            self.wfile.write(content[start:end + 1])
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if cut_at is None:
            self.wfile.write(content)
            return
        self.wfile.write(content[:cut_at])
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True


def main():
    # A process started from a Swift concurrency thread inherits that thread's mask, which blocks SIGTERM.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("--lifetime", type=float, default=300)
    arguments = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Timer(arguments.lifetime, server.shutdown).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
