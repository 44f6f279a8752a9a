"""Hand-written PDFs for the privacy-gate tests: objects numbered 1… in order, an xref table, a trailer."""

from __future__ import annotations


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF file whose object N is ``objects[N-1]`` (object 1 the catalog)."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
