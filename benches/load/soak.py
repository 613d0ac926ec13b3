#!/usr/bin/env python3
"""Soak test for `moviebot run` (issue #22): a steady, mixed load for a long time while the
process's memory, file descriptors and threads are watched.

It either starts the bot itself (give the binary: a throw-away SQLite database in a temp dir,
MovieLens ml-latest-small imported with `moviebot import movielens`, the sidecar on a free
loopback port with the per-client and chat limits raised out of the way) or attaches to a
running one (--url and --pid; raise its [limits] api_per_second and api_burst first, or its
429s count as errors). Then, at --rate requests per second (default 50), it sends a mix of chat
turns (the phrases of benches/chat_turn.rs and benches/load/chat.lua plus generated ones, so
the parse and picks caches see new keys all the time), ratings (POST /api/rate and "I'd give …
stars" in chat: random stars for one of --rating-keys fixed (user, film) pairs, so the data
stops growing) and recommendations (GET /api/recommendations/{user}) for --minutes (default
30). Requests are scheduled on a fixed clock (open loop): a stalled server shows up as latency,
measured from each request's scheduled start, not as a lower rate. Every minute one line:
requests, errors by kind (HTTP status or connection error), p50 and p99 latency, RSS (VmRSS),
open file descriptors and threads of the process. At the end a summary and exit status 1 if any
request failed, the process died, or RSS grew by more than --max-rss-growth-mb between the end
of the warm-up (--warmup-minutes, 5) and the last minute.

Python 3 standard library only. Examples:
  benches/load/soak.py --binary target/release/moviebot
  benches/load/soak.py --binary target/release/moviebot --minutes 2 --rate 100
  benches/load/soak.py --url http://127.0.0.1:8080 --pid 12345 --token "$ADMIN_TOKEN"
"""

import argparse
import http.client
import json
import os
import queue
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter

# The message families of benches/chat_turn.rs and benches/load/chat.lua.
FIXED_MESSAGES = [
    "90s action movies with Keanu Reeves",
    "something like Inception but newer",
    "what should I watch?",
    "90s action movies",
    "something like Inception but scarier",
    "comedies from the 80s",
    "movies with Tom Hanks",
    "what's trending?",
    "recommend me something",
    "sci-fi from the 2010s",
    "feel-good movies",
]
GENRES = ["action", "comedy", "drama", "horror", "thriller", "romance", "sci-fi", "animated",
          "crime", "fantasy", "mystery", "war", "western", "documentary", "family"]
SEARCH_GENRES = ["Drama", "Comedy", "Action", "Thriller", "Crime", "Adventure", "Romance",
                 "Horror", "Science Fiction", "Animation"]


def parse_args():
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    who = p.add_argument_group("what to load (one of)")
    who.add_argument("--binary", help="moviebot binary to start (release build recommended)")
    who.add_argument("--url", help="base URL of a running moviebot, e.g. http://127.0.0.1:8080")
    who.add_argument("--pid", type=int, help="pid of that running moviebot (for RSS, fds)")
    p.add_argument("--token", default=os.environ.get("MOVIEBOT_SIDECAR__ADMIN_TOKEN"),
                   help="admin token for writes when attaching (default: "
                        "$MOVIEBOT_SIDECAR__ADMIN_TOKEN)")
    p.add_argument("--data", help="folder holding ml-latest-small (default: "
                                  "$MOVIEBOT_TEST_DATA, else ../shared/data)")
    p.add_argument("--users", type=int, default=610,
                   help="users 1..N exist (the MovieLens import creates 610)")
    p.add_argument("--rating-keys", type=int, default=500,
                   help="ratings rewrite this many (user, film) pairs, so the data stops "
                        "growing once each was written and RSS growth means the process, not "
                        "the data; 0: a random pair each time (default 500)")
    p.add_argument("--rate", type=float, default=50.0, help="requests per second (default 50)")
    p.add_argument("--minutes", type=float, default=30.0, help="duration (default 30)")
    p.add_argument("--mix", default="chat=50,rate=25,recommend=25",
                   help="request mix in percent (default chat=50,rate=25,recommend=25)")
    p.add_argument("--workers", type=int, default=32,
                   help="concurrent connections (default 32)")
    p.add_argument("--timeout", type=float, default=10.0,
                   help="seconds before a request counts as a timeout error (default 10)")
    p.add_argument("--warmup-minutes", type=int, default=5,
                   help="minutes before RSS growth is measured: the per-user caches and the "
                        "model rebuilds settle in the first few (default 5)")
    p.add_argument("--max-rss-growth-mb", type=float, default=32.0,
                   help="RSS growth allowed after warm-up, in MB (default 32)")
    p.add_argument("--seed", type=int, help="random seed (default: random, printed)")
    a = p.parse_args()
    if bool(a.binary) == bool(a.url):
        p.error("give either --binary (start moviebot) or --url with --pid (attach)")
    if a.url and not a.pid:
        p.error("--url needs --pid (the process whose RSS and fds are watched)")
    if a.rate <= 0 or a.minutes <= 0 or a.workers < 1:
        p.error("--rate and --minutes must be positive, --workers at least 1")
    try:
        mix = {k: float(v) for k, v in (kv.split("=") for kv in a.mix.split(","))}
    except ValueError:
        p.error(f"--mix: expected name=percent,..., got {a.mix!r}")
    unknown = set(mix) - {"chat", "rate", "recommend"}
    if unknown or sum(mix.values()) <= 0 or any(v < 0 for v in mix.values()):
        p.error(f"--mix: names are chat, rate, recommend with non-negative percents, "
                f"got {a.mix!r}")
    a.mix = mix
    return a


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Started:
    """A `moviebot run` this script started on a throw-away database."""

    def __init__(self, binary, data_dir):
        binary = os.path.abspath(binary)
        if not os.access(binary, os.X_OK):
            sys.exit(f"{binary} is not an executable (build it: cargo build --release)")
        self.work = tempfile.mkdtemp(prefix="moviebot-soak.")
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("MOVIEBOT_") and k not in (
                        "DATABASE_URL", "TMDB_API_KEY", "DISCORD_TOKEN", "TELEGRAM_BOT_TOKEN")}
        self.env.update({
            "MOVIEBOT_DATABASE__URL": f"sqlite://{self.work}/soak.db",
            "MOVIEBOT_SIDECAR__BIND": f"127.0.0.1:{port}",
            "MOVIEBOT_LIMITS__API_PER_SECOND": "1000000",
            "MOVIEBOT_LIMITS__API_BURST": "1000000",
            "MOVIEBOT_LIMITS__CHAT_PER_MINUTE": "100000000",
            "MOVIEBOT_LIMITS__CHAT_BURST": "1000000",
            "RUST_LOG": os.environ.get("RUST_LOG", "warn"),
        })
        print(f"importing {data_dir} into {self.work}/soak.db ...", flush=True)
        t = time.monotonic()
        subprocess.run([binary, "import", "movielens", data_dir], env=self.env, cwd=self.work,
                       check=True, stdout=subprocess.DEVNULL)
        print(f"imported in {time.monotonic() - t:.0f} s", flush=True)
        self.log_path = os.path.join(self.work, "run.log")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([binary, "run"], env=self.env, cwd=self.work,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.proc.pid
        deadline = time.monotonic() + 120
        while not healthy(self.url):
            if self.proc.poll() is not None:
                sys.exit(f"moviebot run exited with {self.proc.returncode}; log:\n"
                         + open(self.log_path).read()[-3000:])
            if time.monotonic() > deadline:
                self.stop()
                sys.exit("moviebot run did not answer /healthz within 120 s")
            time.sleep(0.2)

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """SIGTERM; returns the exit code (None if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        self.log.close()
        return self.proc.returncode

    def cleanup(self):
        shutil.rmtree(self.work, ignore_errors=True)


def healthy(url):
    try:
        status, _ = request(connect(url, 2), "GET", "/healthz")
        return status == 200
    except OSError:
        return False


def connect(url, timeout):
    u = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)


def request(conn, method, path, body=None, token=None):
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    return r.status, r.read()


def proc_stats(pid):
    """(RSS in MB, open fds, threads) of pid, or None when it is gone."""
    try:
        rss_kb = threads = 0
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("State:") and line.split()[1] in ("Z", "X"):
                    return None  # exited, not yet reaped
                if line.startswith("VmRSS:"):
                    rss_kb = int(line.split()[1])
                elif line.startswith("Threads:"):
                    threads = int(line.split()[1])
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        return rss_kb / 1024.0, fds, threads
    except (FileNotFoundError, ProcessLookupError):
        return None


def films_of(url, timeout):
    """Public ids of a few hundred films, from /api/search by genre."""
    titles = {}
    conn = connect(url, timeout)
    for g in SEARCH_GENRES:
        status, body = request(conn, "GET", f"/api/search?genre={urllib.parse.quote(g)}&limit=50")
        if status != 200:
            continue
        for m in json.loads(body)["movies"]:
            titles[m["id"]] = m["title"]
    if not titles:
        sys.exit(f"{url}/api/search found no films: is this a moviebot with a catalog?")
    return sorted(titles), titles


class Load:
    """The request generator: what to send next."""

    def __init__(self, args, films, titles, seed):
        self.rng = random.Random(seed)
        self.users = args.users
        self.films = films
        self.titles = sorted(set(titles.values()))
        self.title_of = titles
        self.rating_keys = [(self.rng.randint(1, self.users), self.rng.choice(films))
                            for _ in range(max(0, args.rating_keys))]
        self.kinds = list(args.mix)
        self.weights = [args.mix[k] for k in self.kinds]

    def next(self):
        r = self.rng
        kind = r.choices(self.kinds, self.weights)[0]
        user = r.randint(1, self.users)
        if kind == "recommend":
            return kind, "GET", f"/api/recommendations/{user}?limit={r.choice([5, 10, 20])}", None
        if kind == "rate":
            user, film = (r.choice(self.rating_keys) if self.rating_keys
                          else (user, r.choice(self.films)))
            body = {"user_id": user, "movie_id": film, "rating": r.randint(1, 10) / 2}
            return kind, "POST", "/api/rate", body
        roll = r.random()
        if roll < 0.5:
            message = r.choice(FIXED_MESSAGES)
        elif roll < 0.7:
            message = f"{r.choice(GENRES)} movies from the {r.choice(range(1930, 2030, 10))}s"
        elif roll < 0.85:
            message = f"something like {r.choice(self.titles)}"
        elif roll < 0.95:
            message = f"tell me about {r.choice(self.titles)}"
        else:
            # A chat rating rewrites one of the same pairs as POST /api/rate.
            if self.rating_keys:
                user, film = r.choice(self.rating_keys)
                title = self.title_of[film]
            else:
                title = r.choice(self.titles)
            message = f"I'd give {title} {r.randint(1, 5)} stars"
        return kind, "POST", "/api/chat", {"user_id": user, "message": message}


class Minute:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.errors = Counter()
        self.by_kind = Counter()

    def add(self, kind, latency, error):
        with self.lock:
            self.latencies.append(latency)
            self.by_kind[kind] += 1
            if error:
                self.errors[error] += 1


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    i = min(len(sorted_values) - 1, int(round(p / 100.0 * (len(sorted_values) - 1))))
    return sorted_values[i]


def worker(url, token, timeout, jobs, current):
    conn = None
    while True:
        job = jobs.get()
        if job is None:
            return
        scheduled, (kind, method, path, body) = job
        error = None
        try:
            if conn is None:
                conn = connect(url, timeout)
            status, _ = request(conn, method, path, body, token)
            if not 200 <= status < 300:
                error = f"http {status}"
        except socket.timeout:
            error, conn = "timeout", None
        except ConnectionRefusedError:
            error, conn = "refused", None
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            error, conn = "reset", None
        except (OSError, http.client.HTTPException) as e:
            error, conn = type(e).__name__, None
        # Latency from the scheduled start: time spent queued behind a slow server counts.
        current[0].add(kind, time.monotonic() - scheduled, error)


def main():
    args = parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2 ** 32)
    print(f"seed {seed}", flush=True)
    started = None
    if args.binary:
        data = args.data or os.environ.get("MOVIEBOT_TEST_DATA") or os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data")
        ml = os.path.join(data, "ml-latest-small")
        if not os.path.exists(os.path.join(ml, "ratings.csv")):
            sys.exit(f"no ml-latest-small under {data} (set --data or MOVIEBOT_TEST_DATA)")
        started = Started(args.binary, ml)
        url, pid, token = started.url, started.pid, None
    else:
        url, pid, token = args.url.rstrip("/"), args.pid, args.token
        if proc_stats(pid) is None:
            sys.exit(f"no process {pid}")
        if not healthy(url):
            sys.exit(f"{url}/healthz does not answer 200")

    films, titles = films_of(url, args.timeout)
    load = Load(args, films, titles, seed)
    total_minutes = args.minutes
    print(f"soak: {url} pid {pid}, {args.rate:g} req/s for {total_minutes:g} min "
          f"({', '.join(f'{k} {v:g}%' for k, v in args.mix.items())}), {args.workers} "
          f"connections, {len(films)} films, users 1..{args.users}, ratings on "
          f"{args.rating_keys or 'random'} (user, film) pairs", flush=True)
    print(f"{'min':>4} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'RSS MB':>7} {'fds':>5} {'threads':>7}  errors by kind", flush=True)

    jobs = queue.Queue()
    current = [Minute()]
    threads = [threading.Thread(target=worker, args=(url, token, args.timeout, jobs, current),
                                daemon=True) for _ in range(args.workers)]
    for t in threads:
        t.start()

    rows = []
    total_errors = Counter()
    died = False
    interval = 1.0 / args.rate
    start = time.monotonic()
    end = start + total_minutes * 60
    next_minute = start + 60
    n = 0
    while True:
        now = time.monotonic()
        if now >= next_minute:
            # Close the minute: swap the collector, report the finished one.
            done, current[0] = current[0], Minute()
            stats = proc_stats(pid)
            rows.append(report(len(rows) + 1, done, stats, jobs.qsize()))
            total_errors.update(done.errors)
            if stats is None or (started and not started.alive()):
                died = True
                print("the process is gone", flush=True)
                break
            next_minute += 60
            continue
        due = start + n * interval
        if due >= end:
            break
        if due > now:
            time.sleep(min(due, next_minute) - now)
            if time.monotonic() < due:
                continue
        jobs.put((due, load.next()))
        n += 1
    if not died:
        # The last (partial) minute, once its requests are answered.
        for _ in threads:
            jobs.put(None)
        for t in threads:
            t.join(timeout=args.timeout + 5)
        if current[0].latencies:
            done = current[0]
            stats = proc_stats(pid)
            rows.append(report(len(rows) + 1, done, stats, 0))
            total_errors.update(done.errors)
            died = stats is None

    exit_code = None
    if started:
        exit_code = started.stop()
    ok = summary(args, rows, total_errors, died, started, exit_code)
    if started:
        if ok:
            started.cleanup()
        else:
            print(f"kept {started.work} (database and run.log) for a look", flush=True)
    sys.exit(0 if ok else 1)


def report(minute, m, stats, backlog):
    lat = sorted(m.latencies)
    p50, p99 = percentile(lat, 50) * 1000, percentile(lat, 99) * 1000
    rss, fds, nthreads = stats if stats else (float("nan"), -1, -1)
    errs = sum(m.errors.values())
    kinds = " ".join(f"{k}:{v}" for k, v in sorted(m.errors.items()))
    note = f" (backlog {backlog})" if backlog > 1000 else ""
    print(f"{minute:>4} {len(lat):>8} {errs:>6} {p50:>7.1f} {p99:>7.1f} {rss:>7.1f} {fds:>5} "
          f"{nthreads:>7}  {kinds}{note}", flush=True)
    return {"minute": minute, "requests": len(lat), "errors": errs, "p50": p50, "p99": p99,
            "rss": rss, "fds": fds, "threads": nthreads}


def summary(args, rows, total_errors, died, started, exit_code):
    ok = True
    requests = sum(r["requests"] for r in rows)
    errors = sum(total_errors.values())
    print("\nsummary", flush=True)
    print(f"  requests {requests}, errors {errors}"
          + (f" ({', '.join(f'{k} {v}' for k, v in sorted(total_errors.items()))})"
             if errors else ""))
    if errors:
        ok = False
    full = [r for r in rows if r["rss"] == r["rss"]]  # minutes with a reading (not NaN)
    if full:
        first, last = full[0], full[-1]
        print(f"  RSS first minute {first['rss']:.1f} MB, last {last['rss']:.1f} MB "
              f"(growth {last['rss'] - first['rss']:+.1f} MB), max "
              f"{max(r['rss'] for r in full):.1f} MB")
        warm = [r for r in full if r["minute"] >= args.warmup_minutes]
        if len(warm) >= 2:
            growth = warm[-1]["rss"] - warm[0]["rss"]
            verdict = "ok" if growth <= args.max_rss_growth_mb else "TOO MUCH"
            print(f"  RSS after warm-up (minute {warm[0]['minute']} to {warm[-1]['minute']}): "
                  f"{growth:+.1f} MB, bound {args.max_rss_growth_mb:g} MB: {verdict}")
            if growth > args.max_rss_growth_mb:
                ok = False
        else:
            print(f"  RSS after warm-up: not measured (fewer than {args.warmup_minutes + 1} "
                  "minutes)")
        print(f"  fds max {max(r['fds'] for r in full)}, threads max "
              f"{max(r['threads'] for r in full)}")
        print(f"  p99 worst minute {max(r['p99'] for r in full):.1f} ms, p50 median minute "
              f"{sorted(r['p50'] for r in full)[len(full) // 2]:.1f} ms")
    if died:
        print("  the process died during the soak")
        ok = False
    if started and died:
        print(f"  it exited by itself with code {exit_code}; see its run.log")
    elif started:
        print(f"  SIGTERM at the end: exit code {exit_code}")
        if exit_code != 0:
            ok = False
    print("  verdict: " + ("ok" if ok else "FAILED"), flush=True)
    return ok


if __name__ == "__main__":
    main()
