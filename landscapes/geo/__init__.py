"""Boundary files and geometry: safe parsing of uploads and normalisation to RFC 7946 GeoJSON."""

from landscapes.geo.errors import BoundaryError
from landscapes.geo.geometry import (
    NormalizedGeometry,
    geometries_overlap,
    geometry_contains,
    normalize_geometry,
)
from landscapes.geo.parsers import MAX_UPLOAD_BYTES, SUPPORTED_FORMATS, parse_boundary_file

__all__ = [
    "MAX_UPLOAD_BYTES",
    "SUPPORTED_FORMATS",
    "BoundaryError",
    "NormalizedGeometry",
    "geometries_overlap",
    "geometry_contains",
    "normalize_geometry",
    "parse_boundary_file",
]
