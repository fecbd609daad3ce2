"""The demo's evidence file: a real one-page PDF that every viewer opens (qa20 S10).

The demo uploaded a 37-byte stub ("%PDF-1.4 … %%EOF") that the upload check took for a
PDF but no viewer could open ("Couldn't find trailer dictionary"). This writes a minimal
valid PDF by hand: one A4 page saying it stands in for a scan, with a correct cross-reference
table, so a reviewer "checking the evidence" sees a page.
"""

from __future__ import annotations


def _text_stream(lines: list[str]) -> bytes:
    body = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        body.append(f"({escaped}) Tj T*")
    body.append("ET")
    return "\n".join(body).encode("ascii")


def placeholder_pdf(label: str) -> bytes:
    """Return a one-page PDF naming `label` (ASCII: an item id), readable by any viewer."""
    stream = _text_stream(
        [
            "rcapp demo evidence",
            f"Item {label}",
            "This page stands in for the organisation's scanned evidence.",
        ]
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
