"""The web's small parts: message splitting, page words, form fields, rate limit."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from handbook.web import adapter, form
from handbook.web.ratelimit import RateLimit

WEB = Path(__file__).resolve().parents[2] / "handbook" / "web"
LOCALES = Path(__file__).resolve().parents[2] / "content" / "locales"


def test_cli_messages_split_per_field_and_keep_their_own_semicolons() -> None:
    got = adapter.validate_baby({"name": "", "birth_date": "2026-13-01", "due_date": "soon"}, date(2026, 11, 24))
    assert [(p.field, p.message) for p in got] == [
        ("name", "is empty"),
        ("birth_date", "'2026-13-01' is not a real date (YYYY-MM-DD)"),
        ("due_date", "'soon' is not a date in the form YYYY-MM-DD"),
    ]
    old = adapter.validate_baby({"name": "Sam", "birth_date": "2023-01-01"}, date(2026, 11, 24))
    assert len(old) == 1 and old[0].field == "birth_date" and "; this handbook is for babies up to 2" in old[0].message


def test_form_fields_are_what_a_roster_row_gives_the_validator() -> None:
    typed = form.values({"name": "Robin", "birth_date": "2026-07-20", "eczema": "yes", "navel_healed": "no",
                         "lang": "en-US", "paper": "", "sneaky": "x"})
    assert form.profile_fields(typed) == {"name": "Robin", "birth_date": "2026-07-20", "lang": "en-US",
                                          "eczema": True, "nut_allergy_in_family": False, "navel_healed": "no"}
    assert form.values({"navel_healed": "../etc"})["navel_healed"] == "auto"


def test_every_page_word_exists_in_every_language() -> None:
    used = set()
    for path in [*WEB.glob("templates/*.html"), WEB / "roster.py"]:
        used |= set(re.findall(r"""\bt\(["']([a-z0-9_]*[a-z0-9])["']""", path.read_text()))
        used |= set(re.findall(r'UploadProblem\("([a-z_]+)"', path.read_text()))
    used |= {f"label_{f}" for f in adapter.FIELDS} | {f"button_{k}" for k in form.KINDS}
    used |= {f"navel_{v}" for v in form.NAVEL} | {f"paper_{v}" for v in ("default", "a4", "letter")}
    used |= {f"error_{s}{t}" for s in (400, 403, 404, 405, 413, 429, 500, 503) for t in ("", "_title")}
    for locale in LOCALES.glob("*.yaml"):
        data = yaml.safe_load(locale.read_text())
        if data.get("status") == "draft":  # not offered on the web pages until translated (issue 14)
            continue
        words = data["web"]
        assert used - set(words) == set(), locale.name
        assert set(words) - used - {"language_name", "roster_line"} == set(), locale.name


def test_no_inline_script_or_style_in_templates() -> None:
    for path in WEB.glob("templates/*.html"):
        html = path.read_text()
        assert "<script>" not in html and " style=" not in html and not re.search(r"\son[a-z]+=", html), path.name


def test_rate_limit_counts_per_client() -> None:
    limit = RateLimit(2)
    assert [limit.allow("a"), limit.allow("a"), limit.allow("a"), limit.allow("b")] == [True, True, False, True]
    assert all(RateLimit(0).allow("a") for _ in range(100))


def test_a_dead_worker_is_replaced_and_its_request_answered_busy() -> None:
    import asyncio
    import concurrent.futures
    import os

    import pytest

    from handbook.web import work
    from handbook.web.pool import BuildPool, Busy

    async def scenario() -> bool:
        pool = BuildPool(1, 0, date(2026, 11, 24), None)
        try:
            await pool.start()
            with pytest.raises(Busy):
                await pool.submit(os._exit, 3)  # the worker process dies mid-job
            return await pool.submit(work.ready)
        finally:
            pool.close()

    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # a loop of its own (Playwright may run one here)
        assert thread.submit(asyncio.run, scenario()).result() is True
