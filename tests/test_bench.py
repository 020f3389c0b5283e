"""The benchmark's helpers (the package bench): statistics, page weight, widget timing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import builds, common, interaction, pages, run, scaling

pytestmark = pytest.mark.toolchain  # bench/run.py times the build tools


def test_summary_reports_median_min_and_max():
    stats = common.summarize([3.0, 1.0, 2.0])
    assert (stats["median"], stats["min"], stats["max"], stats["runs"]) == (2.0, 1.0, 3.0, 3)


def test_p95_of_a_hundred_evenly_spaced_values_sits_near_the_top():
    values = list(range(1, 101))
    assert common.percentile(values, 95) == pytest.approx(95.05)
    assert common.percentile([7.0], 95) == 7.0


def test_linear_timings_grow_tenfold_per_tenfold_size():
    ratios = scaling.growth_ratios({1000: 0.01, 10_000: 0.1, 100_000: 1.0})
    assert ratios == pytest.approx({"1000->10000": 10.0, "10000->100000": 10.0})
    assert scaling.growth_row("x", ratios).met == "yes"
    assert scaling.growth_row("x", {"1000->10000": 100.0}).met == "no"


def test_font_face_counts_only_the_file_a_modern_browser_fetches():
    css = """
    /* url(ignored.png) */
    @font-face { font-family: A; src: url(a.eot);
                 src: url("a.eot?#iefix") format("embedded-opentype"),
                 url('a.woff2') format("woff2"), url(a.ttf) format("truetype"); }
    body { background: url(bg.png); }
    @import "more.css";
    .x { background: url(data:image/png;base64,AAAA); }
    """
    assert sorted(pages.css_urls(css)) == ["a.woff2", "bg.png", "more.css"]


def _site(root: Path) -> Path:
    html = root / "html"
    (html / "_static").mkdir(parents=True)
    (html / "_images").mkdir()
    (html / "_static" / "theme.css").write_text("@font-face{src:url(f.woff2) format('woff2')}")
    (html / "_static" / "f.woff2").write_bytes(b"f" * 100)
    (html / "_static" / "app.js").write_bytes(b"j" * 1000)
    (html / "_images" / "fig.png").write_bytes(b"p" * 5000)
    head = (
        '<link rel="stylesheet" href="_static/theme.css">'
        '<script src="_static/app.js"></script>'
        '<script src="https://cdn.example.org/x.js"></script>'
    )
    (html / "index.html").write_text(f"<html><head>{head}</head><body>hi</body></html>")
    (html / "chapter.html").write_text(
        f'<html><head>{head}</head><body><img src="_images/fig.png"><a href="big.zip">zip</a>'
        "</body></html>"
    )
    (html / "big.zip").write_bytes(b"z" * 10_000)  # linked, not loaded
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n- file: chapter\n")
    return html


def test_page_weight_adds_loaded_assets_once_and_lists_offsite_ones(tmp_path):
    html = _site(tmp_path)
    page = pages.page_weight(html / "chapter.html", html)
    css = (html / "_static" / "theme.css").stat().st_size
    html_bytes = (html / "chapter.html").stat().st_size
    assert page["total"] == html_bytes + css + 100 + 1000 + 5000
    assert page["figures"] == 5000
    assert page["without_figures"] == page["total"] - 5000
    assert page["offsite"] == ["https://cdn.example.org/x.js"]


def test_transfer_size_compresses_text_files_and_not_images(tmp_path):
    text = tmp_path / "a.js"
    text.write_text("var x = 1;\n" * 1000)
    image = tmp_path / "b.png"
    image.write_bytes(b"\x89PNG" + bytes(range(256)) * 20)
    assert pages.transfer_bytes(text) < text.stat().st_size / 10
    assert pages.transfer_bytes(image) == image.stat().st_size


def test_site_weights_pick_the_heaviest_toc_page(tmp_path):
    html = _site(tmp_path)
    site = pages.site_weights(tmp_path, html)
    assert site["page_count"] == 2
    assert site["largest"]["page"] == "chapter.html"
    assert site["lite_bytes"] is None
    assert site["archive_bytes"] == 10_000


class _FakeWidget:
    def __init__(self, path):
        self.path = path
        self.values = []

    @classmethod
    def for_workbook(cls, path):
        return cls(path)


class _BrokenWidget:
    @classmethod
    def for_workbook(cls, path):
        raise RuntimeError("demo workbook missing")


@pytest.fixture
def fake_steps(monkeypatch):
    """The benchmark's adapter (bench/steps.py), with a typical change for the fake widget."""
    from bench import steps  # imports the widgets

    monkeypatch.setitem(steps.STEPS, _FakeWidget, lambda widget, i: widget.values.append(i % 5))
    return steps


def test_the_adapter_opens_a_saved_example_plan_and_refuses_an_unknown_widget(fake_steps, tmp_path):
    widget = fake_steps.demo(_FakeWidget, tmp_path / "plan.workbook.json")
    assert (tmp_path / "plan.workbook.json").exists()
    fake_steps.step(widget, 7)
    assert widget.values == [2]
    with pytest.raises(TypeError, match="no typical change for _BrokenWidget"):
        fake_steps.step(_BrokenWidget(), 0)


def test_each_widget_is_timed_over_at_least_fifty_changes(fake_steps, tmp_path):
    ctx = common.Context(tmp=tmp_path, exercises={"01-fake": _FakeWidget}, changes=3)
    res = interaction.section_interaction(ctx)
    assert res.status == "ok"
    # each widget is timed twice: drawing every figure afresh, and revisiting values
    assert res.data["01-fake/fresh"]["changes"] == 50
    assert res.data["01-fake/revisit"]["changes"] == 50
    assert [r.met for r in res.rows] == ["yes", "yes"]


def test_a_broken_widget_is_reported_without_hiding_the_others(fake_steps, tmp_path):
    ctx = common.Context(tmp=tmp_path, exercises={"a": _BrokenWidget, "b": _FakeWidget})
    res = interaction.section_interaction(ctx)
    assert res.status == "partial"
    assert [r.met for r in res.rows] == ["FAILED", "FAILED", "yes", "yes"]


def test_a_failing_section_is_reported_and_the_next_still_runs(tmp_path):
    def boom(ctx):
        raise RuntimeError("kaput")

    def fine(ctx):
        return common.SectionResult(rows=[common.Row("", "thing", "1 s")])

    ctx = common.Context(tmp=tmp_path)
    results = run.run_sections(ctx, ["a", "b"], {"a": boom, "b": fine})
    assert results["a"].status == "failed"
    assert results["b"].status == "ok"
    table = common.render_table(results)
    assert "FAILED" in table and "kaput" in table and "thing" in table


def test_cli_rejects_unknown_sections_and_quick_means_one_run():
    assert run.parse_args(["--quick"]).runs == 1
    assert run.parse_args(["--only", "scaling,build"]).sections == ["build", "scaling"]
    with pytest.raises(SystemExit):
        run.parse_args(["--only", "nonsense"])


def test_results_are_plain_json():
    import numpy as np

    data = run.to_jsonable({"a": np.float64(1.5), "b": (Path("x"), {np.int64(2)})})
    assert json.loads(json.dumps(data)) == {"a": 1.5, "b": ["x", [2]]}


def test_build_phases_split_the_log_by_when_each_stage_began():
    lines = [
        (0.5, "Running Sphinx v7.4.7"),
        (2.0, "reading sources... [ 10%] book/index"),
        (3.0, "/x/book/a.md: Executed notebook in 4.50 seconds [mystnb]"),
        (9.0, "writing output... [ 50%] book/index"),
        (10.0, "writing output... [100%] book/a"),
        (12.0, "dumping object inventory... done"),
        (12.5, "[jupyterlite-sphinx] Running JupyterLite build"),
        (15.5, "[jupyterlite-sphinx] JupyterLite build done"),
    ]
    phases = builds.build_phases(lines, total=16.0)
    assert phases["startup"] == pytest.approx(2.0)
    assert phases["read"] == pytest.approx(7.0)
    assert phases["write"] == pytest.approx(3.0)
    assert phases["after"] == pytest.approx(4.0)
    assert phases["execute"] == pytest.approx(4.5)
    assert (phases["notebooks_executed"], phases["pages_written"]) == (1, 2)
    assert phases["jupyterlite"] == pytest.approx(3.0)


def test_a_failed_build_is_summed_up_by_page_and_cause():
    log = "\n".join(
        [
            "Traceback (most recent call last):",
            "nbclient.exceptions.CellExecutionError: An error occurred while executing",
            "\x1b[31mTypeError\x1b[39m: register must be a RiskRegister, got DataFrame",
            "myst_nb.core.execute.base.ExecutionError: /tmp/site/book/part2/execution.md",
            "RuntimeError: ",
        ]
    )
    assert builds.build_error(log) == (
        "executing /tmp/site/book/part2/execution.md; "
        "TypeError: register must be a RiskRegister, got DataFrame"
    )
