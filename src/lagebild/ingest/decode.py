"""Bytes to text: encoding detection, binary rejection, Unicode NFC."""

from __future__ import annotations

import re
import unicodedata

from ..errors import InputError

_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """The text with lone surrogates (which no encoding can write) as U+FFFD; the same object
    when there are none."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b in _CONTROL)
    return bool(sample) and control / len(sample) > 0.05


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Text of ``data`` (UTF-8 with or without BOM, else the detected encoding; NFC, LF line
    ends) and warnings about what was repaired."""
    if not data.strip():
        raise InputError(source, "empty file")
    warnings: list[str] = []
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(source, f"broken UTF-16 (byte {exc.start})") from exc
        return unicodedata.normalize("NFC", _unix_lines(text)), warnings
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text, encoding = utf16
        warnings.append(f"{source}: UTF-16 without byte-order mark, read as {encoding}")
        return unicodedata.normalize("NFC", _unix_lines(text)), warnings
    if looks_binary(data):
        raise InputError(source, "binary data, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and _valid_utf8(data[: exc.start]):
            # a UTF-8 file cut inside its last character: keep what is there, say so
            text = data[: exc.start].decode("utf-8-sig")
            warnings.append(f"{source}: truncated UTF-8, the file ends inside a character")
        else:
            text, encoding = _detect(data, source, exc)
            warnings.append(f"{source}: not UTF-8, read as {encoding}")
    return unicodedata.normalize("NFC", _unix_lines(text)), warnings


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """The text and encoding when the bytes are UTF-16 without a byte-order mark: text in Latin
    script then has a zero byte in every other place (the high byte of each character)."""
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    if zeros_odd > 0.3 * pairs and zeros_even < 0.05 * pairs:
        encoding = "UTF-16-LE"
    elif zeros_even > 0.3 * pairs and zeros_odd < 0.05 * pairs:
        encoding = "UTF-16-BE"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    head = text[:2000]
    readable = sum(1 for c in head if c.isprintable() or c in "\n\r\t")
    return (text, encoding) if readable >= 0.95 * len(head) else None


def _unix_lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(data: bytes, source: str, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "utf_16"]).best()
    if best is None:
        raise InputError(
            source, f"not valid UTF-8 (byte {utf8_error.start}) and no other encoding fits"
        )
    return str(best), best.encoding
