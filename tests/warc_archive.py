"""A small web archive written with warcio from pages we wrote: two articles, a request, an
image, a redirect (for tests/test_warc.py and tests/test_spark.py)."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def _page(title: str, paragraphs: list[str], site: str = "Landesbote") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><head><meta charset="utf-8"><title>{title} | {site}</title>'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="article:published_time" content="2025-10-07T08:00:00+02:00">'
        f"</head><body><nav>Startseite | Region</nav><article><h1>{title}</h1>{body}</article>"
        f"<footer>Impressum</footer></body></html>"
    ).encode()


FAEHRE = _page(
    "Neue Fähre für Amrum",
    [
        "Die Reederei hat am Montag in Wittdün eine neue Fähre in Dienst gestellt. Sie fasst "
        "bis zu 1.200 Fahrgäste und fährt mit Flüssiggas.",
        "Kapitänin Jana Ohlsen sagte, die ersten Fahrten seien ruhig verlaufen. Die Gemeinde "
        "hofft auf mehr Gäste im Herbst.",
    ],
)
DEICH = _page(
    "Deich bei Husum wird erhöht",
    [
        "Der Landesbetrieb erhöht den Deich bei Husum um einen Meter. Die Arbeiten beginnen im "
        "März und sollen zwei Jahre dauern.",
        "Bauleiter Sönke Petersen erklärte, der Verkehr auf dem Deichweg werde kaum gestört.",
    ],
)


def response(writer: WARCWriter, url: str, payload: bytes, status: str, kind: str) -> None:
    http = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
    # with its length given, warcio writes the record without a temporary file
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=http
    )
    writer.write_record(record)


def write_warc(path: Path, compress: bool) -> Path:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        response(writer, "https://landesbote.example/faehre", FAEHRE, "200 OK", "text/html")
        request = b"GET /faehre HTTP/1.1\r\nHost: landesbote.example\r\n\r\n"
        writer.write_record(
            writer.create_warc_record(
                "https://landesbote.example/faehre",
                "request",
                payload=io.BytesIO(request),
                length=len(request),
            )
        )
        response(writer, "https://landesbote.example/logo.png", b"\x89PNG", "200 OK", "image/png")
        response(writer, "https://landesbote.example/alt", b"weg", "301 Moved", "text/html")
        response(
            writer, "https://landesbote.example/deich", DEICH, "200 OK", "text/html; charset=utf-8"
        )
    return path
