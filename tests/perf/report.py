"""Ratios to the bare endpoint, the targets of issue 10, and the readable table."""

from __future__ import annotations

from tests.perf.endpoints import BARE

P95_LIMIT_MS = 100.0
CPU_RATIO_LIMIT = 8.0
RSS_LIMIT_MB = 250.0


def _ratio(value, base):
    if value is None or not base:
        return None
    return round(value / base, 2)


def add_ratios(results: dict[str, dict]) -> None:
    bare = results.get(BARE)
    if not bare:
        return
    for row in results.values():
        row["ratios_to_bare"] = {
            "throughput": _ratio(row["saturation"]["throughput_rps"],
                                 bare["saturation"]["throughput_rps"]),
            "p50": _ratio(row["fixed_rate"]["p50_ms"], bare["fixed_rate"]["p50_ms"]),
            "p95": _ratio(row["fixed_rate"]["p95_ms"], bare["fixed_rate"]["p95_ms"]),
            "p99": _ratio(row["fixed_rate"]["p99_ms"], bare["fixed_rate"]["p99_ms"]),
            "cpu_per_request": _ratio(row["cpu_ms_per_request"], bare["cpu_ms_per_request"]),
            "response_bytes": _ratio(row["response_bytes"], bare["response_bytes"]),
        }  # fmt: skip


def evaluate_targets(results: dict[str, dict], memory: dict) -> list[dict]:
    """Issue 10: list API CPU ≤ 8× bare; p95 < 100 ms at half saturation (pages and
    lists); queries constant in the number of rows; worker RSS < 250 MB."""
    add_ratios(results)
    targets = []
    for name, row in results.items():
        if name == BARE:
            continue
        p95 = row["fixed_rate"]["p95_ms"]
        targets.append({
            "endpoint": name, "figure": "p95 at half saturation",
            "target": f"< {P95_LIMIT_MS:.0f} ms", "value": p95,
            "passed": p95 is not None and p95 < P95_LIMIT_MS and not row["fixed_rate"]["errors"],
        })  # fmt: skip
        if row["kind"] == "api":
            ratio = row["ratios_to_bare"]["cpu_per_request"]
            targets.append({
                "endpoint": name, "figure": "CPU per request vs bare",
                "target": f"≤ {CPU_RATIO_LIMIT:.0f}×", "value": ratio,
                "passed": ratio is not None and ratio <= CPU_RATIO_LIMIT,
            })  # fmt: skip
        queries = row.get("queries", {})
        if "constant" in queries:
            targets.append({
                "endpoint": name, "figure": "queries constant in rows (N→2N)",
                "target": "equal", "value": f"{queries['n']}→{queries['two_n']}",
                "passed": queries["constant"],
            })  # fmt: skip
        if row["saturation"]["errors"] or row["fixed_rate"]["errors"]:
            targets.append({
                "endpoint": name, "figure": "no errors under load", "target": "0",
                "value": row["saturation"]["errors"] + row["fixed_rate"]["errors"],
                "passed": False,
            })  # fmt: skip
    targets += ratio_targets(results)
    rss = memory.get("max_worker_rss_mb")
    targets.append({
        "endpoint": "all", "figure": f"worker RSS after {memory.get('requests_served')} requests",
        "target": f"< {RSS_LIMIT_MB:.0f} MB", "value": rss,
        "passed": rss is not None and rss < RSS_LIMIT_MB,
    })  # fmt: skip
    return targets


def ratio_targets(results: dict[str, dict]) -> list[dict]:
    """Issue 6: an endpoint against a reference endpoint (CPU per request and p95)."""
    from tests.perf.endpoints import RATIO_TARGETS

    targets = []
    for name, reference, limit in RATIO_TARGETS:
        row, ref = results.get(name), results.get(reference)
        if not row or not ref:
            continue
        for figure, value, base in (
            ("CPU per request", row["cpu_ms_per_request"], ref["cpu_ms_per_request"]),
            ("p95", row["fixed_rate"]["p95_ms"], ref["fixed_rate"]["p95_ms"]),
        ):
            ratio = _ratio(value, base)
            targets.append({
                "endpoint": name, "figure": f"{figure} vs {reference}",
                "target": f"≤ {limit:.0f}×", "value": ratio,
                "passed": ratio is not None and ratio <= limit,
            })  # fmt: skip
    return targets


def _fmt(value, spec: str = ".1f", suffix: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:{spec}}{suffix}"


def _verdicts(targets: list[dict], endpoint: str) -> str:
    short = {
        "p95 at half saturation": "p95",
        "CPU per request vs bare": "cpu",
        "queries constant in rows (N→2N)": "queries",
        "no errors under load": "errors",
    }
    marks = [
        f"{short.get(t['figure'], t['figure'])} {'ok' if t['passed'] else 'FAIL'}"
        for t in targets
        if t["endpoint"] == endpoint
    ]
    return ", ".join(marks) or "–"


def render_table(report: dict) -> str:
    results, targets = report["endpoints"], report["targets"]
    header = ("endpoint", "sat r/s", "×bare", "rate", "p50 ms", "p95 ms", "p99 ms", "p95×",
              "CPU ms/req", "CPU×", "DB ms/req", "queries N→2N", "KB", "targets")  # fmt: skip
    rows = []
    for name, row in results.items():
        ratios = row.get("ratios_to_bare", {})
        q = row.get("queries", {})
        query_cell = str(q.get("main", "–"))
        if "n" in q:
            query_cell += f" ({q['n']}→{q['two_n']})"
        fixed = row["fixed_rate"]
        rows.append((
            name,
            _fmt(row["saturation"]["throughput_rps"], ".0f"),
            _fmt(ratios.get("throughput"), ".2f"),
            _fmt(fixed["rate_rps"], ".0f"),
            _fmt(fixed["p50_ms"]), _fmt(fixed["p95_ms"]), _fmt(fixed["p99_ms"]),
            _fmt(ratios.get("p95"), ".1f"),
            _fmt(row["cpu_ms_per_request"], ".2f"),
            _fmt(ratios.get("cpu_per_request"), ".1f"),
            _fmt(row["db_cpu_ms_per_request"], ".2f"),
            query_cell,
            _fmt(row["response_bytes"] / 1024, ".1f"),
            _verdicts(targets, name),
        ))  # fmt: skip
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i in (0, len(cells) - 1) else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
    memory = report["memory"]
    out.append("")
    out.append(
        f"worker RSS after {memory['requests_served']} requests: "
        f"{', '.join(f'{m} MB' for m in memory['worker_rss_mb'])} "
        f"(target < {RSS_LIMIT_MB:.0f} MB: "
        f"{'ok' if targets and targets[-1]['passed'] else 'FAIL'})"
    )
    machine = report["machine"]
    out.append(
        f"machine: {machine['cpus']} CPUs, load average {machine['load_average_before'][0]} "
        f"before / {machine['load_average_after'][0]} after; dataset: "
        f"{report['dataset']['landscapes']} landscapes, {report['dataset']['users']} users, "
        f"{report['dataset']['partnerships']} partnerships, "
        f"{report['dataset'].get('investments', 0):,} investments, "
        f"{report['dataset'].get('transactions', 0):,} transactions, "
        f"{report['dataset'].get('measurements', 0):,} measurements"
    )
    failed = [t for t in targets if not t["passed"]]
    out.append(
        f"targets: {len(targets) - len(failed)} of {len(targets)} met"
        + ("" if not failed else "; missed: " + "; ".join(
            f"{t['endpoint']} {t['figure']} = {t['value']} (target {t['target']})"
            for t in failed))
    )  # fmt: skip
    return "\n".join(out)
