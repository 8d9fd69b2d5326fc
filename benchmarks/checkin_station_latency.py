"""Scan to result on the check-in station, measured in Chromium, alone and beside 7 other stations.

    .venv/bin/python benchmarks/checkin_station_latency.py [--scans 200] [--workers 4]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_checkin]

Seeds the same scratch database as checkin_wrk.py (dropped and made again), starts eventapp
under gunicorn (production settings, sync workers) on localhost:5300, signs the staff member
in through the login page in headless Debian Chromium and opens the station. Then it types
badge codes into the scan box as a handheld scanner does (the code, then Enter), waiting for
each answer. In the page, the time is taken when the Enter key goes down and when the answer
appears in the list of recent scans; the difference is scan to result as staff see it:
browser, network, server, database and drawing. First with the station alone, then while wrk
plays 7 more stations scanning every 250 ms each. Prints p50/p90/p99/max per phase.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from checkin_wrk import APP_PORT, DAY, LUA, PASSWORD, SLUG, STAFF_EMAIL, run_wrk, seed, wait_for  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

# Enter pressed in the scan box -> the answer's line added to the recent list.
TIMER = """() => {
  if (window.__scanTimes) return;
  window.__scanTimes = [];
  window.__requestTimes = [];
  let pressed = null;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name.endsWith("/checkins")) window.__requestTimes.push(entry.duration);
    }
  }).observe({ type: "resource" });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target.id === "scan-code") { pressed = performance.now(); }
  }, true);
  new MutationObserver((records) => {
    if (pressed === null) return;
    if (records.some((r) => r.addedNodes.length)) {
      window.__scanTimes.push(performance.now() - pressed);
      pressed = null;
    }
  }).observe(document.getElementById("recent"), { childList: true });
}"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def scan_all(page, codes: list[str]) -> list[float]:
    page.evaluate(TIMER)
    page.evaluate("window.__scanTimes.length = 0; window.__requestTimes.length = 0")
    for n, code in enumerate(codes, start=1):
        page.locator("#scan-code").fill(code)
        page.locator("#scan-code").press("Enter")
        page.wait_for_function("n => window.__scanTimes.length >= n", arg=n, polling="raf", timeout=10_000)
    page.wait_for_timeout(200)  # the last request's timing entry
    return page.evaluate("[window.__scanTimes.slice(), window.__requestTimes.slice()]")


def report(name: str, timings: tuple[list[float], list[float]]) -> None:
    for label, times in ((name, timings[0]), ("  of which the HTTP request", timings[1])):
        print(f"{label:42} {len(times):>5} {statistics.median(times):8.1f} {percentile(times, 0.9):8.1f} "
              f"{percentile(times, 0.99):8.1f} {max(times):8.1f}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync", help="gunicorn's -k: sync as README advises, or gthread")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread only)")
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_checkin",
                        help="a scratch PostgreSQL database: it is dropped and made again")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="checkin-station-"))
    codes_file = folder / "codes.txt"
    seed(args.database_url, 20_000, codes_file)
    codes = codes_file.read_text().split()
    alone, beside = codes[: args.scans], codes[args.scans: 2 * args.scans]
    background_codes = folder / "background.txt"
    background_codes.write_text("\n".join(codes[2 * args.scans:]) + "\n")
    script = folder / "checkin.lua"
    script.write_text(LUA)

    env = dict(os.environ, EVENTAPP_CONFIG="production", SECRET_KEY=secrets.token_hex(32),
               DATABASE_URL=args.database_url, MAIL_DELIVERY="worker", RATELIMIT_ENABLED="false",
               LOG_REQUESTS="false")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen([gunicorn, "-w", str(args.workers), "-k", args.worker_class, "--threads",
                               str(args.threads), "--log-level", "warning",
                               "-b", f"127.0.0.1:{APP_PORT}", "wsgi:app"], cwd=ROOT, env=env)
    base = f"http://localhost:{APP_PORT}"
    try:
        wait_for(APP_PORT)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{base}/auth/login")
            page.fill("input[name=email]", STAFF_EMAIL)
            page.fill("input[name=password]", PASSWORD)
            page.locator("form button[type=submit]").last.click()
            page.wait_for_load_state()
            page.goto(f"{base}/checkin/{SLUG}/?day={DAY.isoformat()}")
            page.locator("#station[data-ready='1']").wait_for(state="attached", timeout=60_000)
            scan_all(page, codes[-20:])  # warm-up: the first scans open connections in every worker

            print(f"gunicorn -w {args.workers} -k {args.worker_class} --threads {args.threads}; headless Chromium on the same 2-core machine; "
                  f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            print(f"{'scan to result (ms)':42} {'scans':>5} {'p50':>8} {'p90':>8} {'p99':>8} {'max':>8}")
            report("this station alone", scan_all(page, alone))

            # 7 more stations, each scanning every 250 ms, while this one scans.
            cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
            csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
            lua_args = [str(background_codes), cookies, csrf, DAY.isoformat(), "bg", "250"]
            seconds = max(10, args.scans // 10)
            result = {}
            load = threading.Thread(target=lambda: result.update(run_wrk(
                f"http://127.0.0.1:{APP_PORT}/api/events/{SLUG}/checkins", script, lua_args, seconds, 7)))
            load.start()
            times = scan_all(page, beside)
            load.join()
            report("beside 7 stations scanning every 250 ms", times)
            print(f"  (the 7 others: {result['rps']:.1f} scans/s, p99 {result['latency']['99']} at the server)")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
