"""The build's re-read check: a written file that does not parse back to its quads stops the build."""

from __future__ import annotations

import hashlib
import io

import pyoxigraph as ox
import pytest

from aizones.core.errors import OutputError
from aizones.core.formats import RDF_FORMATS
from aizones.pipeline import build
from aizones.publishing import canonical
from aizones.publishing.reread import Expected, Reread, RereadPool, problem
from aizones.publishing.writers import Writer
from tests.support.folders import snapshot

QUADS = [
    ox.Quad(
        ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("x"), ox.NamedNode("http://example.org/g")
    ),
    ox.Quad(ox.NamedNode("http://example.org/b"), ox.NamedNode("http://example.org/p"), ox.BlankNode("n1")),
    ox.Quad(
        ox.BlankNode("n1"),
        ox.NamedNode("http://example.org/q"),
        ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ),
]


def job(tmp_path, name: str, data: bytes) -> Reread:
    fmt = RDF_FORMATS[name]
    path = tmp_path / f"out{fmt.extension}"
    path.write_bytes(data)
    return Reread(path.name, path, fmt, Writer(canonical.of_quads(QUADS)).expected(fmt))


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_every_written_format_parses_back_to_what_was_meant(tmp_path, name):
    data = Writer(canonical.of_quads(QUADS)).write(RDF_FORMATS[name])
    assert problem(job(tmp_path, name, data)) is None


def test_lines_in_another_order_still_match(tmp_path):
    data = Writer(canonical.of_quads(QUADS)).write(RDF_FORMATS["nq"])
    shuffled = b"\n".join(reversed(data.rstrip(b"\n").split(b"\n"))) + b"\n"
    assert shuffled != data
    assert problem(job(tmp_path, "nq", shuffled)) is None


def test_a_lost_triple_is_caught(tmp_path):
    data = Writer(canonical.of_quads(QUADS)).write(RDF_FORMATS["nt"])
    message = problem(job(tmp_path, "nt", data.split(b"\n", 1)[1]))
    assert message == "out.nt: the nt file does not parse back to the graph that was written; please report this"


def test_a_changed_blank_node_label_is_caught(tmp_path):
    data = Writer(canonical.of_quads(QUADS)).write(RDF_FORMATS["turtle"])
    assert b"_:c14n0" in data
    assert "does not parse back to the graph" in problem(job(tmp_path, "turtle", data.replace(b"_:c14n0", b"_:other", 1)))


def test_a_file_that_does_not_parse_is_caught(tmp_path):
    message = problem(job(tmp_path, "trig", b"<http://example.org/g> { <a> "))
    assert message.startswith("out.trig: the trig writer produced a file that does not parse back (")


def test_the_pool_reports_the_first_failing_file_in_written_order(tmp_path):
    good = Writer(canonical.of_quads(QUADS)).write(RDF_FORMATS["nq"])
    pool = RereadPool(workers=2)
    folders = [tmp_path / str(i) for i in range(4)]
    for folder, data in zip(folders, [good, b"broken", good, b""], strict=True):
        folder.mkdir()
        pool.submit(job(folder, "nq", data))
    with pytest.raises(OutputError, match=r"^out\.nq: the nq writer produced a file that does not parse back"):
        pool.finish()


def test_a_pool_of_good_files_finishes_quietly(tmp_path):
    pool = RereadPool(workers=1)
    for name in ("turtle", "jsonld", "xml"):
        pool.submit(job(tmp_path, name, Writer(canonical.of_quads(QUADS)).write(RDF_FORMATS[name])))
    pool.finish()


def test_a_writer_that_loses_a_triple_stops_the_build_and_leaves_dist(mini, monkeypatch):
    build(mini, mini / "dist")
    before = snapshot(mini / "dist")
    (mini / "graph" / "sources" / "hubei.ttl").write_text(
        (mini / "graph" / "sources" / "hubei.ttl").read_text() + '<http://example.org/mini#hubei> <http://example.org/mini#motto> "new" .\n'
    )
    real = Writer.write_to  # what the build writes every file with (in a forked child for JSON-LD)

    def lossy(self, fmt, handle, lines=None):
        if fmt.name != "jsonld":
            return real(self, fmt, handle, lines)
        buffer = io.BytesIO()
        real(self, fmt, buffer, lines)
        handle.write(buffer.getvalue().replace(b'"new"', b'"old"'))

    monkeypatch.setattr(Writer, "write_to", lossy)
    with pytest.raises(OutputError, match=r"^aizones\.jsonld: the jsonld file does not parse back"):
        build(mini, mini / "dist")
    assert snapshot(mini / "dist") == before
    assert not list(mini.glob(".dist.staging-*"))


def test_the_digest_check_tells_a_reordering_from_a_change(tmp_path):
    """What the build checks with: the sha256 of the lines meant, the lines made only when it differs."""
    writer = Writer(canonical.of_quads(QUADS))
    fmt = RDF_FORMATS["nq"]
    expected = Expected(lambda: writer.digest(fmt), lambda: writer.expected(fmt))
    data = writer.write(fmt)
    assert writer.digest(fmt) == hashlib.sha256(data).hexdigest()
    cases = {
        "same": data,
        "reordered": b"\n".join(reversed(data.rstrip(b"\n").split(b"\n"))) + b"\n",
        "changed": data.replace(b'"x"', b'"y"'),
    }
    found = {}
    for name, text in cases.items():
        path = tmp_path / f"{name}.nq"
        path.write_bytes(text)
        found[name] = problem(Reread(path.name, path, fmt, expected))
    assert found["same"] is None and found["reordered"] is None
    assert found["changed"] == "changed.nq: the nq file does not parse back to the graph that was written; please report this"


LISTED = list(
    ox.parse(
        '<http://example.org/g> { <http://example.org/a> <http://example.org/p> ( <http://example.org/x> "y" ) ;'
        ' <http://example.org/q> "z" . }',
        ox.RdfFormat.TRIG,
    )
)


@pytest.mark.parametrize("name", ["turtle", "trig", "jsonld"])
def test_a_readable_file_with_lists_is_checked_by_its_canonical_form(tmp_path, name):
    """Lists written as lists come back with labels of the parser's: the file's quads are
    canonicalised again and their digest compared; a lost item is still caught."""
    writer = Writer(canonical.of_quads(LISTED))
    fmt = RDF_FORMATS[name]
    data = writer.write(fmt)
    assert b"_:" not in data  # the list's nodes are not written: the parser labels them
    path = tmp_path / f"out{fmt.extension}"
    expected = Expected(lambda: writer.digest(fmt), lambda: writer.expected(fmt), lambda: writer.line_sums(fmt))

    def found(text: bytes) -> str | None:
        path.write_bytes(text)
        return problem(Reread(path.name, path, fmt, expected))

    assert found(data) is None
    lost = data.replace(b' "y"', b"") if name != "jsonld" else data.replace(b',\n              {"@value": "y"}', b"")
    assert lost != data
    assert "does not parse back to the graph" in found(lost)


def test_the_union_of_graphs_with_blank_nodes_is_canonicalised_alone(tmp_path):
    """RDFC-1.0 labels a blank node by its quads, graph names included: the Turtle of the union is
    checked against the union canonicalised on its own, not the dataset's labels."""
    quads = [
        *QUADS,
        ox.Quad(ox.BlankNode("m"), ox.NamedNode("http://example.org/q"), ox.Literal("8"), ox.NamedNode("http://example.org/g")),
        ox.Quad(
            ox.NamedNode("http://example.org/c"),
            ox.NamedNode("http://example.org/p"),
            ox.BlankNode("m"),
            ox.NamedNode("http://example.org/g"),
        ),
    ]
    writer = Writer(canonical.of_quads(quads))
    fmt = RDF_FORMATS["turtle"]
    expected = Expected(lambda: writer.digest(fmt), lambda: writer.expected(fmt), lambda: writer.line_sums(fmt))
    with_dataset_labels = canonical.CanonicalForm({canonical.DEFAULT: writer.form.union_lines})
    assert writer.line_sums(fmt) != canonical.line_sums(with_dataset_labels)  # the labels differ here
    path = tmp_path / "out.ttl"
    path.write_bytes(writer.write(fmt))
    assert problem(Reread(path.name, path, fmt, expected)) is None
    assert writer.line_sums(fmt) == canonical.line_sums(canonical.of_quads(ox.parse(writer.expected(fmt), ox.RdfFormat.N_QUADS)))


def test_a_readable_file_in_another_order_is_the_same_graph(tmp_path):
    writer = Writer(canonical.of_quads(QUADS))
    fmt = RDF_FORMATS["trig"]
    path = tmp_path / "out.trig"
    # the same quads written by another writer, in another order and with other blank node labels
    other = {"n1": ox.BlankNode("zz9")}
    quads = [ox.Quad(*(other[t.value] if isinstance(t, ox.BlankNode) else t for t in q)) for q in reversed(QUADS)]
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    expected = Expected(lambda: writer.digest(fmt), lambda: writer.expected(fmt), lambda: writer.line_sums(fmt))
    assert problem(Reread(path.name, path, fmt, expected)) is None


def test_a_literal_that_reads_like_a_blank_node_is_compared_as_it_is(tmp_path):
    """Lines with ``_:`` are set aside to be relabelled; one whose ``_:`` is in a literal must still count."""
    quads = [*LISTED, ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/r"), ox.Literal("_:not a node"))]
    writer = Writer(canonical.of_quads(quads))
    for name in ("turtle", "trig", "jsonld"):
        fmt = RDF_FORMATS[name]
        path = tmp_path / f"out{fmt.extension}"
        data = writer.write(fmt)
        expected = Expected(lambda: writer.digest(fmt), lambda: writer.expected(fmt), lambda: writer.line_sums(fmt))  # noqa: B023
        path.write_bytes(data)
        assert problem(Reread(path.name, path, fmt, expected)) is None
        path.write_bytes(data.replace(b"_:not a node", b"_:not a nod"))
        assert "does not parse back to the graph" in problem(Reread(path.name, path, fmt, expected))
