"""Opening untrusted zip archives (KMZ, zipped Shapefile) with bounded memory."""

import io
import posixpath
import re
import struct
import zipfile

from django.utils.translation import gettext as _

from landscapes.geo.errors import BoundaryError

MAX_ZIP_MEMBERS = 50
MAX_MEMBER_BYTES = 40 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED_BYTES = 80 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_CENTRAL_DIRECTORY_BYTES = 256 * 1024

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_NESTED_ARCHIVES = (".zip", ".kmz", ".gz", ".tgz", ".tar", ".7z", ".rar")
_DRIVE = re.compile(r"^[A-Za-z]:")


def _too_many(count: int) -> BoundaryError:
    return BoundaryError(
        _("The zip file contains %(count)s files; at most %(limit)d are allowed.")
        % {"count": f"{count:,}", "limit": MAX_ZIP_MEMBERS},
        code="zip_too_many_members",
        detail={"members": count},
    )


def _precheck_directory(raw: bytes) -> None:
    """Read the end-of-central-directory record before zipfile builds its member list."""
    start = raw.rfind(_EOCD, max(0, len(raw) - 65_536 - _EOCD_SIZE))
    if start < 0 or len(raw) < start + _EOCD_SIZE:
        raise BoundaryError(_("The zip file is damaged or incomplete."), code="zip_invalid")
    _disk_entries, total_entries, directory_size = struct.unpack(
        "<HHI", raw[start + 8 : start + 16]
    )
    if total_entries > MAX_ZIP_MEMBERS:
        raise _too_many(total_entries)
    if directory_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise BoundaryError(
            _("The zip file's table of contents is too large (too many or too long file names)."),
            code="zip_too_many_members",
        )


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts or "\x00" in name
    )


def is_junk(name: str) -> bool:
    base = posixpath.basename(name)
    return name.startswith("__MACOSX/") or base.startswith(".") or name.endswith("/")


class SafeZip:
    def __init__(self, raw: bytes):
        _precheck_directory(raw)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(raw))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise BoundaryError(
                _("The zip file is damaged or incomplete."), code="zip_invalid"
            ) from exc
        infos = self._zip.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise _too_many(len(infos))
        total = 0
        for info in infos:
            if _unsafe_name(info.filename):
                raise BoundaryError(
                    _("The zip file contains an unsafe file path (“%(name)s”).")
                    % {"name": info.filename[:200]},
                    code="zip_unsafe_path",
                )
            if info.flag_bits & 0x1:
                raise BoundaryError(
                    _("The zip file is password-protected; upload it without a password."),
                    code="zip_encrypted",
                )
            if info.file_size > MAX_MEMBER_BYTES:
                raise BoundaryError(
                    _(
                        "“%(name)s” in the zip file unpacks to %(size)s MB; at most %(limit)d MB "
                        "is allowed."
                    )
                    % {
                        "name": info.filename[:200],
                        "size": f"{info.file_size / 1024 / 1024:,.0f}",
                        "limit": MAX_MEMBER_BYTES // 1024 // 1024,
                    },
                    code="zip_too_large",
                )
            if (
                info.file_size > RATIO_CHECK_MIN_BYTES
                and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
            ):
                raise BoundaryError(
                    _(
                        "“%(name)s” in the zip file has a suspicious compression ratio "
                        "(%(ratio)s to 1); it looks like a zip bomb."
                    )
                    % {
                        "name": info.filename[:200],
                        "ratio": f"{info.file_size // max(info.compress_size, 1):,}",
                    },
                    code="zip_bomb",
                )
            total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED_BYTES:
            raise BoundaryError(
                _("The zip file unpacks to %(size)s MB; at most %(limit)d MB is allowed.")
                % {
                    "size": f"{total / 1024 / 1024:,.0f}",
                    "limit": MAX_TOTAL_UNCOMPRESSED_BYTES // 1024 // 1024,
                },
                code="zip_too_large",
            )
        self.infos = infos

    def names(self) -> list[str]:
        """Usable member names: no folders, no macOS/hidden files, no nested archives."""
        return [
            info.filename
            for info in self.infos
            if not is_junk(info.filename) and not info.filename.lower().endswith(_NESTED_ARCHIVES)
        ]

    def nested_archives(self) -> list[str]:
        return [i.filename for i in self.infos if i.filename.lower().endswith(_NESTED_ARCHIVES)]

    def read(self, name: str) -> bytes:
        """Read one member, never more than its declared size (hard cap)."""
        info = self._zip.getinfo(name)
        limit = min(info.file_size, MAX_MEMBER_BYTES)
        chunks = []
        received = 0
        try:
            with self._zip.open(info) as member:
                while received <= limit:
                    chunk = member.read(min(1024 * 1024, limit + 1 - received))
                    if not chunk:
                        break
                    received += len(chunk)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise BoundaryError(
                _("“%(name)s” in the zip file could not be unpacked.") % {"name": name[:200]},
                code="zip_invalid",
            ) from exc
        if received > limit:
            raise BoundaryError(
                _("“%(name)s” in the zip file is larger than it declares.") % {"name": name[:200]},
                code="zip_bomb",
            )
        return b"".join(chunks)
