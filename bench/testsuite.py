"""The tests section: wall time of each kind of test ``make test`` runs, in a fresh copy."""

from __future__ import annotations

import re
from pathlib import Path

from bench.checkout import copy_env, fresh_site, timed_run
from bench.common import Context, Row, SectionResult, first_line, log, tail

_SUMMARY = re.compile(
    r"(\d+ (?:passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?)\b.*?)"
    r" in [\d.]+s"
)


def browser_test_files(root: Path) -> list[Path]:
    """Test files that drive a browser: tests/browser/, tests/test_site_*.py, or playwright."""
    found: set[Path] = set()
    tests = root / "tests"
    if (tests / "browser").is_dir():
        found.update((tests / "browser").rglob("test_*.py"))
    found.update(tests.glob("test_site_*.py"))
    found.update(tests.glob("test_browser*.py"))
    for path in tests.glob("test_*.py"):
        text = path.read_text(encoding="utf-8", errors="replace")
        if re.search(r"^\s*(from|import) playwright", text, re.M):
            found.add(path)
    return sorted(found)


def has_marker(root: Path, name: str) -> bool:
    """Whether the project's pytest configuration registers the marker ``name``."""
    import tomllib

    try:
        conf = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    markers = conf.get("tool", {}).get("pytest", {}).get("ini_options", {}).get("markers", [])
    return any(str(m).split(":")[0].strip() == name for m in markers)


def pytest_summary(output: str) -> str:
    matches = _SUMMARY.findall(output)
    return matches[-1] if matches else first_line(tail(output, 1))


def section_tests(ctx: Context) -> SectionResult:
    res = SectionResult()
    src, _ = fresh_site(ctx, "tests-copy")
    env = copy_env(src)
    py = ctx.python
    common = ["-p", "no:cacheprovider", "-q"]
    nbval = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]
    nb_dirs = [d for d in ("exercises", "cases") if (src / d).is_dir()]
    ruff = str(ctx.bin_dir / "ruff")
    pytest_ = [py, "-m", "pytest", *common]
    # the "browser" marker when the project has one; else the files that drive a browser
    if has_marker(src, "browser"):
        selection = ["-m browser"]
        slow = [[*pytest_, "-m", "slow and not browser", "tests"]]
        browser = [[*pytest_, "-m", "browser", "tests"]]
    else:
        selection = [str(p.relative_to(src)) for p in browser_test_files(src)]
        ignore = [f"--ignore={f}" for f in selection]
        slow = [[*pytest_, "-m", "slow", *ignore, "tests"]]
        browser = [[*pytest_, *selection]] if selection else []
    kinds: list[tuple[str, str, list[list[str]]]] = [
        (
            "lint",
            "ruff check + ruff format --check",
            [[ruff, "check", "."], [ruff, "format", "--check", "."]],
        ),
        (
            "unit",
            "unit + property + doctests (-m 'not slow')",
            [[*pytest_, "-m", "not slow", "tests", "src/alliancelab"]],
        ),
        ("nbval", "notebooks (nbval): exercises, cases", [[*pytest_, *nbval, *nb_dirs]]),
        ("build", "book build + built-site checks (slow, cold)", slow),
    ]
    if browser:
        kinds.append(("browser", "browser (Playwright, Chromium)", browser))
    res.data["browser_selection"] = selection
    total = 0.0
    for kind, label, cmds in kinds:
        if ctx.quick and kind in ("build", "browser"):
            res.rows.append(Row("tests", f"{kind}: {label}", "skipped (--quick)", met="n/a"))
            res.data[kind] = {"skipped": "quick"}
            continue
        log(f"tests: {kind}")
        seconds = 0.0
        outputs = []
        codes = []
        for cmd in cmds:
            s, proc = timed_run(cmd, cwd=src, env=env)
            seconds += s
            outputs.append(proc.stdout + proc.stderr)
            codes.append(proc.returncode)
        out = "\n".join(outputs)
        summary = (
            pytest_summary(out)
            if kind != "lint"
            else ("clean" if not any(codes) else first_line(tail(out, 3)))
        )
        ok = all(c in (0, 5) for c in codes)  # 5: pytest collected nothing
        res.data[kind] = {
            "seconds": seconds,
            "exit_codes": codes,
            "summary": summary,
            "command": [" ".join(c) for c in cmds],
        }
        total += seconds
        value = f"{seconds:.1f} s (1 run) — {summary}"
        if ok:
            res.rows.append(Row("tests", f"{kind}: {label}", value))
        else:
            res.data[kind]["output_tail"] = tail(out, 40)
            res.rows.append(Row("tests", f"{kind}: {label}", f"FAILED {value}", met="FAILED"))
            res.errors.append(f"{kind} exited {codes}: {summary}")
    if not browser:
        res.rows.append(Row("tests", "browser", "n/a (no browser tests found)", met="n/a"))
        res.data["browser"] = "n/a"
    res.data["total_s"] = total
    res.rows.append(Row("tests", "make test, sum of the kinds above", f"{total:.1f} s (1 run)"))
    if res.errors:
        res.status = "partial"
    return res
