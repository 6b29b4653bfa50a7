"""Hostile input, one row per kind: exit 2, one clear line, no traceback, nothing lost, bounded time and memory.

Most rows run the real entry point (`handbook.cli.main`) in-process; the signal test needs a real process.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from handbook.cli import main
from tests.conftest import CONTENT

BABY = ["--name", "Robin", "--birth-date", "2026-07-20", "--on", "2026-11-24"]
PROFILE = "name: Robin\nbirth_date: 2026-07-20\n"


def run_main(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The real entry point, in-process: exit code and everything written to stderr."""
    monkeypatch.setattr(sys, "argv", ["handbook", *[str(a) for a in args]])
    with pytest.raises(SystemExit) as info:
        main()
        raise SystemExit(0)
    return int(info.value.code or 0), capsys.readouterr().err


def one_clear_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "unexpected error" not in err
    assert lines[0].startswith("handbook: ")
    return lines[0]


def bomb(levels: int = 9) -> str:
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, levels):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    return text


def clinic_with_logo(tmp: Path, logo: str) -> Path:
    folder = tmp / "clinic"
    folder.mkdir(exist_ok=True)
    (folder / "clinic.yaml").write_text(f"name: Bay Clinic\nlogo: {logo}\n", encoding="utf-8")
    return folder / "clinic.yaml"


def small_logo(folder: Path, name: str = "logo.png") -> Path:
    Image.new("RGB", (40, 20), "teal").save(folder / name)
    return folder / name


# --- one row per kind: (id, set-up in tmp → argv, fragment of the one line) -------------------------------

Setup = Callable[[Path], list[str]]


def _out_is_profile(tmp: Path) -> list[str]:
    (tmp / "p.yaml").write_text(PROFILE)
    return ["build", "--profile", tmp / "p.yaml", "--on", "2026-11-24", "-o", tmp / "p.yaml"]


def _out_is_clinic(tmp: Path) -> list[str]:
    clinic = clinic_with_logo(tmp, "logo.png")
    small_logo(clinic.parent)
    return ["build", *BABY, "--clinic", clinic, "-o", clinic]


def _out_is_logo(tmp: Path) -> list[str]:
    clinic = clinic_with_logo(tmp, "logo.png")
    logo = small_logo(clinic.parent)
    return ["build", *BABY, "--clinic", clinic, "-o", logo]


def _out_is_hard_link_to_profile(tmp: Path) -> list[str]:
    (tmp / "p.yaml").write_text(PROFILE)
    os.link(tmp / "p.yaml", tmp / "same.pdf")
    return ["build", "--profile", tmp / "p.yaml", "--on", "2026-11-24", "-o", tmp / "same.pdf"]


def _out_is_fifo(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "fifo")
    return ["build", *BABY, "-o", tmp / "fifo"]


def _out_is_symlink(tmp: Path) -> list[str]:
    (tmp / "keep.txt").write_text("keep")
    (tmp / "link.pdf").symlink_to(tmp / "keep.txt")
    return ["build", *BABY, "-o", tmp / "link.pdf"]


def _profile(text: str | bytes) -> Setup:
    def setup(tmp: Path) -> list[str]:
        path = tmp / "p.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return ["build", "--profile", path, "--on", "2026-11-24", "-o", tmp / "out.pdf"]
    return setup


def _clinic(text: str) -> Setup:
    def setup(tmp: Path) -> list[str]:
        (tmp / "c.yaml").write_text(text, encoding="utf-8")
        return ["build", *BABY, "--clinic", tmp / "c.yaml", "-o", tmp / "out.pdf"]
    return setup


def _profile_fifo(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "p.yaml")  # nobody writes: reading it would block forever
    return ["build", "--profile", tmp / "p.yaml", "--on", "2026-11-24", "-o", tmp / "out.pdf"]


def _logo_fifo(tmp: Path) -> list[str]:
    clinic = clinic_with_logo(tmp, "logo.png")
    os.mkfifo(clinic.parent / "logo.png")
    return ["build", *BABY, "--clinic", clinic, "-o", tmp / "out.pdf"]


def _big_logo(tmp: Path) -> list[str]:
    clinic = clinic_with_logo(tmp, "big.png")
    Image.new("1", (13000, 13000)).save(clinic.parent / "big.png")  # 20 KB on disk, 169 megapixels
    return ["build", *BABY, "--clinic", clinic, "-o", tmp / "out.pdf"]


def _logo_loop(tmp: Path) -> list[str]:
    clinic = clinic_with_logo(tmp, "loop1")
    (clinic.parent / "loop1").symlink_to("loop2")
    (clinic.parent / "loop2").symlink_to("loop1")
    return ["build", *BABY, "--clinic", clinic, "-o", tmp / "out.pdf"]


def _logo_outside(tmp: Path) -> list[str]:
    clinic = clinic_with_logo(tmp, "../outside.png")
    small_logo(tmp, "outside.png")
    return ["build", *BABY, "--clinic", clinic, "-o", tmp / "out.pdf"]


def _logo_name_too_long(tmp: Path) -> list[str]:
    clinic = clinic_with_logo(tmp, "a" * 300 + ".png")
    return ["build", *BABY, "--clinic", clinic, "-o", tmp / "out.pdf"]


def _out_name_too_long(tmp: Path) -> list[str]:
    return ["build", *BABY, "-o", tmp / ("a" * 300 + ".pdf")]


def _args(*args: str) -> Setup:
    def setup(tmp: Path) -> list[str]:
        return [*args, "-o", tmp / "out.pdf"] if args[:1] in (("build",), ("chart",)) else list(args)
    return setup


ROWS: list[tuple[str, Setup, str]] = [
    ("out-is-profile", _out_is_profile, "it is one of the inputs"),
    ("out-is-clinic", _out_is_clinic, "it is one of the inputs"),
    ("out-is-logo", _out_is_logo, "it is one of the inputs"),
    ("out-is-hard-link", _out_is_hard_link_to_profile, "it is one of the inputs"),
    ("out-is-fifo", _out_is_fifo, "not a regular file (a device, FIFO or socket)"),
    ("out-is-symlink", _out_is_symlink, "it is a symbolic link"),
    ("out-name-300", _out_name_too_long, "File name too long"),
    ("yaml-alias-bomb", _profile(bomb()), "aliases expand to more than 100000 values"),
    ("yaml-too-many-aliases", _profile(bomb(14)), "more than 100 aliases"),
    ("yaml-recursive-alias", _profile("a: &a\n  b: *a\n"), ":1: an alias refers to the value that contains it"),
    ("yaml-500-deep", _profile("x: " + "[" * 500 + "]" * 500 + "\n"), ":1: nested more than 32 levels deep"),
    ("yaml-500-deep-block", _profile("x:\n" + "".join(" " * i + "-\n" for i in range(1, 500))),
     "nested more than 32 levels deep"),
    ("yaml-list-key", _profile("? [1, 2]\n: 3\n"), ":1: a key must be a plain word, not a list or mapping"),
    ("yaml-dict-key", _profile("{a: 1}: 3\n"), ":1: a key must be a plain word"),
    ("yaml-merge-key", _profile("base: &b {name: Robin}\n<<: *b\n"), ":2: merge keys (<<) are not supported"),
    ("yaml-nul", _profile(b"name: Ro\0bin\nbirth_date: 2026-07-20\n"), ":1: contains a NUL byte"),
    ("yaml-control", _profile(b"name: Robin\nbirth_date: 2026-07-20\x1b[2J\n"),
     ":2: contains the control character U+001B"),
    ("yaml-oversize", _profile(PROFILE + "# " + "x" * 1_100_000 + "\n"), ":1: the file is larger than 1000 KB"),
    ("yaml-from-a-fifo", _profile_fifo, ":1: not a regular file (a pipe, device or socket)"),
    ("yaml-many-values", _profile(PROFILE + "".join(f"k{i}: 1\n" for i in range(60_000))),
     "more than 100000 values in one file"),
    ("clinic-alias-bomb", _clinic(bomb()), "aliases expand to more than 100000 values"),
    ("clinic-bidi-name", _clinic("name: Bay \u202eClinic\n"), ":1: name: must not contain control characters"),
    ("clinic-escape-name", _clinic('name: "Bay \\e[31mClinic"\n'), ":1: name: must not contain control characters"),
    ("logo-13000-squared", _big_logo, "logo: big.png is 13000 × 13000 pixels; the most is 16 megapixels"),
    ("logo-fifo", _logo_fifo, "logo: cannot use logo.png: not a regular file"),
    ("logo-symlink-loop", _logo_loop, "logo: cannot use loop1"),
    ("logo-outside-folder", _logo_outside, "logo: ../outside.png is outside the clinic file's folder"),
    ("logo-name-300", _logo_name_too_long, "logo: cannot use aaaa"),
    ("date-year-9999", _args("build", "--name", "Robin", "--birth-date", "9999-12-01", "--on", "9999-12-20"),
     "'9999-12-01' is outside the years 1900 to 2999"),
    ("date-year-9999-in-yaml", _profile("name: Robin\nbirth_date: 9999-12-01\n"),
     ":2: birth_date: 9999-12-01 is outside the years 1900 to 2999"),
    ("course-before-birth", _args("chart", *BABY, "--course-start", "2026-01-01"),
     "course_start: 2026-01-01 is before the birth date 2026-07-20"),
    ("click-bad-value", _args("build", "--name", "Robin", "--birth-date", "nope"),
     "Invalid value for '--birth-date'"),
    ("click-no-such-option", _args("build", "--nope"), "No such option '--nope'"),
    ("click-missing-argument", _args("batch"), "Missing argument 'ROSTER'"),
    ("click-bad-choice", _args("build", *BABY, "--paper", "a5"), "Invalid value for '--paper'"),
]


@pytest.mark.parametrize(("setup", "fragment"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_hostile_input_is_one_line_and_exit_2(setup: Setup, fragment: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    args = setup(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()}
    code, err = run_main(args, monkeypatch, capsys)
    assert code == 2, err
    line = one_clear_line(err)
    assert fragment in line
    assert len(line) < 600
    for path, data in before.items():  # no input lost
        assert path.read_bytes() == data
    assert not (tmp_path / "out.pdf").exists()
    assert not [p for p in tmp_path.rglob("*.tmp")]  # no partial file


def test_source_date_epoch_far_in_the_future(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402214400")  # 9999-12-31
    code, err = run_main(["build", "--name", "Robin", "--birth-date", "2026-07-20"], monkeypatch, capsys)
    assert code == 2
    assert "is outside the years 1900 to 2999" in one_clear_line(err)


def test_many_unknown_fields_show_five_and_a_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("name: Bay\n" + "".join(f"k{i}: 1\n" for i in range(30_000)), encoding="utf-8")
    code, err = run_main(["build", *BABY, "--clinic", path, "-o", tmp_path / "o.pdf"], monkeypatch, capsys)
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 6 and lines[-1] == "... and 29995 more problems"
    assert lines[0] == f"handbook: {path}:2: k0: unknown field (allowed: " + ", ".join(
        ["name", "short_name", "address", "phone", "website", "logo", "emergency_number", "advice_line", "intro",
         "allow_essential_oils", "vaccination_wait_hours", "leaflet_code", "leaflet_version", "review_date"]) + ")"


def test_o_dir_slash_means_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_main(["checklist", *BABY, "-o", f"{tmp_path / 'new'}/"], monkeypatch, capsys)
    assert code == 0, err
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["checklist-robin-2026-07-20.pdf"]


def test_logo_outside_the_folder_with_the_explicit_option_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _logo_outside(tmp_path)
    clinic = tmp_path / "clinic" / "clinic.yaml"
    code, err = run_main(["checklist", *BABY, "--clinic", clinic, "--allow-outside-logo", "-o", tmp_path / "o.pdf"],
                         monkeypatch, capsys)
    assert code == 0, err


def test_a_large_logo_is_downscaled_once_to_its_print_size(tmp_path: Path) -> None:
    from handbook.inputs.clinic import load_clinic

    clinic = clinic_with_logo(tmp_path, "mid.png")
    Image.new("RGB", (3000, 1500), "teal").save(clinic.parent / "mid.png")
    loaded = load_clinic(clinic)
    assert loaded.logo_data is not None
    import io

    with Image.open(io.BytesIO(loaded.logo_data)) as img:
        assert img.size == (720, 360)


# --- batch: nothing lost, names escaped, workers go with the parent ----------------------------------------


def test_batch_never_loses_an_input_or_an_earlier_handbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    first = out / "errors.csv"  # a roster that is named like the errors file, inside OUT_DIR
    first.write_text("name,birth_date\nZoe,2026-07-20\n\x1b[31mEvil\x1b]0;x\x07,2026-02-30\n", encoding="utf-8")
    roster_bytes = first.read_bytes()
    (tmp_path / "p.yaml").write_text(PROFILE)
    (out / "handbook-sam-2026-07-20.pdf").symlink_to(tmp_path / "p.yaml")  # a link to an input in OUT_DIR
    code, err = run_main(["batch", first, "--out-dir", out, "--on", "2026-11-24", "--jobs", "1"], monkeypatch, capsys)
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err and "\\x1b[31mEvil" in err  # shown, never acted on
    assert first.read_bytes() == roster_bytes
    zoe = out / "handbook-zoe-2026-07-20.pdf"
    zoe_bytes = zoe.read_bytes()
    assert (out / "errors-errors.csv").is_file()

    second = tmp_path / "second.csv"  # another baby whose name slugs the same, and one who meets the link
    second.write_text("name,birth_date\nZoë,2026-07-20\nSam,2026-07-20\n", encoding="utf-8")
    code, err = run_main(["batch", second, "--out-dir", out, "--on", "2026-11-24", "--jobs", "1"], monkeypatch, capsys)
    assert code == 0, err
    assert zoe.read_bytes() == zoe_bytes  # the first roster's handbook is still Zoe's
    assert (out / "handbook-zoe-2026-07-20-2.pdf").is_file()
    assert (out / "errors-errors.csv").is_file()  # the first run's errors file is still there
    assert (out / "handbook-sam-2026-07-20.pdf").is_symlink()
    assert (tmp_path / "p.yaml").read_text() == PROFILE
    assert (out / "handbook-sam-2026-07-20-2.pdf").is_file()

    code, err = run_main(["batch", second, "--out-dir", out, "--on", "2026-11-24", "--jobs", "1"], monkeypatch, capsys)
    assert code == 0, err  # the same roster again replaces its own handbooks, no -3
    assert not (out / "handbook-zoe-2026-07-20-3.pdf").exists()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat_line = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat_line.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc for child processes")
def test_sigterm_to_the_batch_parent_stops_its_workers(tmp_path: Path) -> None:
    roster = tmp_path / "big.csv"
    roster.write_text("name,birth_date\n" + "".join(f"Baby {i},2026-07-20\n" for i in range(40)))
    proc = subprocess.Popen([sys.executable, "-m", "handbook", "batch", str(roster), "--out-dir", str(tmp_path / "o"),
                             "--on", "2026-11-24", "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert len(workers) == 2, "the batch never started its workers"
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)  # workers left running would hold the pipes open: a timeout here
        assert proc.returncode == 128 + signal.SIGTERM
        time.sleep(0.5)
        assert [w for w in workers if _alive(w)] == []
        assert not list((tmp_path / "o").glob(".*.tmp"))  # no half-written handbook
    finally:  # never leave processes behind, even when the test fails
        for pid in [*workers, proc.pid]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        proc.communicate()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- content that `check` refuses never builds: same file:line line, exit 2 ---------------------------------

def _inject(file: str, anchor: str, new: str) -> Callable[[Path], None]:
    def mutate(content: Path) -> None:
        path = content / file
        text = path.read_text(encoding="utf-8")
        assert anchor in text, f"{file} no longer has {anchor!r}"
        path.write_text(text.replace(anchor, new, 1), encoding="utf-8")
    return mutate


CONTENT_ROWS = [
    ("markup-unclosed", _inject("cues.yaml", "- text: ", "- text: Hi <b>there "),
     "inline markup does not parse: Parse error: saw the end of the text instead of expected </b>"),
    ("markup-stray-close", _inject("cues.yaml", "- text: ", "- text: Hi</i> "), "inline markup does not parse"),
    ("markup-unknown-tag", _inject("cues.yaml", "- text: ", "- text: Hi <blink>there</blink> "),
     "markup <blink> is not allowed"),
    ("markup-img", _inject("cues.yaml", "- text: ", '- text: Hi <img src="/etc/passwd"/> '),
     "markup <img> is not allowed"),
    ("markup-font", _inject("cues.yaml", "- text: ", '- text: Hi <font name="Nope">x</font> '),
     "markup <font> is not allowed"),
    ("jinja-division", _inject("cues.yaml", "- text: ", "- text: Hi {{ 1/0 }} "),
     "only {{ name }} or {{ name.field }} is allowed"),
    ("jinja-sandbox", _inject("cues.yaml", "- text: ", "- text: Hi {{ baby.__class__ }} "),
     "only {{ name }} or {{ name.field }} is allowed"),
    ("jinja-include", _inject("cues.yaml", "- text: ", '- text: Hi {% include "x" %} '), "no {% ... %} tags"),
    ("jinja-runaway-loop", _inject("cues.yaml", "- text: ",
                                   "- text: Hi {% for i in range(99999) %}{% for j in range(99999) %}x"
                                   "{% endfor %}{% endfor %} "), "no {% ... %} tags"),
    ("placeholder-unknown", _inject("cues.yaml", "- text: ", "- text: Hi {{ baby.nmae }} "),
     "unknown placeholder 'baby.nmae'"),
    ("content-cannot-print", _inject("cues.yaml", "- text: ", "- text: Hi 中文 "),
     "has characters the handbook cannot print: '中文'"),
    ("source-unknown", _inject("cues.yaml", "sources: [", "sources: [S999, "), "unknown source 'S999'"),
    ("technique-unknown", _inject("stages.yaml", "technique: ", "technique: nope_"), "unknown technique 'nope_"),
    ("locale-unknown", _inject("settings.yaml", "default_locale: en-GB", "default_locale: xx-XX"),
     "default_locale: locale 'xx-XX' does not exist"),
    ("rule-message-format-field",
     _inject("rules.yaml", 'message: "', 'message: "{oil.__class__} {problem:>999999999} '),
     "{oil.__class__} is not a plain {name} field"),
    ("content-alias-bomb", _inject("cues.yaml", "id: cues\n", "id: cues\n" + bomb().replace("a", "z")),
     "aliases expand to more than 100000 values"),
]


@pytest.fixture(scope="module")
def content_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pristine copy of the shipped content; each test copies it once more and breaks one thing."""
    folder = tmp_path_factory.mktemp("content-src") / "content"
    shutil.copytree(CONTENT, folder)
    return folder


@pytest.mark.parametrize(("mutate", "fragment"), [r[1:] for r in CONTENT_ROWS], ids=[r[0] for r in CONTENT_ROWS])
def test_check_and_build_refuse_the_same_content(mutate: Callable[[Path], None], fragment: str, content_copy: Path,
                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(content_copy, content)
    mutate(content)
    code, check_err = run_main(["check", content], monkeypatch, capsys)
    assert code == 2, check_err
    checked = [line for line in check_err.splitlines() if fragment in line]
    assert checked, check_err
    assert all(line.startswith("content/") and line.split(":")[1].isdigit() for line in checked)  # file:line

    code, build_err = run_main(["build", *BABY, "--content", content, "-o", tmp_path / "out.pdf"], monkeypatch,
                               capsys)
    assert code == 2, build_err
    assert "Traceback" not in build_err and "unexpected error" not in build_err
    built = [line.removeprefix("handbook: ") for line in build_err.splitlines() if fragment in line]
    assert built == checked  # the same lines, word for word
    assert not (tmp_path / "out.pdf").exists()
