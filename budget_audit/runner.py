"""One ``check`` run from options to report text and exit status, so the CLI only maps options.

Order of precedence for every setting: command line, then the configuration file
(budget_audit.config), then the default. Library users can call ``run_check`` directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from budget_audit import limits as bounds
from budget_audit.audit import audit, exit_status
from budget_audit.config import load_config
from budget_audit.errors import UsageError
from budget_audit.report import FORMATS, STATISTICS_FORMATS, VISUAL_FORMATS, ReportOptions, render
from budget_audit.report.common import default_lang
from budget_audit.rules.engine import default_rule_files, load_rules, rule_files
from budget_audit.selection import check_selectors
from budget_audit.terminal import wants_color

if TYPE_CHECKING:
    from budget_audit.audit import Watcher
    from budget_audit.cache import Cache
    from budget_audit.config import Config
    from budget_audit.ingest.pdf import ProgressFn
    from budget_audit.rules.ruleset import RuleSet


@dataclass
class CheckOptions:
    """The check command's options; None = not given on the command line."""

    paths: list[str]
    rules: list[str] | None = None
    format: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: str | None = None
    verbose: bool = False
    quiet: bool = False
    statistics: bool = False
    show_source: bool = False
    color: str = "auto"
    lang: str | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    config: str | None = None
    isolated: bool = False
    stdin_filename: str | None = None
    output: Path | None = None  # where a visual report (html, xlsx) is written
    join: bool = False  # a directory (or the files named) is one document
    jobs: int | None = None  # processes; None: the configuration's, else every core
    kind: str | None = None  # --kind: 预算/决算 (with 部门/单位), over what the document says
    pair: bool = False  # --pair: a 决算 is compared with the same year's 预算 given beside it
    no_cache: bool = False  # neither read nor write the result cache
    cache_dir: str | None = None  # None: the configuration's, else budget_audit.cache's default
    limits: list[str] | None = None  # NAME=N, over the configuration's limits (budget_audit.limits)


@dataclass
class Outcome:
    report: str | Iterable[str]  # the report for stdout or --output: whole, or in pieces to write as they come
    status: int
    errors: list[str] = field(default_factory=list)  # one line each, for stderr
    note: str | None = None  # a line for stderr that is not an error (e.g. baseline written)

    @property
    def text(self) -> str:
        """The report as one string (its pieces joined, once)."""
        if not isinstance(self.report, str):
            self.report = "".join(self.report)
        return self.report

    def pieces(self) -> Iterator[str]:
        """The report's text in the pieces the reporter gave (one, for most formats)."""
        if isinstance(self.report, str):
            yield self.report
        else:
            yield from self.report


def _check_targets(options: CheckOptions, rule_files: list[str]) -> None:
    """Refuse an --output or --write-baseline that is a link, or one of the inputs, before any work."""
    from budget_audit.audit import expand_paths
    from budget_audit.output import check_target

    documents = expand_paths(options.paths)
    if options.output is not None:
        check_target(options.output, [*documents, *rule_files, *([options.baseline] if options.baseline else [])])
    if options.write_baseline:
        check_target(Path(options.write_baseline), [*documents, *rule_files])


def _rules(paths: list[str] | None, cache: Cache | None) -> RuleSet:
    """The rule set of ``paths`` (the shipped rules when none), and the template and subject
    catalogues kept for the run: as the package's build parsed them (``shipped``) when that matches
    the files in place, else from the cache when it is on (neither way imports PyYAML), else read
    from their YAML. The rule set goes through the cache when it is on: its key is in every report's."""
    from budget_audit import shipped, subjects
    from budget_audit.parse import catalogue as templates

    frozen = shipped.thaw(default_rule_files())
    if frozen is not None:
        templates.keep(frozen.templates)
        subjects.keep(frozen.subjects)
    elif cache:
        templates.keep(cache.kept(templates.family_files(), templates.read_shipped, templates.Catalogue))
        subjects.keep(cache.kept([subjects.DATA], subjects.read_catalogue, subjects.Catalogue))
    if frozen is not None and not paths:
        return cache.rules(rule_files(paths), lambda: frozen.rules) if cache else frozen.rules
    return cache.rules(rule_files(paths), lambda: load_rules(paths)) if cache else load_rules(paths)


def run_check(
    options: CheckOptions, is_terminal: bool = False, width: int | None = None, progress: ProgressFn | None = None,
    watch: Watcher | None = None,
) -> Outcome:
    """Audit, apply the baseline, render. Raises UserError for bad options, rule files or config."""
    config = load_config(options.config, options.isolated)
    fmt = options.format or config.format or "console"
    if fmt not in FORMATS:
        raise UsageError("--format", f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if options.statistics and fmt not in STATISTICS_FORMATS:
        raise UsageError("--statistics", f"applies to the {', '.join(STATISTICS_FORMATS)} formats, not {fmt}")
    fail_on = options.fail_on or config.fail_on or "error"
    limits = bounds.resolve(config.limits, options.limits)
    cache = _cache(options, config)
    rule_paths = options.rules or config.rules
    ruleset = _rules(rule_paths, cache)
    for pattern, ids in config.per_file_ignores.items():
        check_selectors(ruleset.rules, f"{config.path}: per-file-ignores {pattern!r}", ids)
    select = options.select if options.select is not None else config.select or []
    ignore = options.ignore if options.ignore is not None else config.ignore or []
    if options.select is None:  # from the file: name the file in the error
        check_selectors(ruleset.rules, f"{config.path}: select", select)
    if options.ignore is None:
        check_selectors(ruleset.rules, f"{config.path}: ignore", ignore)
    accepted = None
    if options.baseline:
        from budget_audit.baseline import load_baseline

        accepted = load_baseline(options.baseline)
    _check_targets(options, ruleset.sources)
    reports = audit(
        options.paths, ruleset, select, ignore, progress,
        ignore_for=config.ignores_for if config.per_file_ignores else None, stdin_name=options.stdin_filename,
        join=options.join, kind=options.kind, pair=options.pair,
        jobs=options.jobs or config.jobs or os.cpu_count() or 1, cache=cache, watch=watch, limits=limits,
        outline=fmt not in VISUAL_FORMATS and not options.show_source,  # these show the documents' lines
    )
    errors = [rep.error for rep in reports if rep.error]
    if options.write_baseline:
        from budget_audit.baseline import write_baseline

        n = write_baseline(reports, options.write_baseline)
        return Outcome("", 2 if errors else 0, errors, f"wrote {n} finding(s) to the baseline {options.write_baseline}")
    if accepted is not None:
        from budget_audit.baseline import apply_baseline

        apply_baseline(reports, accepted)
    report_options = ReportOptions(
        ruleset=ruleset,
        fail_on=fail_on,
        verbose=options.verbose,
        quiet=options.quiet,
        statistics=options.statistics,
        show_source=options.show_source,
        color=wants_color(options.color, is_terminal),
        width=width if is_terminal else None,
        lang=options.lang or default_lang(config.lang),
        baseline=options.baseline,
    )
    if fmt in VISUAL_FORMATS:
        from budget_audit.report.visual import write_visual

        write_visual(fmt, reports, ruleset, options.output)
        return Outcome("", exit_status(reports, fail_on), errors)
    return Outcome(render(fmt, reports, report_options), exit_status(reports, fail_on), errors)


def _cache(options: CheckOptions, config: Config) -> Cache | None:
    """The result cache in force, or None (--no-cache, or a folder that cannot be used)."""
    if options.no_cache:  # before the import: a run without the cache need not load it (hashlib, pickle)
        return None
    from budget_audit import cache

    if cache.disabled(options.no_cache):
        return None
    return cache.Cache.open(cache.chosen_dir(options.cache_dir, config.cache_dir, config.root))
