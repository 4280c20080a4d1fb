#!/usr/bin/env python3
"""Samverka at national scale, on one database at one or more sizes.

Run through bench/run.sh (which installs wrk and nginx, builds the release
binary and starts a throwaway PostgreSQL); by hand:

    bench/bench.py --db sqlite --companies 100000 --companies 1000000
    scripts/with-postgres.sh bench/bench.py --db postgres --companies 100000

For each size it seeds a fresh database (`samverka seed-bench`), starts the
release server on it, times start-up to ready, and drives it with wrk from a
second process on 127.0.0.1 (2 threads, 32 connections, 10 s per scenario):

  S1  first page of 50 companies of one municipality, sorted by name
  S2  one company by id, a random one of all N each time
  S3  one municipality's whole directory through the export (CSV) and
      through the change feed (an integration client bound to it), rows/s
  S4  company search, 50 hits: 24 terms across the frequency range (common
      words, rare ones, name parts, Swedish letters, orgNumber digits, terms
      with no hits), a random one per request (bench/search.lua)
  S5  page 10,000 of the list (or the deepest page N allows) against page 1
  S6  concurrent enrolments in four offers (writes/s), then the check that no
      offer holds more confirmed seats than it has
  S7  an officer's first page of 50 companies of its shared set (its own
      municipality and every one it shares a running collaboration with)
  S8  a collaboration's participation report (the one with the biggest
      members), five times in a row: median and slowest

It serves S1's and S2's exact response bytes as static files from nginx with
the same load (the ceiling of HTTP on this machine) and prints each
scenario's ratio to it, and the server's peak memory (VmHWM).

A peer: on SQLite, Datasette (BENCH_DATASETTE, installed by bench/run.sh)
serves a copy of the same database file and gets S1, S2 and S4 under the
same load; the figures go to BENCH_PEER_FILE, so that the PostgreSQL run of
the same sizes prints its ratios to them as well.

On PostgreSQL, S1 and S6 run once more against two instances on the same
database behind nginx (round robin), with the check that no offer was
overbooked.

One Markdown table on stdout; progress on stderr.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# BENCH_BINARY: another build to measure (e.g. an older commit's, for before/after).
BIN = Path(os.environ["BENCH_BINARY"]) if os.environ.get("BENCH_BINARY") else ROOT / "target" / "release" / "samverka"
PORT = int(os.environ.get("BENCH_PORT", "18080"))
NGINX_PORT = PORT + 10
BASE = f"http://127.0.0.1:{PORT}"
ADMIN = ("bench@example.com", "bench password 123")
MUNICIPALITY = os.environ.get("BENCH_MUNICIPALITY", "0686")  # Eksjö: S1
DIRECTORY = os.environ.get("BENCH_DIRECTORY", "0180")  # Stockholm, the biggest: S3


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def request(method, path, token=None, body=None, form=None, headers=None, base=None):
    data = None
    h = dict(headers or {})
    if token:
        h["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        h["Content-Type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request((base or BASE) + path, data=data, method=method, headers=h)
    with urllib.request.urlopen(req, timeout=300) as resp:
        return resp.read()


def get_json(path, token=None):
    return json.loads(request("GET", path, token))


class Server:
    """The release server on `url`, with its start-up time and peak memory."""

    def __init__(self, url, work, port=PORT):
        base = f"http://127.0.0.1:{port}"
        env = dict(os.environ)
        env.update(
            DATABASE_URL=url,
            SAMVERKA_BIND=f"127.0.0.1:{port}",
            SAMVERKA_LOG_FORMAT="json",
            RUST_LOG="warn",
            SAMVERKA_RATE_LIMIT_PER_MINUTE="0",
            SAMVERKA_JWT_SECRET="bench-secret-bench-secret-bench-secret-0000",
            SAMVERKA_ADMIN_EMAIL=ADMIN[0],
            SAMVERKA_ADMIN_PASSWORD=ADMIN[1],
        )
        self.log = open(work / "server.log", "ab")
        started = time.monotonic()
        self.proc = subprocess.Popen([str(BIN), "serve"], env=env, stdout=self.log, stderr=self.log)
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"bench: the server exited ({self.proc.returncode}); see {work}/server.log")
            try:
                request("GET", "/health/ready", base=base)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.01)
        self.startup = time.monotonic() - started

    def peak_mib(self):
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def wrk(url, args, script="auth.lua", env=None, connections=32):
    """requests/s, p50 ms, p99 ms, errors of one wrk run."""
    e = dict(os.environ)
    e.update(env or {})
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{args.duration}", "--latency", "-s", str(ROOT / "bench" / script), url]
    out = subprocess.run(cmd, env=e, capture_output=True, text=True).stdout

    def ms(v):
        m = re.match(r"([\d.]+)(us|ms|s)", v)
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    if not rps:
        log(out)
    return (float(rps.group(1)) if rps else 0.0, ms(p50.group(1)) if p50 else 0, ms(p99.group(1)) if p99 else 0, errors)


def nginx_conf(work, name, http):
    """An nginx configuration in `work` (pid and error log named `name`) with `http` inside `http { … }`."""
    return f"""worker_processes auto;
daemon off;
pid {work}/{name}.pid;
error_log {work}/{name}-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {work}/nginx-body;
  proxy_temp_path {work}/nginx-proxy;
  fastcgi_temp_path {work}/nginx-fastcgi;
  uwsgi_temp_path {work}/nginx-uwsgi;
  scgi_temp_path {work}/nginx-scgi;
{http}}}
"""


class Nginx:
    """nginx serving files from a directory: the ceiling of HTTP here."""

    def __init__(self, work):
        self.root = work / "static"
        self.root.mkdir(mode=0o755, exist_ok=True)
        conf = work / "nginx.conf"
        conf.write_text(nginx_conf(work, "nginx", f"""  default_type application/json;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{NGINX_PORT};
    root {self.root};
  }}
"""))
        self.proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(work)], stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{NGINX_PORT}/", timeout=1)
            except urllib.error.HTTPError:
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)

    def serve(self, name, body):
        (self.root / name).write_bytes(body)
        (self.root / name).chmod(0o644)
        return f"http://127.0.0.1:{NGINX_PORT}/{name}"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Datasette:
    """Datasette serving a copy of the bench's SQLite file (read-only)."""

    PORT = PORT + 20

    def __init__(self, db_file, work):
        self.copy = work / "peer.db"
        shutil.copyfile(db_file, self.copy)
        self.log = open(work / "datasette.log", "ab")
        self.proc = subprocess.Popen(
            [os.environ["BENCH_DATASETTE"], "serve", str(self.copy), "--immutable", str(self.copy),
             "--host", "127.0.0.1", "--port", str(self.PORT)],
            stdout=self.log, stderr=self.log)
        self.base = f"http://127.0.0.1:{self.PORT}"
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/-/versions.json", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        self.version = json.loads(urllib.request.urlopen(self.base + "/-/versions.json").read())["datasette"]["version"]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()
        self.copy.unlink()


# The peer's requests: what a developer would ask Datasette for the same
# answers (objects, no count, no facets, live rows, sorted by name).
PEER_TABLE = "/peer/companies.json?_shape=objects&_nocount=1&_nofacet=1&_size=50&deleted_at__isnull=1"
PEER_S1 = PEER_TABLE + f"&municipality={MUNICIPALITY}&_sort=name_folded"
PEER_S2 = "/peer/companies.json?_shape=objects&_nocount=1&_nofacet=1&change_seq=%d"
PEER_S4 = PEER_TABLE + "&_sort=name_folded&name_folded__contains=%s"
PEER_S4_DIGITS = PEER_TABLE + "&_sort=name_folded&org_number__contains=%s"
OURS_S4 = "/api/v1/companies?limit=50&q=%s"


def peer_scenarios(db_file, n, args, work):
    """S1, S2 and S4 against Datasette on a copy of the file: {name: (req/s, p50, p99, errors)}."""
    peer = Datasette(db_file, work)
    try:
        log(f"  Datasette {peer.version} on a copy of the file")
        results = {
            "version": peer.version,
            "S1": wrk(peer.base + PEER_S1, args),
            "S2": wrk(peer.base + "/", args, "get_by_id.lua", {"COMPANIES": str(n), "PATH_TEMPLATE": PEER_S2}),
            "S4": wrk(peer.base + "/", args, "search.lua", {"PATH_TEMPLATE": PEER_S4, "DIGITS_PATH_TEMPLATE": PEER_S4_DIGITS}),
        }
    finally:
        peer.stop()
    return results


def peer_file(n):
    return Path(os.environ.get("BENCH_PEER_FILE", f"/tmp/samverka-bench-peer-{n}.json").replace("{n}", str(n)))


class Balancer:
    """nginx in front of several instances (round robin, keep-alive upstreams)."""

    def __init__(self, work, ports):
        self.port = NGINX_PORT + 1
        upstreams = "".join(f"    server 127.0.0.1:{p};\n" for p in ports)
        conf = work / "balancer.conf"
        conf.write_text(nginx_conf(work, "balancer", f"""  upstream samverka {{
{upstreams}    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://samverka;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }}
  }}
"""))
        self.proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(work)], stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/health/ready", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def enrolments(row, rows, args, env, token, base, label):
    """S6 against `base`: four new offers of 100 seats, concurrent
    enrolments, then the check that none holds more confirmed seats than it has."""
    offers = []
    for k in range(4):
        offer = json.loads(
            request(
                "POST",
                "/api/v1/training-offers",
                token,
                body={
                    "title": f"Bench course {k}",
                    "areas": ["leadership"],
                    "provider": "Bench Academy",
                    "format": "online",
                    "sessions": [{"startsAt": "2027-03-01T08:00:00Z", "endsAt": "2027-03-01T16:00:00Z"}],
                    "seats": 100,
                    "priceSek": 0,
                    "language": "sv",
                    "status": "published",
                },
            )
        )
        offers.append(offer["id"])
    row(label, wrk(base + "/", args, "enrol.lua", dict(env, OFFERS=",".join(offers))))
    overbooked = 0
    for offer in offers:
        seats = get_json(f"/api/v1/training-offers/{offer}", token)
        confirmed, cursor = 0, None
        while True:
            page = get_json(f"/api/v1/training-offers/{offer}/enrolments?limit=500" + (f"&cursor={cursor}" if cursor else ""), token)
            confirmed += sum(len(e["participants"]) for e in page["items"] if e["status"] == "confirmed")
            cursor = page["nextCursor"]
            if not cursor:
                break
        if confirmed > seats["seats"] or seats["seatsLeft"] < 0 or confirmed != seats["seats"] - seats["seatsLeft"]:
            overbooked += 1
            log(f"  OVERBOOKED {offer}: {confirmed} confirmed, {seats['seats']} seats, {seats['seatsLeft']} left")
    rows[-1] = rows[-1][:-1] + (f"overbooked offers: {overbooked} of 4",)


def seed(url, n):
    env = dict(os.environ, DATABASE_URL=url, RUST_LOG="warn", SAMVERKA_LOG_FORMAT="json")
    started = time.monotonic()
    out = subprocess.run([str(BIN), "seed-bench", "--companies", str(n)], env=env, check=True, capture_output=True, text=True)
    log("  " + out.stdout.strip())
    return time.monotonic() - started


def database_url(db, n, work):
    if db == "sqlite":
        return f"sqlite://{work}/bench-{n}.db?mode=rwc"
    base = os.environ["DATABASE_URL"]  # from scripts/with-postgres.sh
    name = f"bench_{n}"
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-q", base, "-c", sql], check=True, capture_output=True)
    return base.rsplit("/", 1)[0] + "/" + name


def cursor_after(token, rows):
    """The cursor after the first `rows` companies in name order (pages of 500)."""
    cursor, seen = None, 0
    while seen < rows:
        limit = min(500, rows - seen)
        page = get_json(f"/api/v1/companies?limit={limit}" + (f"&cursor={cursor}" if cursor else ""), token)
        seen += len(page["items"])
        cursor = page["nextCursor"]
        if not cursor:
            break
    return cursor


def timed_rows(fn):
    started = time.monotonic()
    rows = fn()
    return rows, rows / (time.monotonic() - started)


def officer_scenarios(row, rows, db, n, args, env, token):
    """S7: an officer of MUNICIPALITY, the first page of the companies of its
    shared set (its own and those of every running collaboration it is in);
    S8: the participation report of the collaboration with the most
    companies, as an admin."""
    email, password = f"officer-{MUNICIPALITY}@bench.example.com", "bench officer password 123"
    try:
        request("POST", "/api/v1/users", token, body={"email": email, "displayName": "Bench officer", "role": "officer",
                                                      "municipality": MUNICIPALITY, "password": password})
    except urllib.error.HTTPError as e:
        if e.code != 409:
            raise
    officer = json.loads(request("POST", "/api/v1/auth/token", form={"grant_type": "password", "username": email, "password": password}))["access_token"]
    running = get_json(f"/api/v1/collaborations?municipality={MUNICIPALITY}&running=true&limit=500", officer)["items"]
    shared = sorted({MUNICIPALITY} | {m for c in running for m in c["municipalities"]})
    s7 = f"/api/v1/companies?municipality={','.join(shared)}&sort=name&limit=50"
    row(f"S7 officer of {MUNICIPALITY}: first 50 of its shared set by name", wrk(BASE + s7, args, env=dict(env, TOKEN=officer)),
        f"{len(shared)} municipalities, {len(running)} running collaborations")
    s1 = next(r for r in rows if r[2].startswith("S1 "))
    s7_row = rows[-1]
    ratio = float(s7_row[3].replace(",", "")) / float(s1[3].replace(",", ""))
    rows[-1] = s7_row[:-1] + (s7_row[-1] + f"; {ratio:.0%} of S1's req/s",)

    collaborations = []
    cursor = None
    while True:
        page = get_json("/api/v1/collaborations?limit=500" + (f"&cursor={cursor}" if cursor else ""), token)
        collaborations += page["items"]
        cursor = page["nextCursor"]
        if not cursor:
            break
    # The biggest by companies: the one whose members hold the most (Stockholm's, Göteborg's first).
    weight = {"0180": 6, "1480": 3, "1280": 2}
    biggest = max(collaborations, key=lambda c: (sum(weight.get(m, 0) for m in c["municipalities"]), len(c["municipalities"])))
    path = f"/api/v1/collaborations/{biggest['id']}/reports/participation"
    times = []
    for _ in range(5):
        started = time.monotonic()
        report = get_json(path, token)
        times.append((time.monotonic() - started) * 1000)
    times.sort()
    totals = report["totals"]
    note = (f"{len(biggest['municipalities'])} municipalities, {report['from']}..{report['to']}: "
            f"{totals['companiesReached']:,} companies reached, {totals['analyses']:,} analyses, "
            f"{totals['participants']['total']:,} participants; 5 runs, max {times[-1]:.0f} ms")
    rows.append((db, f"{n:,}", "S8 collaboration report (JSON)", f"{1000 / times[2]:,.1f}", f"{times[2]:.0f}", f"{times[-1]:.0f}", "0", "", note))
    log(f"  S8: median {times[2]:.0f} ms, max {times[-1]:.0f} ms; {note}")


def run(db, n, args, work, table):
    log(f"== {db}, N = {n:,}: seeding")
    url = database_url(db, n, work)
    seeded = seed(url, n)
    peers = {}
    rows = []
    if db == "sqlite" and os.environ.get("BENCH_DATASETTE"):
        peers = peer_scenarios(work / f"bench-{n}.db", n, args, work)
        peer_file(n).write_text(json.dumps(peers))
        for key, name in (("S1", f"S1 first 50 of {MUNICIPALITY} by name"), ("S2", "S2 one company by its key (random of N)"),
                          ("S4", "S4 search, the same 24 terms")):
            rps, p50, p99, errors = peers[key]
            rows.append(("datasette", f"{n:,}", f"Datasette {peers['version']}: {name}", f"{rps:,.0f}", f"{p50:.2f}", f"{p99:.2f}", str(errors), "", "on a copy of the SQLite file"))
    elif peer_file(n).exists():
        peers = json.loads(peer_file(n).read_text())
    server = Server(url, work)
    server.stop()  # the first start ran against a just-seeded database; time a plain restart
    server = Server(url, work)
    log(f"  ready in {server.startup * 1000:.0f} ms")
    token = json.loads(request("POST", "/api/v1/auth/token", form={"grant_type": "password", "username": ADMIN[0], "password": ADMIN[1]}))["access_token"]
    env = {"TOKEN": token, "COMPANIES": str(n)}

    def row(name, result, note="", ceiling=None, peer=None):
        rps, p50, p99, errors = result
        ratio = f"{rps / ceiling:.0%}" if ceiling else ""
        if peer and peers.get(peer) and peers[peer][0]:
            note = "; ".join(x for x in (f"{rps / peers[peer][0]:.1f}× Datasette", note) if x)
        rows.append((db, f"{n:,}", name, f"{rps:,.0f}", f"{p50:.2f}", f"{p99:.2f}", str(errors), ratio, note))
        log(f"  {name}: {rps:,.0f} req/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms, {errors} errors {ratio} {note}")

    nginx = Nginx(work)
    try:
        s1 = f"/api/v1/companies?municipality={MUNICIPALITY}&sort=name&limit=50"
        s1_body = request("GET", s1, token)
        s2_body = request("GET", "/api/v1/companies/01950000-0000-7000-8000-000000000001", token)
        # The same requests (with the bearer token) against static files.
        ceiling1 = wrk(nginx.serve("s1.json", s1_body), args, env=env)
        ceiling2 = wrk(nginx.serve("s2.json", s2_body), args, env=env)
        if ceiling1[3] or ceiling2[3]:
            raise SystemExit(f"bench: nginx answered with errors; see {work}/nginx-error.log")
        row("nginx: S1's bytes as a static file", ceiling1, f"{len(s1_body):,} bytes")
        row("nginx: S2's bytes as a static file", ceiling2, f"{len(s2_body):,} bytes")
    finally:
        nginx.stop()
    row(f"S1 first 50 of {MUNICIPALITY} by name", wrk(BASE + s1, args, env=env), ceiling=ceiling1[0], peer="S1")
    row("S2 one company by id (random of N)", wrk(BASE + "/api/v1/companies/x", args, "get_by_id.lua", env), ceiling=ceiling2[0], peer="S2")
    scenarios = os.environ.get("BENCH_SCENARIOS", "all")
    if scenarios != "s1s2":
        officer_scenarios(row, rows, db, n, args, env, token)
    if scenarios in ("s1s2", "officer"):  # the hot reads (and the officer's) only
        server.stop()
        table.extend(rows)
        for f in work.glob(f"bench-{n}.db*"):
            f.unlink()
        return

    # S3: the biggest municipality's directory, through the export and the feed.
    export_rows, export_rate = timed_rows(
        lambda: request("GET", f"/api/v1/companies/export?municipality={DIRECTORY}", token, headers={"Accept": "text/csv"}).count(b"\n") - 1
    )
    rows.append((db, f"{n:,}", f"S3 export of {DIRECTORY} (CSV)", f"{export_rate:,.0f} rows/s", "", "", "0", "", f"{export_rows:,} rows"))
    log(f"  export: {export_rows:,} rows at {export_rate:,.0f} rows/s")
    client = json.loads(request("POST", "/api/v1/api-clients", token, body={"name": f"bench {DIRECTORY}", "municipalities": [DIRECTORY]}))
    client_token = json.loads(
        request("POST", "/api/v1/auth/token", form={"grant_type": "client_credentials", "client_id": client["clientId"], "client_secret": client["clientSecret"]})
    )["access_token"]

    upserts = 0

    def feed():
        nonlocal upserts
        total, since = 0, ""
        while True:
            page = get_json(f"/api/v1/companies/changes?limit=500&since={since}", client_token)
            total += len(page["items"])
            upserts += sum(1 for c in page["items"] if c["change"] == "upsert")
            since = page["since"]
            if page["nextCursor"] is None:
                return total

    feed_rows, feed_rate = timed_rows(feed)
    rows.append(
        (db, f"{n:,}", f"S3 change feed of {DIRECTORY} (pages of 500)", f"{feed_rate:,.0f} rows/s", "", "", "0", "", f"{feed_rows:,} rows ({upserts:,} upserts)")
    )
    log(f"  feed: {feed_rows:,} rows ({upserts:,} upserts) at {feed_rate:,.0f} rows/s")

    row("S4 search, 24 terms, a random one each time", wrk(BASE + "/", args, "search.lua", dict(env, PATH_TEMPLATE=OURS_S4)), peer="S4")

    depth = min(10_000, int(n * 0.9) // 50)
    cursor = cursor_after(token, (depth - 1) * 50)
    # Alternated, best of two each: the machine's noise is larger than the difference.
    firsts, deeps = [], []
    for _ in range(2):
        firsts.append(wrk(BASE + "/api/v1/companies?sort=name&limit=50", args, env=env))
        deeps.append(wrk(BASE + f"/api/v1/companies?sort=name&limit=50&cursor={cursor}", args, env=env))
    first, deep = max(firsts), max(deeps)
    row("S5 page 1 of 50, by name", first)
    row(f"S5 page {depth:,} of 50, by name", deep, f"ratio page 1 / page {depth:,}: {first[0] / deep[0]:.2f}")

    enrolments(row, rows, args, env, token, BASE, "S6 enrolments, 4 offers of 100 seats")
    if db == "postgres":
        # Two instances on the one database, behind nginx: S1 and S6 again.
        second = Server(url, work, PORT + 1)
        balancer = Balancer(work, [PORT, PORT + 1])
        try:
            row("S1 through nginx to two instances", wrk(balancer.base + s1, args, env=env), ceiling=ceiling1[0])
            enrolments(row, rows, args, env, token, balancer.base, "S6 through nginx to two instances")
        finally:
            balancer.stop()
            second.stop()

    peak = server.peak_mib()
    server.stop()
    rows.append((db, f"{n:,}", "server peak memory (VmHWM)", f"{peak:.0f} MiB", "", "", "", "", ""))
    rows.append((db, f"{n:,}", "start-up to ready (existing database)", f"{server.startup * 1000:.0f} ms", "", "", "", "", f"seeded in {seeded:.0f} s"))
    table.extend(rows)
    if db == "sqlite":
        for f in work.glob(f"bench-{n}.db*"):
            f.unlink()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--companies", type=int, action="append", help="N (repeat for several sizes)")
    parser.add_argument("--duration", default=os.environ.get("BENCH_DURATION", "10s"))
    parser.add_argument("--header", action="store_true", help="print the table's header")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"bench: {tool} is missing (bench/run.sh installs it)")
    work = Path(tempfile.mkdtemp(prefix="samverka-bench-"))
    work.chmod(0o755)  # nginx's workers (not root) read the static files
    table = []
    try:
        for n in args.companies or [100_000]:
            run(args.db, n, args, work, table)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.header:
        print("| db | N | scenario | req/s (or rate) | p50 ms | p99 ms | errors | of nginx | note |")
        print("|---|---:|---|---:|---:|---:|---:|---:|---|")
    for r in table:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
