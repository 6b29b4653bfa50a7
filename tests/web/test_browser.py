"""The front desk in a real browser (headless system Chromium via Playwright): what a receptionist does."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from webserver import REPO, Served

SHOTS = REPO / "output" / "web"


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def fill_baby(page: Any, name: str, birth: str) -> None:
    page.get_by_label("Baby's name").fill(name)
    page.get_by_label("Date of birth").fill(birth)


def download(page: Any, button: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    return Path(info.value.path()).read_bytes()


def test_form_gives_a_handbook_with_name_and_stage(page: Any, server: Served) -> None:
    page.goto(server.url)
    fill_baby(page, "Robin", "2026-07-20")
    page.get_by_label("The baby has eczema").check()
    text = pdf_text(download(page, "Handbook"))
    assert "Robin" in text
    assert "3 to 6 months" in text  # 4 months old on the server's date, 2026-11-24
    assert "Meadowbank Family Clinic" in text  # the start-up clinic brands it


def test_cyrillic_name_round_trip_and_every_printable(page: Any, server: Served) -> None:
    page.goto(server.url)
    fill_baby(page, "Алёша Ёлкин", "2026-10-01")
    assert "Алёша Ёлкин" in pdf_text(download(page, "Checklist"))
    chart = download(page, "Chart to fill in on screen")
    assert PdfReader(io.BytesIO(chart)).get_fields()  # the fillable chart has real form fields
    booklet = download(page, "Booklet (folded in half)")
    assert "Алёша Ёлкин" in pdf_text(booklet)
    assert page.get_by_label("Baby's name").input_value() == "Алёша Ёлкин"


def test_bad_date_shows_the_message_at_the_field_and_no_pdf(page: Any, server: Served) -> None:
    page.goto(server.url)
    fill_baby(page, "Robin", "2027-01-05")
    downloads: list[Any] = []
    page.on("download", lambda d: downloads.append(d))
    page.get_by_role("button", name="Handbook", exact=True).click()
    field = page.get_by_label("Date of birth")
    message = page.locator("#birth_date-error")
    assert "2027-01-05 is after the handbook date 2026-11-24" in message.inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    assert "birth_date-error" in (field.get_attribute("aria-describedby") or "")
    assert page.locator("#error-summary").evaluate("el => el === document.activeElement")
    assert page.get_by_label("Baby's name").input_value() == "Robin"  # what was typed is kept
    assert downloads == []


def test_preview_shows_page_images_without_javascript(browser: Any, server: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url)
        fill_baby(page, "Robin", "2026-07-20")
        # Without JavaScript the button posts the form and the answer is a new page. The click returns once that
        # page is committed, before its (large, inline) images are parsed, so wait for its load event first.
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Preview", exact=True).click()
        images = page.get_by_role("img", name="Page 1 of the handbook")
        assert images.count() == 1
        assert images.evaluate("img => img.naturalWidth") > 200
        with page.expect_download() as info:
            page.get_by_role("button", name="Checklist", exact=True).click()
        assert "Robin" in pdf_text(Path(info.value.path()).read_bytes())
    finally:
        context.close()


def test_roster_with_bad_rows_streams_progress_and_gives_a_zip(page: Any, server: Served, tmp_path: Path) -> None:
    roster = tmp_path / "families.csv"
    roster.write_text("name,birth_date\nMaya,2026-07-14\nBad,2026-02-30\nIsla,2026-09-30\nOld,2020-01-01\n")
    page.goto(server.url + "/roster")
    page.get_by_label("Roster file (CSV)").set_input_files(str(roster))
    page.get_by_role("button", name="Make the handbooks").click()
    link = page.get_by_role("link", name="Download the zip file")
    link.wait_for()
    assert page.locator("#roster-status").inner_text() == "Finished: 2 of 4 handbooks made."
    rows = page.locator("#roster-bad tbody tr")
    assert rows.count() == 2
    cells = sorted(rows.all_inner_texts())
    assert cells[0].startswith("3\tBad\tbirth_date: '2026-02-30' is not a real date")
    assert cells[1].startswith("5\tOld\tbirth_date: 2020-01-01 makes the baby")
    with page.expect_download() as info:
        link.click()
    with zipfile.ZipFile(info.value.path()) as zf:
        assert sorted(zf.namelist()) == ["errors.csv", "handbook-isla-2026-09-30.pdf", "handbook-maya-2026-07-14.pdf"]


def test_post_from_another_site_is_refused(page: Any, server: Served) -> None:
    """A page on another site posts the form, even with a stolen token: the SameSite cookie stays home and the
    server refuses the post (403), building nothing."""
    page.goto(server.url)
    token = page.locator("input[name=csrf_token]").input_value()
    fields = {"csrf_token": token, "name": "Robin", "birth_date": "2026-07-20", "kind": "checklist"}
    inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
    evil = f'<form method="post" action="{server.url}/build">{inputs}<button>Go</button></form>'
    page.route("http://attacker.test/", lambda route: route.fulfill(body=evil, content_type="text/html"))
    page.goto("http://attacker.test/")
    downloads: list[Any] = []
    page.on("download", lambda d: downloads.append(d))
    with page.expect_response(f"{server.url}/build") as answer:
        page.get_by_role("button", name="Go").click()
    assert answer.value.status == 403
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Please try again"
    assert downloads == []


@pytest.mark.parametrize("width", [1280, 375])
def test_form_screenshots(browser: Any, server: Served, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(server.url)
        fill_baby(page, "Robin", "2027-01-05")
        page.get_by_role("button", name="Preview", exact=True).click()
        page.locator("#error-summary").wait_for()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"form-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0  # nothing runs off the side at either width
    finally:
        context.close()


def test_keyboard_only_skip_link_fields_and_visible_focus(page: Any, server: Served) -> None:
    page.goto(server.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the form"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "name"
    page.keyboard.type("Robin")
    page.get_by_label("Date of birth").fill("2026-07-20")
    button = page.get_by_role("button", name="Checklist", exact=True)
    button.focus()
    assert button.evaluate("b => getComputedStyle(b).outlineStyle") == "solid"  # focus is visible
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert "Robin" in pdf_text(Path(info.value.path()).read_bytes())
