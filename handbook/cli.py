"""Command line: the only place that reads the clock, the environment and the file system for inputs."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from handbook.errors import HandbookError, ProfileError
from handbook.inputs.years import YEARS

OUTPUT_DIR = Path("output")


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not a real date in the form YYYY-MM-DD", param, ctx)
        if not YEARS[0] <= day.year <= YEARS[1]:
            self.fail(f"'{value}' is outside the years {YEARS[0]} to {YEARS[1]}", param, ctx)
        return day


DATE = DateType()


class CliError(click.ClickException):
    """A HandbookError on its way out of click: one line, `handbook: ...`, exit 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"handbook: {self.format_message()}", err=True, file=file)


class HandbookGroup(click.Group):
    """Maps the library's click-free HandbookError family onto click's exit codes and error output."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HandbookError as exc:
            raise CliError(exc.format_message()) from None


def folder(what: str, env: str) -> Callable[[click.Context, click.Parameter, Path | None], Path | None]:
    """A --content / --templates value: an existing folder (or None: the shipped one), checked up front."""

    def check(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
        if value is None:
            return None
        source = ctx.get_parameter_source(param.name or "")
        given = env if source is click.core.ParameterSource.ENVIRONMENT else f"--{what}"
        if not value.exists():
            raise HandbookError(f"{given} {value}: {what} folder not found")
        if not value.is_dir():
            raise HandbookError(f"{given} {value}: not a folder")
        return value

    return check


def source_options(f: Callable) -> Callable:
    """--content and --templates, for every command that builds: an editor builds from a copy."""
    f = click.option("--templates", "templates_dir", type=click.Path(path_type=Path), envvar="HANDBOOK_TEMPLATES",
                     callback=folder("templates", "HANDBOOK_TEMPLATES"),
                     help="Templates folder (editions/, themes/). Default: the shipped one.")(f)
    return click.option("--content", "content_dir", type=click.Path(path_type=Path), envvar="HANDBOOK_CONTENT",
                        callback=folder("content", "HANDBOOK_CONTENT"),
                        help="Content folder to build from. Default: the shipped one.")(f)


def today() -> date:
    """The handbook date when --on is not given: SOURCE_DATE_EPOCH for reproducible builds, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            day = datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except (ValueError, OverflowError, OSError):
            raise HandbookError(f"SOURCE_DATE_EPOCH: '{epoch}' is not a whole number of seconds") from None
        if not YEARS[0] <= day.year <= YEARS[1]:
            raise HandbookError(f"SOURCE_DATE_EPOCH: '{epoch}' is outside the years {YEARS[0]} to {YEARS[1]}")
        return day
    return date.today()


def verdict_store() -> Any:
    """Where content verdicts are kept between runs: HANDBOOK_CACHE_DIR, else XDG_CACHE_HOME/handbook, else
    ~/.cache/handbook; HANDBOOK_CACHE_DIR=off checks the content afresh every run (see handbook.verdicts)."""
    from handbook.verdicts import VerdictStore

    given = os.environ.get("HANDBOOK_CACHE_DIR", "").strip()
    if given.lower() == "off":
        return None
    if given:
        return VerdictStore(Path(given))
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return VerdictStore(base / "handbook")


def personal_options(f: Callable) -> Callable:
    """The options every single-baby command shares (build, checklist, chart)."""
    options = [
        click.option("--profile", type=click.Path(dir_okay=False, path_type=Path),
                     help="Baby profile YAML (name, birth_date, due_date, navel_healed, eczema, ...)."),
        click.option("--name", help="The baby's name, as it should print."),
        click.option("--birth-date", type=DATE, help="Birth date, YYYY-MM-DD."),
        click.option("--due-date", type=DATE, help="Due date, for babies born early (corrected age)."),
        click.option("--on", "on", type=DATE, help="The handbook's date. Default: today (or SOURCE_DATE_EPOCH)."),
        click.option("--lang", help="Language and region, e.g. en, en-GB, en-US. Default: en-GB."),
        click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False),
                     help="Paper size. Default: the locale's (A4 for en-GB, Letter for en-US)."),
        click.option("--clinic", type=click.Path(dir_okay=False, path_type=Path),
                     help="Clinic profile YAML: name, logo, contact, QR code of the website."),
        click.option("--eczema/--no-eczema", default=None, help="The baby has eczema (changes the oil advice)."),
        click.option("--nut-allergy-in-family/--no-nut-allergy-in-family", default=None,
                     help="Nut allergy runs in the family (no nut oils)."),
        click.option("--navel-healed/--navel-not-healed", default=None,
                     help="Whether the navel has healed (default: judged from age). Tummy strokes wait for it."),
        click.option("--allow-outside-logo", is_flag=True,
                     help="Let the clinic file name a logo outside its own folder."),
        click.option("--fillable", is_flag=True, help="Add real form fields, to fill in on a screen."),
        click.option("-o", "--output", type=click.Path(),
                     help="Where to write the PDF (a file, or a folder ending in /). "
                          "Default: output/<kind>-<name>-<birth-date>.pdf"),
    ]
    for option in reversed(options):
        f = option(f)
    return source_options(f)


def baby_from_options(opts: dict[str, Any]) -> Any:
    from handbook.inputs.profile import baby_from, load_profile
    from handbook.pipeline import cannot_print

    fields: dict[str, Any] = {}
    src = None
    if opts.get("profile"):
        fields, src = load_profile(opts["profile"])
    overrides = {
        "name": opts.get("name"),
        "birth_date": opts.get("birth_date"),
        "due_date": opts.get("due_date"),
        "eczema": opts.get("eczema"),
        "nut_allergy_in_family": opts.get("nut_allergy_in_family"),
        "navel_healed": opts.get("navel_healed"),
    }
    fields.update({k: v for k, v in overrides.items() if v is not None})
    if not fields.get("name"):
        raise ProfileError("name: give the baby's name with --name or in the profile")
    if not fields.get("birth_date"):
        raise ProfileError("birth_date: give the birth date with --birth-date YYYY-MM-DD or in the profile")
    return baby_from(fields, src, printable=cannot_print)


def default_output(kind: str, name: str, birth: date) -> Path:
    from handbook.batch.slug import slugify

    return OUTPUT_DIR / f"{kind}-{slugify(name)}-{birth.isoformat()}.pdf"


def output_path(raw: str | None, default: Path, inputs: list[Path]) -> Path:
    """Where -o may write: an absent path or a regular file that is none of the inputs; `DIR/` (or an existing
    folder) means the default file name inside it. Never a device, FIFO, socket or symbolic link."""
    from handbook.postprocess.atomic import identities  # not batch.runner: no process pool for one build

    out = default if raw is None else Path(raw)
    try:
        if raw is not None and (raw.endswith(("/", os.sep)) or out.is_dir()):
            out = out / default.name
        info = out.lstat()
    except FileNotFoundError:
        return out
    except OSError as exc:
        raise HandbookError(f"cannot write {str(out)[:120]}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise HandbookError(f"cannot write {out}: it is a symbolic link (give the real file or a new name)")
    if stat.S_ISDIR(info.st_mode):
        raise HandbookError(f"cannot write {out}: it is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise HandbookError(f"cannot write {out}: it is not a regular file (a device, FIFO or socket)")
    if (info.st_dev, info.st_ino) in identities(inputs):
        raise HandbookError(f"cannot write {out}: it is one of the inputs (the profile, clinic file or logo)")
    return out


def write_pdf(path: Path, data: bytes) -> None:
    from handbook.postprocess.atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise HandbookError(f"cannot write {path}: {exc.strerror or exc}") from None


def run_build(edition: str, opts: dict[str, Any], **extra: Any) -> None:
    from handbook.pipeline import BuildRequest, build_pdf, cannot_print

    baby = baby_from_options(opts)
    on = opts.get("on") or today()
    clinic = None
    if opts.get("clinic"):
        from handbook.inputs.clinic import load_clinic  # its model loads only for a clinic file

        clinic = load_clinic(opts["clinic"], printable=cannot_print,
                             allow_outside_logo=bool(opts.get("allow_outside_logo")))
    req = BuildRequest(
        baby=baby,
        on=on,
        edition=edition,
        paper=(opts.get("paper") or "").lower() or None,
        lang=opts.get("lang"),
        clinic=clinic,
        fillable=bool(opts.get("fillable")),
        content_dir=opts.get("content_dir"),
        templates_dir=opts.get("templates_dir"),
        verdicts=verdict_store(),
        **{k: v for k, v in extra.items() if k != "fmt"},
    )
    html = extra.get("fmt") == "html"
    default = default_output(edition, baby.name, baby.birth_date)
    if html:
        default = default.with_suffix(".html")
    inputs = [p for p in (opts.get("profile"), opts.get("clinic"), clinic.logo if clinic else None) if p]
    out = output_path(opts.get("output"), default, inputs)
    from handbook.gcpause import paused_gc

    with paused_gc(one_off=True):  # a one-off build: nothing else in this process needs the collector meanwhile
        if html:
            from handbook.pipeline import build_html

            pdf = build_html(req).encode("utf-8")
        else:
            pdf = build_pdf(req)
    write_pdf(out, pdf)
    click.echo(f"Wrote {out} ({len(pdf) // 1024} KB)")


@click.group(cls=HandbookGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="handbook", prog_name="handbook")  # from the installed metadata
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks for unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build a personalised, printable infant-massage handbook (PDF).

    \b
    Examples:
      handbook build --name Robin --birth-date 2026-07-20
      handbook build --profile baby.yaml --paper letter -o robin.pdf
      handbook checklist --name Robin --birth-date 2026-07-20 --fillable
      handbook batch families.csv --clinic clinic.yaml --out-dir output/clinic
      handbook check content
    """
    ctx.obj = {"debug": debug}
    if threading.current_thread() is threading.main_thread():
        # SIGTERM unwinds like Ctrl-C: batch workers are stopped and no half-written file stays behind.
        signal.signal(signal.SIGTERM, _terminated)


@cli.command()
@personal_options
@click.option("--booklet", is_flag=True,
              help="Impose as an A5 (half-Letter) saddle-stitch booklet (for printing: untagged, not PDF/UA).")
@click.option("--course-start", type=DATE, help="First day of the 5-week chart. Default: the day after --on.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True,
              help="pdf: tagged PDF/UA-1; html: one self-contained accessible web page from the same content.")
def build(booklet: bool, course_start: date | None, fmt: str, **opts: Any) -> None:
    """Build the full handbook for one baby."""
    if fmt == "html" and booklet:
        raise HandbookError("--booklet: only for the PDF (leave out --format html)")
    run_build("handbook", opts, booklet=booklet, course_start=course_start, fmt=fmt)


@cli.command()
@personal_options
def checklist(**opts: Any) -> None:
    """Build the one-page before-every-session checklist."""
    run_build("checklist", opts)


@cli.command()
@personal_options
@click.option("--course-start", type=DATE, help="First day of the chart. Default: the day after --on.")
def chart(course_start: date | None, **opts: Any) -> None:
    """Build the tracking chart (5-week course plus an ongoing log)."""
    run_build("chart", opts, course_start=course_start)


@cli.command()
@click.argument("roster", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--clinic", type=click.Path(dir_okay=False, path_type=Path), help="Clinic profile YAML.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=OUTPUT_DIR / "batch",
              show_default=True, help="Folder for the handbooks (created if missing).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Parallel workers. Default: all cores.")
@click.option("--on", "on", type=DATE, help="The handbooks' date. Default: today.")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), help="Paper size for all rows.")
@source_options
@click.option("--allow-outside-logo", is_flag=True, help="Let the clinic file name a logo outside its own folder.")
def batch(roster: Path, clinic: Path | None, out_dir: Path, jobs: int | None, on: date | None,
          paper: str | None, content_dir: Path | None, templates_dir: Path | None, allow_outside_logo: bool) -> None:
    """Build one handbook per row of a roster CSV (name, birth_date[, due_date, lang, paper, eczema]).

    Failed rows are listed in OUT_DIR/<roster name>-errors.csv; no earlier handbook of another baby is replaced.
    """
    from handbook.batch.build_row import RowOptions, build_row, warm_up
    from handbook.batch.runner import progress_printer, run_batch
    from handbook.inputs.clinic import load_clinic
    from handbook.inputs.problems import terminal_safe
    from handbook.inputs.roster import read_roster
    from handbook.pipeline import cannot_print

    rows = read_roster(roster)
    clinic_model = (load_clinic(clinic, printable=cannot_print, allow_outside_logo=allow_outside_logo)
                    if clinic else None)
    options = RowOptions(on=on or today(), clinic=clinic_model, paper=paper, content_dir=content_dir,
                         templates_dir=templates_dir)
    warm_up(options, verdict_store())  # content problems stop the batch before any worker starts
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HandbookError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    workers = jobs or os.cpu_count() or 1
    errors_name = f"{roster.stem}-errors.csv"
    inputs = tuple(p for p in (roster, clinic, clinic_model.logo if clinic_model else None) if p)
    click.echo(f"Building {len(rows)} handbooks with {workers} worker{'s' if workers != 1 else ''}...", err=True)
    result = run_batch(rows, build_one=build_row, options=options, out_dir=out_dir, jobs=workers,
                       progress=progress_printer(len(rows), sys.stderr), errors_name=errors_name, inputs=inputs)
    click.echo(f"Built {len(result.built)} of {len(rows)} handbooks in {out_dir}")
    if result.failed:
        click.echo(f"{len(result.failed)} row(s) failed (also in {out_dir / errors_name}):", err=True)
        for f in result.failed:
            click.echo(terminal_safe(f"  line {f.line}: {f.name or '(no name)'}: {f.reason}"), err=True)
        sys.exit(1)


def _terminated(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


@cli.command()
@click.argument("content_dir", required=False, type=click.Path(file_okay=False, path_type=Path),
                envvar="HANDBOOK_CONTENT")
def check(content_dir: Path | None) -> None:
    """Check the content YAML: schema, sources, reading grade, wording and safety rules."""
    from handbook.check import check_content
    from handbook.inputs.problems import terminal_safe

    report = check_content(content_dir)
    for w in report.warnings:
        click.echo(terminal_safe(f"warning: {w}"), err=True)
    for e in report.errors:
        click.echo(terminal_safe(e), err=True)
    warned = f"{len(report.warnings)} warning{'' if len(report.warnings) == 1 else 's'}"
    if report.errors:
        click.echo(f"{len(report.errors)} problem(s) found ({warned}).", err=True)
        sys.exit(2)
    click.echo(f"Content OK: every check passed ({warned}).")


@cli.group()
def translations() -> None:
    """Translation catalogues (content/locales/<code>.po) for editors and translators."""


@translations.command("update")
@click.argument("content_dir", required=False, type=click.Path(file_okay=False, path_type=Path),
                envvar="HANDBOOK_CONTENT")
@click.option("--lang", "langs", multiple=True, help="Locale code to update (repeatable). Default: every "
              "locale in another language than the source.")
def translations_update(content_dir: Path | None, langs: tuple[str, ...]) -> None:
    """Write each catalogue for the current English: new strings empty, changed strings marked fuzzy."""
    from handbook.content.loader import load_located
    from handbook.i18n.catalog import update_catalogue

    loaded = load_located(content_dir)
    source_lang = loaded.content.settings.default_locale.split("-")[0]
    codes = list(langs) or [c for c in sorted(loaded.content.locales) if c.split("-")[0] != source_lang]
    for code in codes:
        if code not in loaded.content.locales:
            known = ", ".join(sorted(loaded.content.locales))
            raise HandbookError(f"--lang {code}: no such locale (available: {known})")
        path, total, todo = update_catalogue(loaded, code)
        click.echo(f"{path}: {total} strings, {todo} to translate or review")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep 127.0.0.1 and put a reverse proxy in front for a clinic network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port to listen on.")
@click.option("--clinic", type=click.Path(dir_okay=False, path_type=Path),
              help="Clinic profile YAML, read once at start-up: the branding on every handbook handed out.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Worker processes building PDFs (each uses one core while it builds).")
@click.option("--queue", type=click.IntRange(0, 1000), default=8, show_default=True,
              help="Builds that may wait for a free worker; more at once are answered 503 (try again).")
@click.option("--rate-limit", type=click.IntRange(0, 100_000), default=60, show_default=True,
              help="Most builds per client address per minute (429 beyond); 0 switches the limit off.")
@click.option("--lang", default="en-GB", show_default=True, help="Language of the pages and form by default.")
def serve(host: str, port: int, clinic: Path | None, workers: int, queue: int, rate_limit: int, lang: str) -> None:
    """Run the clinic front desk: a web form that hands out handbooks (and whole rosters)."""
    import logging

    import uvicorn

    from handbook.batch.build_row import RowOptions, warm_up
    from handbook.inputs.clinic import load_clinic
    from handbook.pipeline import cannot_print
    from handbook.web.config import WebConfig
    from handbook.web.desk import create_app

    clinic_model = load_clinic(clinic, printable=cannot_print) if clinic else None
    warm_up(RowOptions(on=today(), clinic=clinic_model))  # unsafe content stops here, before any worker
    config = WebConfig(today=today, clinic=clinic_model, workers=workers, queue=queue,
                       rate_per_minute=rate_limit, default_lang=lang)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    click.echo(f"Starting the front desk on http://{host}:{port}/ (warming {workers} worker(s); Ctrl+C stops)",
               err=True)
    uvicorn.run(create_app(config), host=host, port=port, access_log=False, log_level="info")


def one_line(text: str) -> str:
    return " ".join(text.split())


def _leave(caller: str) -> None:
    """End the process now that its command is done: exit handlers run and output is flushed as on a normal
    exit, but the interpreter does not tear down every module and collect the whole heap one object at a time,
    which for a one-off build costs about a fifth of its CPU and gains a process about to end nothing.

    Only when main() was called by the program itself (the console script or `python -m handbook`, whose module
    is __main__), never by code that goes on (tests run main in-process); left to the normal exit while another
    thread still runs (it must be joined) or when flushing fails."""
    import atexit

    if caller != "__main__" or threading.active_count() != 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stream: the normal exit reports it as it always did
        return
    atexit._run_exitfuncs()
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(0)


def main() -> None:
    debug = "--debug" in sys.argv
    try:
        cli.main(standalone_mode=False, prog_name="handbook")
        _leave(sys._getframe(1).f_globals.get("__name__", ""))
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.UsageError as exc:  # click's own refusals: one line, like every other bad input
        click.echo(f"handbook: {one_line(exc.format_message())}", err=True)
        sys.exit(2)
    except HandbookError as exc:
        from handbook.inputs.problems import terminal_safe

        click.echo(terminal_safe(f"handbook: {exc.format_message()}"), err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # an unexpected failure is a bug: short message, traceback with --debug
        if debug:
            raise
        click.echo(f"handbook: unexpected error: {type(exc).__name__}: {exc} (run with --debug for details)",
                   err=True)
        sys.exit(1)

