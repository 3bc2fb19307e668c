"""``reopen.load_published``: the release in ``dist/`` as a server follows it, opened only when whole,
whatever the sources are now."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aizones.core.errors import InputError
from aizones.pipeline import build
from aizones.publishing.reopen import load_built, load_published

HUBEI = Path("graph") / "sources" / "hubei.ttl"


def test_the_release_is_opened_with_its_manifest_even_after_the_sources_changed(mini):
    out = mini / "dist"
    build(mini, out)
    path = mini / HUBEI
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited, not built\n", encoding="utf-8")
    assert load_built(mini, out) is None  # stale for a reader of the sources
    dataset, manifest = load_published(out)  # the published release all the same
    assert manifest == (out / "manifest.json").read_bytes()
    assert sorted(g.value for g in dataset.store.named_graphs()) == sorted(dataset.merged) and dataset.merged


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda out: (out / "aizones.ttl").unlink(), "aizones.ttl is missing"),
        (lambda out: (out / "aizones.trig").write_bytes(b"cut"), "aizones.trig has 3 bytes"),
        (lambda out: (out / "manifest.json").write_text("{}", encoding="utf-8"), "not one aizones build wrote"),
    ],
)
def test_a_release_that_is_not_whole_is_refused_with_what_is_wrong(mini, damage, said):
    out = mini / "dist"
    build(mini, out)
    damage(out)
    with pytest.raises(InputError, match=said):
        load_published(out)


def test_nquads_that_differ_from_their_sha256_are_refused(mini):
    out = mini / "dist"
    build(mini, out)
    nquads = out / "aizones.nq"
    data = bytearray(nquads.read_bytes())
    data[-3] ^= 1  # same size, other bytes
    nquads.write_bytes(bytes(data))
    assert json.loads((out / "manifest.json").read_bytes())["files"]["aizones.nq"]["bytes"] == len(data)
    with pytest.raises(InputError, match="differs from the sha256"):
        load_published(out)
