"""Saving never loses work: merged saves between exercises, atomic writes, failed saves."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from alliancelab import _files
from alliancelab.report import export_plan
from alliancelab.widgets import (
    CapabilityExercise,
    DealDesignExercise,
    ScorecardExercise,
)
from alliancelab.workbook import (
    Charter,
    Snapshot,
    Venture,
    Workbook,
    WorkbookConflict,
    example_workbook,
    load_snapshot,
    load_workbook,
    merge_workbooks,
    save_merged,
    save_workbook,
)


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "team.workbook.json"
    save_workbook(example_workbook(), p)
    return p


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- merging


def test_merge_takes_our_changed_parts_and_keeps_theirs():
    base = Workbook(Venture("Brightcell"))
    ours = base.with_section(time_horizon="3 years", reflections={"scorecard": "ours"})
    theirs = base.with_section(charter=Charter(scope="Fleet pilot"), reflections={"deal": "t"})
    merged = merge_workbooks(base, ours, theirs)
    assert merged.time_horizon == "3 years"
    assert merged.charter.scope == "Fleet pilot"
    assert merged.reflections == {"scorecard": "ours", "deal": "t"}


def test_merge_refuses_when_both_sides_changed_the_same_part():
    base = Workbook(Venture("Brightcell"))
    with pytest.raises(WorkbookConflict, match="the charter of your plan was changed"):
        merge_workbooks(
            base,
            base.with_section(charter=Charter(scope="ours")),
            base.with_section(charter=Charter(scope="theirs")),
        )


def test_merge_treats_criteria_and_scorecards_as_one_part():
    base = example_workbook()
    crit = base.criteria[:3]
    cards = tuple(c.__class__(c.candidate, dict(c.scores), c.notes) for c in base.scorecards)
    ours = base.with_section(criteria=crit)
    theirs = base.with_section(scorecards=cards[:1])
    with pytest.raises(WorkbookConflict, match="partner scorecard"):
        merge_workbooks(base, ours, theirs)


def test_save_merged_keeps_what_another_exercise_saved_meanwhile(path):
    one = load_snapshot(path)
    four = load_snapshot(path)
    scope = "Phase 1 assay validation only; manufacturing is out of scope"
    save_merged(path, four.workbook.with_section(charter=Charter(scope=scope)), four)
    after = save_merged(path, one.workbook.with_section(time_horizon="5 years"), one)
    saved = load_workbook(path)
    assert saved.charter.scope == scope and saved.time_horizon == "5 years"
    assert after.workbook == saved  # the exercise now holds the other one's change too


def test_two_open_exercises_never_overwrite_each_other(path):
    """The probe of the issue: change the scope in exercise 4, then a score in exercise 1."""
    scorecard = ScorecardExercise.for_workbook(path)
    deal = DealDesignExercise.for_workbook(path)
    deal.charter["scope"].value = "Candidate A only, EU markets"
    first = next(iter(scorecard.sliders))
    scorecard.sliders[first].value = 1 if scorecard.sliders[first].value != 1 else 2
    saved = load_workbook(path)
    assert saved.charter.scope == "Candidate A only, EU markets"
    assert saved.scorecards == scorecard.workbook.scorecards
    assert scorecard.workbook.charter.scope == "Candidate A only, EU markets"
    assert scorecard.error.value == deal.error.value == ""


def test_a_conflicting_change_is_not_saved_and_says_so_with_a_reload_button(path):
    left = DealDesignExercise.for_workbook(path)
    right = DealDesignExercise.for_workbook(path)
    left.charter["scope"].value = "left window"
    right.charter["scope"].value = "right window"
    assert load_workbook(path).charter.scope == "left window"
    assert "changed in another exercise or window" in right.error.value
    assert "Not saved" in right.status.value and "✓" not in right.status.value
    assert right.reload_button.layout.display != "none"
    right.reload_button.click()
    assert right.charter["scope"].value == "left window"
    assert right.error.value == "" and right.reload_button.layout.display == "none"
    right.charter["scope"].value = "right, after reloading"
    assert load_workbook(path).charter.scope == "right, after reloading"


_WRITER = textwrap.dedent(
    """
    import sys
    from alliancelab.workbook import Charter, load_snapshot, save_merged

    path, who, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    snap = load_snapshot(path)
    for i in range(rounds):
        wb = snap.workbook
        if who == "A":
            wb = wb.with_section(time_horizon=f"A{i}")
        else:
            wb = wb.with_section(charter=Charter(scope=f"B{i}"))
        snap = save_merged(path, wb, snap)
    """
)


def test_two_processes_saving_one_workbook_keep_both_changes(path):
    rounds = 40
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), who, str(rounds)])
        for who in ("A", "B")
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    saved = load_workbook(path)
    assert saved.time_horizon == f"A{rounds - 1}"
    assert saved.charter.scope == f"B{rounds - 1}"


# ---------------------------------------------------------------- atomic writes

_KILLED = textwrap.dedent(
    """
    import sys
    from alliancelab.workbook import Charter, Snapshot, example_workbook, save_merged

    base = example_workbook()
    snap = Snapshot(base)
    i = 0
    while True:
        i += 1
        wb = snap.workbook.with_section(charter=Charter(scope="x" * (i % 5000)))
        snap = save_merged(sys.argv[1], wb, snap)
    """
)


def test_random_kills_during_saves_never_leave_a_broken_workbook(tmp_path):
    path = tmp_path / "plan.json"
    rng = random.Random(20261202)  # seeded: the same kill times on every run
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", _KILLED, str(path)])
        deadline = time.monotonic() + 60
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert load_workbook(path).venture == example_workbook().venture
    # a killed save may leave its temporary file; the next save clears it away
    snap = load_snapshot(path)
    save_merged(path, snap.workbook.with_section(time_horizon="2 years"), snap)
    assert leftovers(tmp_path) == []


def test_saving_through_a_symlink_updates_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real" / "plan.json"
    real.parent.mkdir()
    save_workbook(example_workbook(), real)
    link = tmp_path / "plan-link.json"
    link.symlink_to(real)
    ex = DealDesignExercise.for_workbook(link)
    ex.horizon.value = "7 years"
    assert link.is_symlink()
    assert load_workbook(real).time_horizon == "7 years"


def test_a_save_keeps_the_file_permissions(path):
    os.chmod(path, 0o644)
    snap = load_snapshot(path)
    save_merged(path, snap.workbook.with_section(time_horizon="2 years"), snap)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_new_file_gets_the_usual_permissions_not_private_ones(tmp_path):
    target = _files.atomic_write(tmp_path / "new.md", "text")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_a_full_disk_keeps_the_old_file_and_the_status_says_not_saved(path, monkeypatch):
    ex = DealDesignExercise.for_workbook(path)
    before = path.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_files.os, "fsync", full)
    ex.horizon.value = "9 years"
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []
    assert "the disk is full" in ex.error.value
    assert "Not saved" in ex.status.value and "✓" not in ex.status.value
    monkeypatch.undo()
    ex.horizon.value = "10 years"
    assert "✓ Saved" in ex.status.value and ex.error.value == ""
    assert load_workbook(path).time_horizon == "10 years"


def test_a_read_only_folder_is_reported_with_the_file_name_not_the_temporary_one(path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path.parent / ".x.tmp"))

    monkeypatch.setattr(_files.tempfile, "mkstemp", refuse)
    with pytest.raises(OSError, match=r"cannot write team\.workbook\.json in .*Permission denied"):
        save_workbook(example_workbook(), path)
    ex = DealDesignExercise.for_workbook(path)
    ex.horizon.value = "4 years"
    assert "team.workbook.json" in ex.error.value and ".tmp" not in ex.error.value


def test_a_failed_export_leaves_the_earlier_export_and_no_temporary_file(tmp_path, monkeypatch):
    md, page = export_plan(example_workbook(), tmp_path / "plan")
    earlier = md.read_text()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_files.os, "fsync", full)
    with pytest.raises(OSError, match=r"could not write plan\.md: the disk is full"):
        export_plan(Workbook(Venture("Other")), tmp_path / "plan")
    assert md.read_text() == earlier
    assert leftovers(tmp_path) == []
    assert [p.stat().st_size > 0 for p in (md, page)] == [True, True]


def test_export_from_an_unreadable_workbook_writes_nothing(tmp_path):
    path = tmp_path / "mine.workbook.json"
    path.write_text("{broken")
    earlier = tmp_path / "mine-plan.md"
    earlier.write_text("my earlier export")
    ex = CapabilityExercise.for_workbook(path)
    assert not ex.can_save
    ex.export()
    assert earlier.read_text() == "my earlier export"
    assert not (tmp_path / "mine-plan.html").exists()
    assert "nothing of yours to export" in ex.exported.value
    assert path.read_text() == "{broken"


def test_snapshot_of_a_new_plan_has_no_digest():
    assert Snapshot(Workbook(Venture("x"))).digest is None


def test_saved_file_is_the_json_of_the_merged_plan(path):
    snap = load_snapshot(path)
    after = save_merged(path, snap.workbook.with_section(time_horizon="1 year"), snap)
    assert json.loads(path.read_text())["time_horizon"] == "1 year"
    assert load_snapshot(path).digest == after.digest


# ---------------------------------------------------------------- untouched data stays as it is


def _with(path, **sections):
    doc = example_workbook().to_dict()
    doc.update(sections)
    path.write_text(json.dumps(doc))
    return path


def test_a_weight_beyond_the_slider_range_is_shown_and_saved_as_stored(tmp_path):
    doc = example_workbook().to_dict()
    doc["criteria"][0]["weight"] = 10.0
    path = _with(tmp_path / "plan.json", criteria=doc["criteria"])
    ex = ScorecardExercise.for_workbook(path)
    name = doc["criteria"][0]["name"]
    assert ex.weights[name].value == 10.0
    other = list(ex.sliders)[1]
    ex.sliders[other].value = 1 if ex.sliders[other].value != 1 else 2  # touch something else
    assert ex.error.value == ""
    assert load_workbook(path).criteria[0].weight == 10.0


def test_alliances_done_beyond_the_slider_range_is_kept(tmp_path):
    doc = example_workbook().to_dict()
    doc["capability"]["alliances_done"] = 25
    path = _with(tmp_path / "plan.json", capability=doc["capability"])
    ex = CapabilityExercise.for_workbook(path)
    assert ex.done.value == 25
    first = next(iter(ex.levels))
    ex.levels[first].value = 3 if ex.levels[first].value != 3 else 2
    assert load_workbook(path).capability.alliances_done == 25


def test_a_short_time_horizon_below_the_slider_range_is_kept(tmp_path):
    doc = example_workbook().to_dict()
    doc["governance_factors"]["time_horizon_years"] = 0.2
    path = _with(tmp_path / "plan.json", governance_factors=doc["governance_factors"])
    ex = DealDesignExercise.for_workbook(path)
    assert ex.factors["time_horizon_years"].value == 0.2
    ex.horizon.value = "a short pilot"
    assert load_workbook(path).governance_factors.time_horizon_years == 0.2
