"""Batch building blocks: file-name slugs, roster reading, the runner (with a fake builder) and atomic writes."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from handbook.batch.roster import RosterRow, read_roster
from handbook.batch.runner import INDEX, Failure, file_base, progress_printer, run_batch
from handbook.batch.slug import slugify, unique_name
from handbook.errors import ProfileError, RosterError
from handbook.postprocess import atomic
from handbook.postprocess.atomic import write_atomic

# --- slugify / unique_name ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "slug"), [
    ("Robin", "robin"),
    ("../../x", "x"),
    ("/etc/passwd", "etc-passwd"),
    ("..", "baby"),
    ("CON", "con-baby"),
    ("lpt1", "lpt1-baby"),
    ("👶🍼", "baby"),
    ("", "baby"),
    ("Алёна Ёжикова", "alena-ezhikova"),
    ("Ζωή", "zoi"),
    ("Zoë O'Brien-Smith", "zoe-obrien-smith"),
    ("Straße  №5", "strasse-no5"),
    ("a\\b:c*d?", "a-b-c-d"),
])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slug_is_short_and_safe_for_any_input() -> None:
    long_name = "Mary Elizabeth Alexandra Wilhelmina Bartholomew"
    assert slugify(long_name) == "mary-elizabeth-alexandra-wilhelmina"
    for name in (long_name, "x" * 200, "\x00\x1b[31m/..\\..", "李小龙", " - - "):
        slug = slugify(name)
        assert slug and len(slug) <= 40
        assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
        assert not slug.startswith("-") and not slug.endswith("-")


def test_unique_name_adds_counters() -> None:
    assert unique_name("robin", set()) == "robin"
    assert unique_name("robin", {"robin"}) == "robin-2"
    assert unique_name("robin", {"robin", "robin-2", "Robin-3"}) == "robin-4"


def test_file_base_keeps_the_date_whole() -> None:
    assert file_base("Robin Ash-2026-07-20") == "handbook-robin-ash-2026-07-20"
    assert file_base("A" * 60 + "-2026-07-20") == "handbook-" + "a" * 40 + "-2026-07-20"
    assert file_base("../..") == "handbook-baby"


# --- roster ---------------------------------------------------------------------------------------


def roster(tmp_path: Path, data: str | bytes) -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_roster_with_bom_semicolons_and_blank_lines(tmp_path: Path) -> None:
    text = "\ufeffName; Birth Date ;ECZEMA\r\n\r\nRobin;2026-07-20;yes\r\n;;\r\n\"Ash; Jr\";2026-01-02;\r\n"
    rows = read_roster(roster(tmp_path, text))
    assert [r.line for r in rows] == [3, 5]
    assert rows[0].fields == {"name": "Robin", "birth_date": "2026-07-20", "eczema": "yes"}
    assert rows[1].fields["name"] == "Ash; Jr"
    assert all(r.problem is None for r in rows)


def test_roster_line_numbers_are_physical_lines(tmp_path: Path) -> None:
    text = 'name,birth_date\n"Robin\nAsh",2026-07-20\n\nSam,2026-01-01\nA,B,C\n'
    rows = read_roster(roster(tmp_path, text))
    assert [r.line for r in rows] == [2, 5, 6]
    assert rows[2].problem is not None and "3 values" in rows[2].problem
    assert rows[1].fields == {"name": "Sam", "birth_date": "2026-01-01"}


@pytest.mark.parametrize(("data", "message"), [
    ("", "the roster is empty"),
    ("\n\n", "the roster is empty"),
    ("name,birth_date\n", "has a header but no rows"),
    ("Robin,2026-07-20\n", "unknown column(s) 'Robin', '2026-07-20'; the expected columns are: name, birth_date, "
                           "due_date, lang, paper, eczema"),
    ("name,dob\nRobin,2026-07-20\n", "unknown column(s) 'dob'"),
    ("name,due_date\nRobin,2026-07-20\n", "needs the column(s) birth_date"),
    ("name,birth_date,name\nA,B,C\n", "name appear twice"),
    (b"name,birth_date\n\xe9t\xe9,2026-07-20\n", ":2: not UTF-8 text"),
])
def test_unusable_roster(tmp_path: Path, data: str | bytes, message: str) -> None:
    with pytest.raises(RosterError) as info:
        read_roster(roster(tmp_path, data))
    assert info.value.exit_code == 2
    assert message in info.value.format_message()
    assert info.value.format_message().startswith(str(tmp_path / "roster.csv"))


def test_missing_roster(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="roster file not found"):
        read_roster(tmp_path / "none.csv")


# --- runner ---------------------------------------------------------------------------------------


def fake_build(fields: dict[str, str], options: object) -> tuple[str, bytes]:
    """Module level so worker processes can unpickle it. 'bad' rows are user errors, 'boom' rows are bugs."""
    name = fields["name"]
    if "bad" in name:
        raise ProfileError("birth_date: 'soon' is not a date")
    if "boom" in name:
        raise RuntimeError("kaboom")
    return f"{name}-{fields['birth_date']}", f"%PDF-fake {name} {os.getpid()}".encode()


ROWS = [
    RosterRow(2, {"name": "Robin", "birth_date": "2026-07-20"}),
    RosterRow(3, {"name": "bad baby", "birth_date": "soon"}),
    RosterRow(4, {"name": "../../evil", "birth_date": "2026-01-01"}),
    RosterRow(6, {"name": "Robin", "birth_date": "2026-07-20"}),
    RosterRow(7, {"name": "=boom()", "birth_date": "2026-02-02"}),
    RosterRow(8, {"name": "Sam", "birth_date": "2026-03-03", "eczema": "x"}, problem="has 4 values"),
    RosterRow(9, {"name": "Sam", "birth_date": "2026-03-03"}),
]


@pytest.mark.parametrize("jobs", [1, 2])
def test_runner_keeps_going_and_reports_failures(tmp_path: Path, jobs: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    seen: list[tuple[int, str]] = []
    result = run_batch(ROWS, build_one=fake_build, options=object(), out_dir=out, jobs=jobs,
                       progress=lambda done, name: seen.append((done, name)))
    assert [p.name for p in result.built] == [
        "handbook-robin-2026-07-20.pdf",
        "handbook-evil-2026-01-01.pdf",
        "handbook-robin-2026-07-20-2.pdf",
        "handbook-sam-2026-03-03.pdf",
    ]
    assert result.failed == [
        Failure(3, "bad baby", "birth_date: 'soon' is not a date"),
        Failure(7, "=boom()", "unexpected error: RuntimeError: kaboom"),
        Failure(8, "Sam", "has 4 values"),
    ]
    assert [d for d, _ in seen] == list(range(1, len(ROWS) + 1))
    for path in result.built:
        assert path.parent == out.resolve()
        assert path.read_bytes().startswith(b"%PDF-fake")
    assert sorted(p.name for p in out.iterdir()) == sorted([p.name for p in result.built] + ["errors.csv", INDEX])
    with (out / "errors.csv").open(encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == ["line", "name", "reason"]
    assert table[1] == ["3", "bad baby", "birth_date: 'soon' is not a date"]
    assert table[2][1] == "'=boom()"  # a spreadsheet must not run a roster name as a formula
    assert len(table) == 4
    assert not list(tmp_path.glob("*.pdf"))  # nothing escaped out_dir


def test_runner_uses_worker_processes(tmp_path: Path) -> None:
    rows = [RosterRow(i + 2, {"name": f"Baby {i}", "birth_date": "2026-01-01"}) for i in range(6)]
    result = run_batch(rows, build_one=fake_build, options=object(), out_dir=tmp_path, jobs=2, progress=None)
    pids = {int(p.read_bytes().split()[-1]) for p in result.built}
    assert os.getpid() not in pids
    assert [p.name for p in result.built] == [f"handbook-baby-{i}-2026-01-01.pdf" for i in range(6)]


def test_runner_removes_stale_errors_csv(tmp_path: Path) -> None:
    (tmp_path / "errors.csv").write_text("line,name,reason\n2,old,old\n")
    result = run_batch(ROWS[:1], build_one=fake_build, options=object(), out_dir=tmp_path, jobs=1)
    assert not result.failed
    assert not (tmp_path / "errors.csv").exists()


def test_runner_never_writes_through_a_symlink_in_out_dir(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside.pdf"
    out.mkdir()
    outside.write_bytes(b"keep")
    (out / "handbook-robin-2026-07-20.pdf").symlink_to(outside)
    result = run_batch(ROWS[:1], build_one=fake_build, options=object(), out_dir=out, jobs=1)
    assert [p.name for p in result.built] == ["handbook-robin-2026-07-20-2.pdf"]  # the next free name
    assert outside.read_bytes() == b"keep"
    assert (out / "handbook-robin-2026-07-20.pdf").is_symlink()


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_one_line_redrawn() -> None:
    stream = Tty()
    show = progress_printer(4, stream)
    show(1, "Robin")
    show(4, "Sam\x1b[2J")
    text = stream.getvalue()
    assert text.startswith("\r[#####...............] 1/4 Robin")
    assert "\r[####################] 4/4 Sam" in text
    assert "\x1b" not in text
    assert text.endswith("\n") and text.count("\n") == 1


def test_progress_in_a_log_prints_every_tenth() -> None:
    stream = io.StringIO()
    show = progress_printer(200, stream)
    for i in range(1, 201):
        show(i, "x")
    lines = stream.getvalue().splitlines()
    assert lines[0] == "built 20/200"
    assert lines[-1] == "built 200/200"
    assert len(lines) == 10


# --- atomic writes ----------------------------------------------------------------------------------


def test_write_atomic_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_write_atomic_failure_keeps_old_file_and_leaves_no_temp(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]
