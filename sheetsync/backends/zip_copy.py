"""Writing a zip whose unchanged members are copied as they are stored, never recompressed.

Why a module of its own: the plain way (`zipfile`, reading each member and writing it
again) inflates and deflates every input sheet on each save; on the benchmark plan that is
the 100,000-row Spend sheet, about 0.3 s of a sync that must stay near 1 s. Here an
unchanged member's compressed bytes, CRC and sizes are taken from the source archive
and written again as they were, so its decompressed bytes are identical by construction.
`tests/test_xlsx_package.py` checks it against the plain `zipfile` way.

Only what workbooks use is supported: stored or deflated members, no encryption, no
zip64. `RawCopyUnsupported` says when a source falls outside that, and the caller then
takes the plain way.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from typing import BinaryIO

_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")
_UTF8_NAME = 0x800
_ZIP32_LIMIT = 0xFFFFFFFF


class RawCopyUnsupported(Exception):
    """The source archive has a member this writer cannot copy raw."""


def check_copyable(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise RawCopyUnsupported(f"{info.filename} is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise RawCopyUnsupported(f"{info.filename} uses compression method {info.compress_type}")
    if max(info.file_size, info.compress_size, info.header_offset) >= _ZIP32_LIMIT:
        raise RawCopyUnsupported(f"{info.filename} needs zip64")


class RawZipWriter:
    """Members appended one by one, then the central directory on `close()`."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.offset = 0
        self.entries: list[bytes] = []

    def _member(
        self, name: str, method: int, dos_time: int, dos_date: int, crc: int,
        stored: bytes, size: int, external_attr: int,
    ) -> None:  # fmt: skip
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else _UTF8_NAME
        if self.offset + len(stored) >= _ZIP32_LIMIT or len(self.entries) >= 0xFFFF:
            raise RawCopyUnsupported("the workbook would need zip64")
        header = _LOCAL.pack(
            b"PK\x03\x04", 20, flags, method, dos_time, dos_date, crc, len(stored), size,
            len(encoded), 0,
        )  # fmt: skip
        self.entries.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                20,
                20,
                flags,
                method,
                dos_time,
                dos_date,
                crc,
                len(stored),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                external_attr,
                self.offset,
            )
            + encoded
        )
        self.out.write(header)
        self.out.write(encoded)
        self.out.write(stored)
        self.offset += len(header) + len(encoded) + len(stored)

    def copy(self, source: bytes, info: zipfile.ZipInfo) -> None:
        """Copy one member of the archive held in `source` without decompressing it."""
        check_copyable(info)
        start = info.header_offset
        signature, *_, name_length, extra_length = _LOCAL.unpack_from(source, start)
        if signature != b"PK\x03\x04":
            raise RawCopyUnsupported(f"{info.filename}: no local header where the index says")
        data_start = start + _LOCAL.size + name_length + extra_length
        stored = source[data_start : data_start + info.compress_size]
        if len(stored) != info.compress_size:
            raise RawCopyUnsupported(f"{info.filename} is cut short")
        dos_date, dos_time = _dos_stamp(info.date_time)
        self._member(
            info.filename, info.compress_type, dos_time, dos_date, info.CRC, stored,
            info.file_size, info.external_attr,
        )  # fmt: skip

    def add(self, name: str, data: bytes, date_time: tuple = (1980, 1, 1, 0, 0, 0)) -> None:
        """A new member, deflated at level 1: output sheets are repetitive XML, so this is a
        third of level 6's time for a file a few percent larger."""
        packer = zlib.compressobj(1, zlib.DEFLATED, -15)
        stored = packer.compress(data) + packer.flush()
        dos_date, dos_time = _dos_stamp(date_time)
        self._member(
            name, zipfile.ZIP_DEFLATED, dos_time, dos_date, zlib.crc32(data), stored,
            len(data), 0o600 << 16,
        )  # fmt: skip

    def close(self) -> None:
        directory = b"".join(self.entries)
        self.out.write(directory)
        count = len(self.entries)
        self.out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), self.offset, 0))


def _dos_stamp(date_time: tuple) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time[:6]
    year = min(max(year, 1980), 2107)
    return (year - 1980) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2
