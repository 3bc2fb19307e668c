"""``aizones diff`` of two git revisions of a small project, each built in a scratch folder: a new
blank node (which moves every other blank node's canonical label) and a changed number are all it
reports; a name that is neither a folder nor a revision is one line and exit 2.
"""

from __future__ import annotations

import json
import subprocess

from tests.support.cli import run_cli

MINI = "http://example.org/mini#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _git(root, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_two_revisions_differ_in_what_was_changed_only(mini):
    _git(mini, "init", "-q")
    _git(mini, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    _git(mini, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first")
    hunan = mini / "graph" / "sources" / "hunan.ttl"
    text = hunan.read_text(encoding="utf-8").replace("ex:population 10000000", "ex:population 10500000")
    hunan.write_text(text + 'ex:hunan rdfs:comment [ rdfs:label "a new blank node, first of all"@en ] .\n', encoding="utf-8")
    _git(mini, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "second")

    done = run_cli("diff", "HEAD~1", "HEAD", "--format", "json", cwd=mini)
    assert done.code == 0, done.err
    result = json.loads(done.out)
    facts = sorted((f["kind"], f["entity"], f["property"], f["before"], f["after"]) for f in result["facts"])
    blank = [f for f in facts if f[1].startswith("_:")]
    label = {"value": "a new blank node, first of all", "datatype": RDF_LANG_STRING, "language": "en"}
    assert [f[0:1] + f[2:] for f in blank] == [("added", RDFS_LABEL, [], [label])]
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert [f for f in facts if not f[1].startswith("_:")] == [
        ("added", MINI + "hunan", RDFS_COMMENT, [], [{"blank": blank[0][1]}]),  # the blank node by its canonical form
        (
            "changed",
            MINI + "changsha",
            MINI + "population",
            [{"value": "10000000", "datatype": integer}],
            [{"value": "10500000", "datatype": integer}],
        ),
    ]
    assert result["entities_added"] == result["entities_removed"] == []
    same = run_cli("diff", "HEAD", "HEAD", cwd=mini)
    assert same.code == 0 and "No change" in same.out


def test_a_side_that_is_neither_folder_nor_revision_is_refused(mini):
    done = run_cli("diff", "no-such-thing", "dist", cwd=mini)
    assert done.code == 2 and len(done.err.strip().splitlines()) == 1 and "neither a folder nor a git revision" in done.err
