"""A soak of random kills: builds, validations and queries stopped at random moments by a signal.

Each trial starts one real ``aizones`` command on a copy of the project, sends it SIGKILL,
SIGTERM or SIGINT after a random delay (up to a little longer than the command takes), and then
checks what a user would find:

- ``dist/`` is a complete build, byte for byte one of the two builds the data can give (the
  trials switch the data between two versions, so a build that lands can be told from one that
  did not); ``dist/queries/``, when there, is complete by its own manifest; a single-file output
  (``validate -o``, ``query -o``) is absent or complete, never half written;
- nothing is left beside them but what ``docs/reliability.md`` names: after a SIGKILL the killed
  process's staging folder or temporary file (``.dist.staging-<pid>``, ``.NAME.staging-<pid>``,
  ``dist.store/.store.staging-<pid>``), removed by the next run; after SIGTERM or SIGINT, nothing;
  ``dist.store/`` holds only its mark and stores named by a release's digest;
- no process started by the command is alive a few seconds after it ended: every process the
  command starts carries a tag in its environment, and ``/proc`` is searched for it (the forked
  limits' children, the fork pool's workers and the JVM of HermiT included), two seconds after the command ended.

At the end one run of each command, not killed, must leave no leftover at all.
``make soak`` runs 200 trials (``python -m tests.end_to_end.soak --kills 200``) and prints the
table that ``docs/reliability.md`` quotes; ``test_soak.py`` runs a few in the suite.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path

from tests.support.folders import snapshot
from tests.support.paths import REPO

SIGNALS = (signal.SIGKILL, signal.SIGKILL, signal.SIGKILL, signal.SIGTERM, signal.SIGINT)
PROJECT_PARTS = ("ontology", "graph", "queries")
REPORT, ANSWER = "report.tsv", "answer.csv"  # the single-file outputs the trials write
CHANGED_FILE = Path("graph") / "reference" / "regions.ttl"  # switched between two versions by the build trials
# What a SIGKILLed run may leave, with the killed process's pid: a staging folder or file beside its target.
STORE, STORE_MARK = "dist.store", ".aizones-store"  # the readers' on-disk store beside dist/ (publishing.release_store)
_LEFTOVER = re.compile(r"^\.(?P<target>.+)\.staging-(?:old-)?(?P<pid>\d+)$")

COMMANDS: dict[str, tuple[str, ...]] = {
    "build": ("build", "-q", "--no-pictures"),
    "build+pictures": ("build", "-q"),
    "validate": ("validate", "--format", "tsv", "-o", REPORT),
    "query --all": ("query", "--all", "--format", "csv"),
    "query": ("query", "multi-source-facts", "--format", "csv", "-o", ANSWER),
}
WEIGHTS = {"build": 4, "build+pictures": 1, "validate": 3, "query --all": 1, "query": 1}


@dataclass
class Trial:
    command: str
    signal: str
    after: float  # seconds from start to the signal
    code: int | None  # the exit status; negative: killed by that signal
    dist: str  # "version A", "version B" (with pictures or not) or what was wrong
    leftovers: list[str]
    orphans: list[int]


@dataclass
class Soak:
    trials: list[Trial] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def table(self) -> str:
        """The outcome per command and signal, as Markdown."""
        counts = Counter((t.command, t.signal) for t in self.trials)
        landed = Counter((t.command, t.signal, t.dist) for t in self.trials)
        leftovers = Counter((t.command, t.signal) for t in self.trials if t.leftovers)
        lines = [
            "| command | signal | trials | `dist/` after it: A / B / other | trials after which a killed run's staging was present | orphans |",
            "|---|---|---|---|---|---|",
        ]
        for key in sorted(counts):
            orphans = sum(len(t.orphans) for t in self.trials if (t.command, t.signal) == key)
            versions = [sum(n for (c, s, d), n in landed.items() if (c, s) == key and d.startswith(v)) for v in ("version A", "version B")]
            outcome, other = " / ".join(map(str, versions)), counts[key] - sum(versions)
            lines.append(f"| `{key[0]}` | {key[1]} | {counts[key]} | {outcome} / {other} | {leftovers[key]} | {orphans} |")
        return "\n".join(lines) + "\n"


def _tagged_processes(tag: str) -> list[int]:
    """Processes whose environment carries ``tag``: everything a trial's command started."""
    needle = f"AIZONES_SOAK_TAG={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environment = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or a zombie
            continue
        if needle in environment.split(b"\0"):
            found.append(int(entry.name))
    return found


def _orphans_after(tag: str, patience: float = 2.0) -> list[int]:
    deadline = time.monotonic() + patience
    while True:
        alive = _tagged_processes(tag)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def _complete_by_manifest(files: dict[str, bytes]) -> bool:
    """Every file is listed in the manifest with its sha256, and every listed file is there."""
    if "manifest.json" not in files:
        return False
    listed = json.loads(files["manifest.json"])["files"]
    return set(listed) | {"manifest.json"} == set(files) and all(sha256(files[n]).hexdigest() == e["sha256"] for n, e in listed.items())


def _check_dist(dist: Path, builds: dict[str, dict[str, bytes]]) -> str:
    if not dist.is_dir():
        return "dist/ is missing"
    # a SIGKILLed ``query --all`` leaves its staging folder inside dist/: a leftover, judged by _leftovers
    now = {name: data for name, data in snapshot(dist).items() if not _LEFTOVER.match(name.split("/", 1)[0])}
    # the build writes its bound saved queries (``queries/NAME.rq``) into the folder the answers go to
    build = {name: data for name, data in now.items() if not name.startswith("queries/") or name.endswith(".rq")}
    answers = {name.removeprefix("queries/"): data for name, data in now.items() if name.startswith("queries/")}
    if all(name.endswith(".rq") for name in answers):
        answers = {}  # the build's alone: no answers there
    version = next((name for name, files in builds.items() if files == build), None)
    if version is None:
        return "dist/ is neither build" + ("" if _complete_by_manifest(build) else " and not complete")
    if answers and not _complete_by_manifest(answers):
        return f"{version}, but dist/queries/ is incomplete"
    return version


def _leftovers(project: Path, killed: set[int], releases: set[str]) -> tuple[list[str], list[str]]:
    """(what is left beside the outputs, what of it the docs do not allow: anything but a staging
    folder or file of a process that was SIGKILLed)."""
    expected = {*PROJECT_PARTS, "dist", STORE, REPORT, ANSWER}
    seen, wrong = [], []
    for folder in (project, project / "dist", project / STORE):
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if (folder == project and entry.name in expected) or (folder.name == "dist" and not entry.name.startswith(".")):
                continue
            # the store folder holds its mark and the stores of releases, each named by its manifest's sha256
            if folder.name == STORE and (entry.name == STORE_MARK or entry.name.removesuffix(".inputs") in releases):
                continue
            name = entry.relative_to(project).as_posix()
            seen.append(name)
            match = _LEFTOVER.match(entry.name)
            if not match or int(match["pid"]) not in killed:
                wrong.append(name)
    return seen, wrong


def _start(project: Path, args: tuple[str, ...], tag: str) -> subprocess.Popen:
    env = {**os.environ, "AIZONES_SOAK_TAG": tag, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    env.pop("CI", None)
    return subprocess.Popen(
        [sys.executable, "-m", "aizones", *args], cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _timed(project: Path, args: tuple[str, ...]) -> float:
    started = time.monotonic()
    process = _start(project, args, uuid.uuid4().hex)
    if process.wait(timeout=600) != 0:
        raise RuntimeError(f"aizones {' '.join(args)} failed before the soak began")
    return time.monotonic() - started


def _versions(project: Path) -> dict[str, str]:
    """Two versions of one data file: as it is, and with one more fact, so a landed build shows."""
    original = (project / CHANGED_FILE).read_text(encoding="utf-8")
    extra = '\n<https://aizones.example/soak#marker> <http://www.w3.org/2000/01/rdf-schema#comment> "soak" .\n'
    return {"version A": original, "version B": original + extra}


def soak(kills: int, seed: int = 1, source: Path = REPO, pictures: bool = True, log=print) -> Soak:
    """Run ``kills`` trials on a copy of the project in ``source``; return what they found.

    ``pictures=False`` leaves out the builds that draw (a third of the set-up time), for the suite.
    """
    result, chance, started = Soak(), random.Random(seed), time.monotonic()
    weights = {name: weight for name, weight in WEIGHTS.items() if pictures or name != "build+pictures"}
    with tempfile.TemporaryDirectory(prefix="aizones-soak-") as scratch:
        project = Path(scratch) / "project"
        for part in PROJECT_PARTS:
            shutil.copytree(source / part, project / part)
        versions, builds = _versions(project), {}
        durations = {}
        whole: dict[str, set[bytes]] = {REPORT: set(), ANSWER: set()}  # what a single-file output may hold
        for name, text in versions.items():  # the four complete builds a trial may leave
            (project / CHANGED_FILE).write_text(text, encoding="utf-8")
            for kind in [k for k in ("build", "build+pictures") if k in weights]:
                durations[kind] = _timed(project, COMMANDS[kind])
                builds[f"{name}{' with pictures' if kind != 'build' else ''}"] = snapshot(project / "dist")
            for kind in ("validate", "query --all", "query"):
                durations[kind] = _timed(project, COMMANDS[kind])
            for output in whole:
                whole[output].add((project / output).read_bytes())
        for answer in (project / "dist" / "queries").glob("*"):  # the answers go; the build's bound queries stay
            if answer.suffix != ".rq":
                answer.unlink()
        releases = {sha256(files["manifest.json"]).hexdigest() for files in builds.values()}
        names, killed = list(weights), set()
        for number in range(kills):
            command = chance.choices(names, weights=[weights[n] for n in names])[0]
            if command.startswith("build"):
                (project / CHANGED_FILE).write_text(versions[chance.choice(list(versions))], encoding="utf-8")
            sent = chance.choice(SIGNALS)
            after = chance.uniform(0.0, durations[command] * 1.1)
            tag = uuid.uuid4().hex
            process = _start(project, COMMANDS[command], tag)
            time.sleep(after)
            signalled = process.poll() is None
            if signalled:
                process.send_signal(sent)
            try:
                code = process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait()
                result.problems.append(f"trial {number}: {command} ignored {sent.name} for two minutes")
            orphans = _orphans_after(tag)
            for pid in orphans:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            if signalled and sent == signal.SIGKILL:
                killed.add(process.pid)
            seen, wrong = _leftovers(project, killed, releases)
            dist = _check_dist(project / "dist", builds)
            trial = Trial(command, sent.name if signalled else "none (ended first)", round(after, 3), code, dist, seen, orphans)
            result.trials.append(trial)
            problems = (
                *(f"leftover {name}" for name in wrong),
                *([f"{len(orphans)} processes alive after it ended"] if orphans else []),
                *([dist] if not dist.startswith("version") or "," in dist else []),
                *(
                    f"{output} is not a whole output"
                    for output in whole
                    if (project / output).exists() and (project / output).read_bytes() not in whole[output]
                ),
            )
            for problem in problems:
                result.problems.append(f"trial {number} ({command}, {sent.name} after {after:.2f} s, exit {code}): {problem}")
            log(f"{number:4} {command:15} {sent.name:8} after {after:6.2f} s  exit {code:>4}  {dist}  {' '.join(seen)}")
        for name in ("build", "validate", "query --all", "query"):  # a run to the end cleans up after the killed ones
            _timed(project, COMMANDS[name])
        seen, _ = _leftovers(project, set(), releases)
        result.problems.extend(f"after the final runs: leftover {name}" for name in seen)
    result.seconds = time.monotonic() - started
    return result


def _write_into_doc(result: Soak, args) -> None:
    """The table between ``<!-- soak:begin -->`` and ``<!-- soak:end -->`` of docs/reliability.md."""
    doc = REPO / "docs" / "reliability.md"
    text = doc.read_text(encoding="utf-8")
    begin, end = "<!-- soak:begin -->\n", "<!-- soak:end -->"
    summary = (
        f"{len(result.trials)} trials (seed {args.seed}) in {result.seconds:.0f} s on the 2-core machine; "
        f"{len(result.problems)} problems{':' if result.problems else '.'}\n"
    )
    problems = "".join(f"- {problem}\n" for problem in result.problems)
    body = f"{result.table()}\n{summary}{problems}"
    head, rest = text.split(begin, 1)
    doc.write_text(head + begin + body + end + rest.split(end, 1)[1], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--doc", action="store_true", help="also write the table into docs/reliability.md")
    args = parser.parse_args(argv)
    result = soak(args.kills, args.seed)
    if args.doc:
        _write_into_doc(result, args)
    print()
    print(result.table(), end="")
    print(f"\n{len(result.trials)} trials in {result.seconds:.0f} s; {len(result.problems)} problems")
    for problem in result.problems:
        print(f"  {problem}")
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
