"""The front desk over real HTTP (uvicorn on 127.0.0.1): validation, security answers, overload, rosters."""

from __future__ import annotations

import concurrent.futures
import io
import logging
import tempfile
import time
import zipfile
from contextlib import closing
from pathlib import Path

from pypdf import PdfReader
from webserver import Served, serve

GOOD = {"name": "Robin", "birth_date": "2026-07-20", "due_date": "", "lang": "en-GB", "paper": "",
        "navel_healed": "auto"}


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def post(served: Served, path: str = "/build", **fields: str) -> tuple[int, dict, bytes]:
    client, token = served.session()
    with closing(client):
        r = client.post(path, data={"csrf_token": token, **GOOD, **fields})
        return r.status_code, dict(r.headers), r.content


def test_checklist_pdf_has_name_and_stage(server: Served) -> None:
    status, headers, body = post(server, kind="checklist", name="Алёша")
    assert status == 200, body[:300]
    assert headers["content-type"] == "application/pdf"
    assert "Алёша" not in headers["content-disposition"]  # no user input in the file name
    assert "Алёша" in pdf_text(body)


def test_impossible_date_gives_the_cli_message_next_to_the_field(server: Served) -> None:
    status, headers, body = post(server, kind="handbook", birth_date="2026-02-30")
    html = body.decode()
    assert status == 422 and headers["content-type"].startswith("text/html")
    assert '<p class="error" id="birth_date-error">' in html
    assert "&#39;2026-02-30&#39; is not a real date (YYYY-MM-DD)" in html
    assert 'aria-describedby="birth_date-hint birth_date-error" aria-invalid="true"' in html


def test_missing_token_or_cookie_or_foreign_origin_is_403(server: Served) -> None:
    with server.client() as bare:
        assert bare.post("/build", data={**GOOD, "kind": "checklist"}).status_code == 403
    client, token = server.session()
    with closing(client):
        assert client.post("/build", data={**GOOD, "csrf_token": "x" * 43}).status_code == 403
        foreign = client.post("/build", data={**GOOD, "csrf_token": token}, headers={"origin": "http://evil.example"})
        assert foreign.status_code == 403
        cross = client.post("/build", data={**GOOD, "csrf_token": token}, headers={"sec-fetch-site": "cross-site"})
        assert cross.status_code == 403
        same = client.post("/build", data={**GOOD, "csrf_token": token, "kind": "checklist"},
                           headers={"origin": server.url})
        assert same.status_code == 200


def test_oversized_upload_is_413_declared_or_streamed(server: Served) -> None:
    client, token = server.session()
    big = b"name,birth_date\n" + b"Robin,2026-07-20\n" * 150_000  # 2.5 MB
    with closing(client):
        r = client.post("/roster", data={"csrf_token": token}, files={"roster": ("r.csv", big, "text/csv")})
        assert r.status_code == 413
        assert "Traceback" not in r.text

        def chunks():  # no Content-Length: the limit must hold while the body streams in
            yield (f'--b\r\ncontent-disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
                   '--b\r\ncontent-disposition: form-data; name="roster"; filename="r.csv"\r\n'
                   'content-type: text/csv\r\n\r\n').encode()
            for _ in range(3):
                yield big[: 1024 * 1024]

        streamed = client.post("/roster", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
        assert streamed.status_code == 413
        assert "File too large" in streamed.text


def test_security_headers(server: Served) -> None:
    with server.client() as client:
        r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    assert "<script>" not in r.text and " on" not in r.text.split("<body>")[1].split("=")[0]


def test_roster_zip_has_the_good_rows_and_errors_csv(server: Served) -> None:
    roster = ("name,birth_date,eczema\nMaya,2026-07-14,no\nBad Date,2026-13-01,no\nЛев,2026-09-30,yes\n"
              ",2026-09-30,no\n").encode()
    client, token = server.session()
    leftovers = set(Path(tempfile.gettempdir()).glob("handbook-roster-*"))
    with closing(client):
        r = client.post("/roster", data={"csrf_token": token}, files={"roster": ("families.csv", roster, "text/csv")})
    assert set(Path(tempfile.gettempdir()).glob("handbook-roster-*")) == leftovers  # nothing left on disk
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        names = sorted(zf.namelist())
        assert names == ["errors.csv", "handbook-lev-2026-09-30.pdf", "handbook-maya-2026-07-14.pdf"]
        errors = zf.read("errors.csv").decode()
        assert "Лев" in pdf_text(zf.read("handbook-lev-2026-09-30.pdf"))
    assert errors.splitlines()[0] == "line,name,reason"
    assert errors.splitlines()[1].startswith("3,Bad Date,birth_date: '2026-13-01' is not a real date")
    assert errors.splitlines()[2].startswith("5,,name: is empty")


def test_roster_spreadsheet_or_too_many_rows_refused_on_the_page(server: Served) -> None:
    client, token = server.session()
    with closing(client):
        xlsx = client.post("/roster", data={"csrf_token": token},
                           files={"roster": ("r.xlsx", b"PK\x03\x04rest", "application/vnd.ms-excel")})
        many = client.post("/roster", data={"csrf_token": token},
                           files={"roster": ("r.csv", b"name,birth_date\n" + b"A,2026-07-20\n" * 201, "text/csv")})
        header = client.post("/roster", data={"csrf_token": token},
                             files={"roster": ("r.csv", b"nom,birth_date\nA,2026-07-20\n", "text/csv")})
        streamed = client.post("/roster", data={"csrf_token": token}, headers={"accept": "text/event-stream"},
                               files={"roster": ("r.csv", b"nom,birth_date\nA,2026-07-20\n", "text/csv")})
    assert xlsx.status_code == 422 and "use Save as and choose CSV UTF-8" in xlsx.text
    assert many.status_code == 422 and "The roster has 201 rows; the most at once is 200" in many.text
    assert header.status_code == 422 and "roster.csv:1: unknown column(s) &#39;nom&#39;" in header.text
    assert streamed.text.startswith("event: problem\ndata: ")
    assert "roster.csv:1: unknown column(s) 'nom'" in streamed.text
    assert "/tmp" not in header.text


def test_burst_beyond_the_pool_gets_503_and_the_server_lives_on() -> None:
    with serve(workers=1, queue=0, rate_per_minute=0) as tight:
        sessions = [tight.session() for _ in range(6)]

        def one(i: int) -> tuple[int, str | None]:
            client, token = sessions[i]
            r = client.post("/build", data={"csrf_token": token, **GOOD, "kind": "handbook"})
            return r.status_code, r.headers.get("retry-after")

        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(one, range(6)))
        statuses = sorted(s for s, _ in answers)
        assert set(statuses) == {200, 503}, statuses
        assert all(after == "5" for s, after in answers if s == 503)
        client, token = sessions[0]
        again = client.post("/build", data={"csrf_token": token, **GOOD, "kind": "checklist"})
        assert again.status_code == 200 and again.content.startswith(b"%PDF")
        for c, _ in sessions:
            c.close()


def test_rate_limit_answers_429_with_retry_after() -> None:
    with serve(workers=1, queue=0, rate_per_minute=2) as limited:
        client, token = limited.session()
        with closing(client):
            answers = [client.post("/build", data={"csrf_token": token, **GOOD, "name": ""}) for _ in range(3)]
    assert [a.status_code for a in answers] == [422, 422, 429]
    assert answers[2].headers["retry-after"] == "5"


def test_one_log_line_per_request_and_no_baby_names(server: Served, caplog) -> None:
    caplog.set_level(logging.INFO, logger="handbook.web")
    status, _, _ = post(server, kind="checklist", name="Zebedee")
    assert status == 200
    for _ in range(50):  # the line is written just after the last byte is sent
        lines = [r.getMessage() for r in caplog.records if r.name == "handbook.web"]
        if any("POST" in line for line in lines):
            break
        time.sleep(0.02)
    assert [line for line in lines if '"POST /build" 200' in line] and len([x for x in lines if "POST" in x]) == 1
    assert not [line for line in lines if "Zebedee" in line]


def test_a_roster_in_progress_does_not_hold_up_a_single_build(server: Served) -> None:
    rows = "".join(f"Baby {i},2026-{1 + i % 10:02d}-15\n" for i in range(12))
    client, token = server.session()
    with closing(client), client.stream(
        "POST", "/roster", data={"csrf_token": token}, headers={"accept": "text/event-stream"},
        files={"roster": ("r.csv", ("name,birth_date\n" + rows).encode(), "text/csv")},
    ) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        events = stream.iter_lines()
        assert next(events) == "event: progress"
        start = time.perf_counter()
        status, _, body = post(server, kind="checklist")
        single = time.perf_counter() - start
        rest = [line for line in events if line.startswith("event: ")]
        roster = time.perf_counter() - start
    assert status == 200 and body.startswith(b"%PDF")
    assert rest[-1] == "event: done" and rest.count("event: progress") == 12
    assert single < roster / 2  # the single build did not wait for the roster's worker


def test_pages_in_every_shipped_language(server: Served) -> None:
    with server.client() as client:
        us = client.get("/roster?lang=en-US").text
        gb = client.get("/?lang=fr").text
    assert '<html lang="en-US">' in us and "Handbooks for a roster" in us
    assert '<html lang="en-GB">' in gb  # an unknown language falls back to the default


def test_a_fault_is_a_plain_page_without_a_trace() -> None:
    import asyncio

    from handbook.web.guard import Guard

    async def broken(scope, receive, send):
        raise RuntimeError("secret detail for Robin")

    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "client": ("127.0.0.1", 1)}
    call = Guard(broken, 1024, lambda status: b"<p>fault</p>")(scope, receive, send)
    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # a loop of its own (Playwright may run one here)
        thread.submit(asyncio.run, call).result()
    assert sent[0]["status"] == 500 and sent[1]["body"] == b"<p>fault</p>"
    assert b"content-security-policy" in dict(sent[0]["headers"])
