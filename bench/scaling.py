"""The scaling section: ranking and the risk matrix at growing N, and how their time grows."""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Callable
from typing import Any

from bench.common import SEED, Context, Row, SectionResult, fmt_range, summarize, yes_no

TARGET_RANK_100K_S = 1.0
#: "close to linear": each tenfold increase in N may cost at most this factor in time.
TARGET_GROWTH = 13.0


def growth_ratios(times: dict[int, float]) -> dict[str, float]:
    """Ratios t(N2)/t(N1) between consecutive sizes, keyed ``"N1->N2"``."""
    sizes = sorted(times)
    return {
        f"{a}->{b}": times[b] / times[a] if times[a] > 0 else float("inf")
        for a, b in itertools.pairwise(sizes)
    }


def random_scorecards(n: int, seed: int = SEED):
    """A wide scorecard frame (candidate + the four factors, scores 1-5) of n candidates."""
    import numpy as np
    import pandas as pd

    from alliancelab.scorecard import SELECTION_FACTORS

    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        rng.integers(1, 6, size=(n, len(SELECTION_FACTORS))), columns=list(SELECTION_FACTORS)
    )
    frame.insert(0, "candidate", [f"Candidate {i:06d}" for i in range(n)])
    return frame


def time_call(fn: Callable[[], Any], reps: int, cpu: list[float] | None = None) -> list[float]:
    """Wall seconds of each of ``reps`` calls; CPU seconds go to ``cpu`` when given.

    CPU time (of this process) hardly moves when other programs load the machine, so the
    growth ratios are taken from it.
    """
    out = []
    for _ in range(reps):
        gc.collect()  # each call starts from the same heap, not the last call's garbage
        c0 = time.process_time()
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
        if cpu is not None:
            cpu.append(time.process_time() - c0)
    return out


def random_risks(n: int, seed: int = SEED) -> list[tuple[str, str, int, int]]:
    """n rated risks as (name, risk class, likelihood, impact), deterministic.

    Names are the seven standard risks numbered (``"coordination #17"``) so they are unique.
    """
    import numpy as np

    from alliancelab.risks import STANDARD_RISKS

    rng = np.random.default_rng(seed)
    kinds = rng.integers(0, len(STANDARD_RISKS), size=n)
    li = rng.integers(1, 6, size=n)
    im = rng.integers(1, 6, size=n)
    return [
        (f"{STANDARD_RISKS[k].name} #{i}", STANDARD_RISKS[k].risk_class, int(a), int(b))
        for i, (k, a, b) in enumerate(zip(kinds, li, im, strict=True))
    ]


def build_register(rows: list[tuple[str, str, int, int]]):
    """A RiskRegister of the rows, all rated at one assessment (validation included)."""
    from alliancelab.risks import Risk, RiskRegister

    risks = tuple(Risk(name, cls) for name, cls, _, _ in rows)
    return RiskRegister(risks, {"bench": {name: (a, b) for name, _, a, b in rows}})


def risk_matrix(register: Any):
    """The risk table of the register and its 5x5 likelihood x impact counts."""
    from alliancelab.risks import risk_matrix_counts, risk_table

    return risk_matrix_counts(risk_table(register))


def section_scaling(ctx: Context) -> SectionResult:
    res = SectionResult()
    reps = max(ctx.runs, 5)  # cheap; more repetitions steady the growth ratios
    # ranking
    try:
        from alliancelab.scorecard import rank_candidates

        times = {}
        for n in ctx.sizes:
            frame = random_scorecards(n)
            rank_candidates(frame)  # warm-up (imports, caches)
            cpu: list[float] = []
            s = summarize(time_call(lambda f=frame: rank_candidates(f), reps, cpu))
            s["cpu"] = summarize(cpu)
            res.data.setdefault("rank_candidates", {})[str(n)] = s
            times[n] = s["cpu"]["min"]
            target = f"< {TARGET_RANK_100K_S:.0f} s" if n == 100_000 else ""
            met = yes_no(s["median"] < TARGET_RANK_100K_S) if n == 100_000 else "—"
            res.rows.append(
                Row("scaling", f"rank_candidates, N={n:,}", fmt_range(s, digits=3), target, met)
            )
        ratios = growth_ratios(times)
        res.data.setdefault("rank_candidates", {})["growth"] = ratios
        res.rows.append(growth_row("rank_candidates", ratios))
    except Exception as exc:
        res.fail("rank_candidates", exc)
        res.rows[-1].section = "scaling"
    # risk matrix
    try:
        times = {}
        build_times = {}
        for n in ctx.sizes:
            rows = random_risks(n)
            cpu_build: list[float] = []
            build = summarize(time_call(lambda r=rows: build_register(r), reps, cpu_build))
            register = build_register(rows)
            risk_matrix(register)  # warm-up
            cpu: list[float] = []
            s = summarize(time_call(lambda g=register: risk_matrix(g), reps, cpu))
            s["cpu"], build["cpu"] = summarize(cpu), summarize(cpu_build)
            res.data.setdefault("risk_matrix", {})[str(n)] = {
                "table_and_counts_s": s,
                "register_s": build,
                "total_median_s": s["median"] + build["median"],
            }
            times[n] = s["cpu"]["min"]
            build_times[n] = build["cpu"]["min"]
            res.rows.append(
                Row(
                    "scaling",
                    f"risk matrix of N={n:,} rated risks",
                    f"{s['median'] + build['median']:.3f} s = register "
                    f"{fmt_range(build, digits=3)} + table & 5x5 counts {fmt_range(s, digits=3)}",
                )
            )
        ratios = growth_ratios(times)
        res.data["risk_matrix"]["growth"] = ratios
        res.data["risk_matrix"]["register_growth"] = growth_ratios(build_times)
        res.rows.append(growth_row("risk table & counts", ratios))
        res.rows.append(growth_row("risk register", growth_ratios(build_times)))
    except Exception as exc:
        res.fail("risk matrix", exc)
        res.rows[-1].section = "scaling"
    return res


def growth_row(what: str, ratios: dict[str, float]) -> Row:
    text = ", ".join(f"{k}: x{v:.1f}" for k, v in ratios.items())
    ok = all(v <= TARGET_GROWTH for v in ratios.values())
    return Row(
        "scaling",
        f"{what}: growth t(10N)/t(N) (CPU time)",
        text,
        f"near-linear (<= x{TARGET_GROWTH:.0f})",
        yes_no(ok),
    )
