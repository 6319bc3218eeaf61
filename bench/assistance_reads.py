#!/usr/bin/env python3
# Reads of a case's proceedings and services under load: loads the fictional demo district into a
# throwaway SQLite database, signs the demo coordinator in, and runs wrk against
# GET /api/v1/cases/{id}/proceedings and /services of the demo case that carries proceedings.
# Every such read is audited, so each request is also a write (group commit). Prints requests/s
# and p99 latency. Knobs (environment): BENCH_THREADS (2), BENCH_CONNECTIONS (16),
# BENCH_DURATION (5s). Every process it starts is stopped and its folder removed on exit.
# Usage: bench/assistance_reads.py [path/to/shouhu]   (default build/shouhu; needs wrk)
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request

BINARY = sys.argv[1] if len(sys.argv) > 1 else "build/shouhu"
THREADS = os.environ.get("BENCH_THREADS", "2")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
DURATION = os.environ.get("BENCH_DURATION", "5s")
NEW_PASSWORD = "Harbin-river-walk-2026-q"  # the demo coordinator's, in this throwaway database


def main():
    folder = tempfile.mkdtemp(prefix="shouhu-assist-bench-")
    database = "sqlite:" + folder + "/shouhu.db"
    env = dict(os.environ, SHOUHU_KEY_FILE=folder + "/shouhu.keys")

    def cli(*args):
        r = subprocess.run([BINARY, "--database", database, *args],
                           capture_output=True, text=True, env=env)
        if r.returncode != 0:
            sys.exit(r.stdout + r.stderr)
        return r.stdout

    server = None
    try:
        cli("keys", "init", "--file", env["SHOUHU_KEY_FILE"])
        cli("migrate")
        listing = cli("demo", "load")
        passwords = {m.group(1): m.group(3)
                     for m in re.finditer(r"^\s+(\S+)\s+(\S+)\s+(\S+)$", listing, re.M)}
        server = subprocess.Popen([BINARY, "--database", database, "serve", "--listen",
                                   "127.0.0.1:0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True, env=env)
        port = re.search(r"127\.0\.0\.1:(\d+)", server.stdout.readline()).group(1)
        base = "http://127.0.0.1:" + port

        cookies = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))

        def call(method, path, body=None, csrf=None):
            headers = {"content-type": "application/json"}
            if csrf:
                headers["x-csrf-token"] = csrf
            data = json.dumps(body).encode() if body is not None else None
            with opener.open(urllib.request.Request(base + path, data=data, method=method,
                                                    headers=headers)) as reply:
                return json.loads(reply.read() or b"null")

        first = call("POST", "/api/v1/auth/login",
                     {"username": "coordinator", "password": passwords["coordinator"]})
        call("POST", "/api/v1/auth/password",
             {"current_password": passwords["coordinator"], "new_password": NEW_PASSWORD},
             first["csrf_token"])
        cookies.clear()
        call("POST", "/api/v1/auth/login", {"username": "coordinator", "password": NEW_PASSWORD})
        cases = call("GET", "/api/v1/cases?limit=200")["items"]
        case_id = min(cases, key=lambda c: c["reported_at"])["id"]
        cookie = "; ".join(f"{c.name}={c.value}" for c in cookies)
        for resource in ("proceedings", "services"):
            out = subprocess.run(["wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + DURATION,
                                  "--latency", "-H", "Cookie: " + cookie,
                                  f"{base}/api/v1/cases/{case_id}/{resource}"],
                                 capture_output=True, text=True).stdout
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            p99 = re.search(r"99%\s+(\S+)", out).group(1)
            errors = re.search(r"Non-2xx or 3xx responses: \d+", out)
            print(f"GET /api/v1/cases/{{id}}/{resource}: {rps} req/s, p99 {p99}"
                  + (f" ({errors.group(0)})" if errors else ""))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
