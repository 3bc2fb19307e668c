"""What each RDF file of a build costs to write and to check, one file at a time.

    python benchmarks/reread_costs.py ROOT

Makes the build's canonical forms of ROOT (read and reasoned over as ``aizones build`` does), then
for every RDF file the build writes: the seconds (wall and CPU) to write it, and the seconds and peak memory (the
peak resident size it added to what it shared when forked) of its re-read check (``aizones.publishing.reread.problem``) run in a
forked child, as the build runs it. Best of three, printed as JSON. It runs against whichever
``aizones`` is first on PYTHONPATH, so the same command measures two branches side by side.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from aizones.core.formats import RDF_FORMATS
from aizones.pipeline import _canonical_forms, open_dataset
from aizones.publishing.layout import DATASET_FILES, INFERRED_FILE, UNION_FILES
from aizones.publishing.reread import Expected, Reread, problem

REPEATS = 3


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _checked_in_child(job: Reread) -> tuple[float, float, float]:
    """Seconds (wall and CPU) of ``problem(job)`` in a forked child, as the build runs it, and the memory it added:
    the child's peak resident size less what it held when forked (the parent's pages it maps)."""
    read, write = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        before = _status_mb("VmRSS")
        ok = problem(job) is None
        os.write(write, json.dumps([ok, _status_mb("VmHWM") - before]).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        ok, added = json.loads(answer.read())
    _, _, usage = os.wait4(pid, 0)
    if not ok:
        raise SystemExit(f"{job.name}: the check failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, added


def _expected(writer, fmt) -> Expected:
    """What the build hands the check (made in the child, as there)."""
    parts = [lambda: writer.digest(fmt), lambda: writer.expected(fmt)]
    if hasattr(writer, "line_sums"):  # the order-free check of the readable files (branch formats)
        parts.append(lambda: writer.line_sums(fmt))
    return Expected(*parts)


def main(root: Path) -> dict:
    writers = _canonical_forms(open_dataset(root))
    files = [(name, "union", fmt) for name, fmt in UNION_FILES.items()]
    files += [(name, "dataset", fmt) for name, fmt in DATASET_FILES.items()]
    files.append((INFERRED_FILE, "inferred", "turtle"))
    found: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, role, fmt_name in files:
            writer, fmt = writers[role], RDF_FORMATS[fmt_name]
            path = Path(folder) / name
            writes, write_cpu, checks, check_cpu, memory = [], [], [], [], []
            for _ in range(REPEATS):
                start, cpu = time.perf_counter(), time.process_time()
                with path.open("wb") as handle:
                    writer.write_to(fmt, handle)
                writes.append(time.perf_counter() - start)
                write_cpu.append(time.process_time() - cpu)
                seconds, cpu_seconds, peak = _checked_in_child(Reread(name, path, fmt, _expected(writer, fmt)))
                checks.append(seconds)
                check_cpu.append(cpu_seconds)
                memory.append(peak)
            found[name] = {
                "quads": writer.count(fmt),
                "write_s": round(min(writes), 3),
                "write_cpu_s": round(min(write_cpu), 3),
                "check_s": round(min(checks), 3),
                "check_cpu_s": round(min(check_cpu), 3),
                "check_added_mb": round(min(memory)),
                "bytes": path.stat().st_size,
            }
    return found


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), indent=2))
