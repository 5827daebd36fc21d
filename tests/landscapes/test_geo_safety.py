"""Hostile uploads are refused quickly with bounded memory.

Memory is measured with tracemalloc (Python and numpy allocations); the bound is a correctness
guard against reading a bomb into memory, not a timing test.
"""

import io
import struct
import tracemalloc
import zipfile

import pytest

from landscapes.geo import MAX_UPLOAD_BYTES, BoundaryError, parse_boundary_file
from landscapes.geo.geometry import MAX_VERTICES
from tests.landscapes import corpus_build as cb

MEMORY_LIMIT = 100 * 1024 * 1024


def parse_path(path, name=None):
    with path.open("rb") as handle:
        return parse_boundary_file(name=name or path.name, data=handle, size=path.stat().st_size)


def refused_with_peak(call) -> tuple[BoundaryError, int]:
    tracemalloc.start()
    try:
        with pytest.raises(BoundaryError) as caught:
            call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return caught.value, peak


def test_zip_bomb_with_a_huge_member_is_refused_before_unpacking(tmp_path):
    # given a 200 KB KMZ whose only member unpacks to 200 MB
    bomb = cb.make_zip_bomb(tmp_path / "bomb.kmz", megabytes=200)
    assert bomb.stat().st_size < 1024 * 1024

    # when it is uploaded
    error, peak = refused_with_peak(lambda: parse_path(bomb))

    # then it is refused from the declared size, without unpacking it
    assert error.code == "zip_too_large"
    assert "unpacks to 200 MB" in error.message
    assert peak < MEMORY_LIMIT


def test_zip_bomb_with_a_high_compression_ratio_is_refused(tmp_path):
    bomb = cb.make_zip_bomb(tmp_path / "ratio.kmz", megabytes=30)

    error, peak = refused_with_peak(lambda: parse_path(bomb))

    assert error.code == "zip_bomb"
    assert "suspicious compression ratio" in error.message
    assert peak < MEMORY_LIMIT


def _lying_zip(declared: int, actual: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", actual)
    raw = bytearray(out.getvalue())
    struct.pack_into("<I", raw, 22, declared)
    central = raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 24, declared)
    return bytes(raw)


def test_zip_member_larger_than_it_declares_is_cut_off():
    # given a KMZ whose header claims 500 KB but whose data unpacks to 5 MB
    raw = _lying_zip(500 * 1024, b"<kml>" + b" " * (5 * 1024 * 1024))

    error, peak = refused_with_peak(
        lambda: parse_boundary_file(name="liar.kmz", data=io.BytesIO(raw), size=len(raw))
    )

    assert error.code in ("zip_invalid", "zip_bomb")
    assert peak < 20 * 1024 * 1024


def test_zip_with_thousands_of_members_is_refused_before_listing_them(tmp_path):
    archive = cb.make_many_member_zip(tmp_path / "many.zip", members=5000)

    error, peak = refused_with_peak(lambda: parse_path(archive))

    assert error.code == "zip_too_many_members"
    assert error.message == "The zip file contains 5,000 files; at most 50 are allowed."
    assert peak < MEMORY_LIMIT


def test_200_mb_geojson_is_refused_from_its_size_alone(tmp_path):
    # given a 200 MB GeoJSON (a sparse file: it takes no real disk space)
    big = cb.make_sparse_file(tmp_path / "big.geojson", size=200 * 1024 * 1024)

    error, peak = refused_with_peak(lambda: parse_path(big))

    assert error.code == "file_too_large"
    assert error.message == "The file is 200.0 MB; the upload limit is 20 MB."
    assert peak < 1024 * 1024


def test_stream_longer_than_its_declared_size_is_cut_off_at_the_limit():
    # given a caller that says the file is small but whose stream never ends
    stream = cb.EndlessStream()

    error, peak = refused_with_peak(
        lambda: parse_boundary_file(name="endless.geojson", data=stream, size=1000)
    )

    assert error.code == "file_too_large"
    assert "larger than 20 MB" in error.message
    assert peak < 2 * MAX_UPLOAD_BYTES + 10 * 1024 * 1024


def test_deeply_nested_json_is_refused_before_json_loads(tmp_path):
    deep = cb.make_deep_json(tmp_path / "deep.geojson", depth=100_000)

    error, peak = refused_with_peak(lambda: parse_path(deep))

    assert error.code == "json_too_deep"
    assert peak < MEMORY_LIMIT


def test_kml_with_too_many_vertices_is_refused():
    coordinates = " ".join(["34.5,1"] * (MAX_VERTICES + 1))
    kml = cb.kml_document(
        "<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>"
        f"{coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
    ).encode()

    with pytest.raises(BoundaryError) as caught:
        parse_boundary_file(name="dense.kml", data=io.BytesIO(kml), size=len(kml))

    assert caught.value.code == "too_many_vertices"
    assert "more than 1,000,000 vertices" in caught.value.message


def test_encrypted_member_is_refused():
    raw = bytearray(cb._zip({"doc.kml": cb.kml_with_hole().encode()}))
    struct.pack_into("<H", raw, 6, 1)
    central = raw.find(b"PK\x01\x02")
    struct.pack_into("<H", raw, central + 8, 1)

    with pytest.raises(BoundaryError) as caught:
        parse_boundary_file(name="locked.kmz", data=io.BytesIO(bytes(raw)), size=len(raw))

    assert caught.value.code == "zip_encrypted"


def test_xml_entity_file_is_refused_with_bounded_memory(tmp_path):
    path = tmp_path / "laughs.kml"
    path.write_text(cb.BILLION_LAUGHS)

    error, peak = refused_with_peak(lambda: parse_path(path))

    assert error.code == "xml_entities"
    assert peak < 10 * 1024 * 1024


def test_entity_declaration_inside_a_kmz_is_refused():
    raw = cb._zip({"doc.kml": cb.EXTERNAL_ENTITY.encode()})

    with pytest.raises(BoundaryError) as caught:
        parse_boundary_file(name="xxe.kmz", data=io.BytesIO(raw), size=len(raw))

    assert caught.value.code == "xml_external_entity"
