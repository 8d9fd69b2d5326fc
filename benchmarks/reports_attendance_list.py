"""How fast is the attendance-list PDF for 2,000 people?

Prints the time to build the list (query + PDF), the size and the number of pages
(checked with pdfinfo from poppler-utils), then the same through the HTTP route;
also one certificate and the ZIP of certificates for 300 people, for scale.
Uses PostgreSQL database `bench_reports` (seeded by benchmarks/reports_seed.py if needed).

    .venv/bin/python benchmarks/reports_attendance_list.py
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import reports_seed as seed  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.models import Event  # noqa: E402
from eventapp.reports.attendance_list import attendance_list_pdf, day_heading  # noqa: E402
from eventapp.reports.certificates import certificate_pdf  # noqa: E402
from eventapp.reports.services import attendances_of_attendees, day_list  # noqa: E402

RUNS = 5


def pdfinfo_pages(content: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE).group(1))


def main() -> None:
    if not seed.is_seeded():
        seed.seed()
    app = seed.bench_app()
    with app.test_request_context("/"):
        event = db.session.scalar(sa.select(Event).where(Event.slug == "lista-2000"))
        day = event.days[0]
        times, content, pages, people = [], b"", 0, []
        for _ in range(RUNS):
            db.session.expire_all()
            start = time.perf_counter()
            people = day_list(event, day)
            content, pages = attendance_list_pdf(event, day_heading(event, day, "pl"), people)
            times.append(time.perf_counter() - start)
        checked = pdfinfo_pages(content)
        print(f"attendance list, {len(people)} people: median {statistics.median(times):.2f} s, "
              f"worst {max(times):.2f} s, {len(content) // 1024} KiB, {pages} pages (pdfinfo: {checked})")

        big = db.session.scalar(sa.select(Event).where(Event.slug == "forum-10k"))
        start = time.perf_counter()
        big_list = day_list(big, big.days[0])
        big_pdf, big_pages = attendance_list_pdf(big, day_heading(big, big.days[0], "pl"), big_list)
        print(f"attendance list, {len(big_list)} people (10k event, day 1): {time.perf_counter() - start:.2f} s, "
              f"{big_pages} pages (pdfinfo: {pdfinfo_pages(big_pdf)})")

        attendances = attendances_of_attendees(big)[:300]
        start = time.perf_counter()
        sizes = [len(certificate_pdf(a)) for a in attendances]
        elapsed = time.perf_counter() - start
        print(f"certificates: {len(sizes)} in {elapsed:.1f} s ({elapsed / len(sizes) * 1000:.0f} ms each, "
              f"{statistics.mean(sizes) / 1024:.0f} KiB each)")

    client = app.test_client()
    client.post("/auth/login", data={"email": seed.ORGANISER_EMAIL, "password": seed.PASSWORD})
    start = time.perf_counter()
    response = client.get(f"/events/lista-2000/reports/attendance-list/{day.isoformat()}.pdf")
    elapsed = time.perf_counter() - start
    assert response.status_code == 200
    print(f"HTTP GET attendance list (2,000 people): {elapsed:.2f} s, {pdfinfo_pages(response.data)} pages")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
