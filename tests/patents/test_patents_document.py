"""The patent PDF's QR, read back with a QR decoder (zxing-cpp): it points at the public check
and carries the service's JWS over the check's fields, verifiable offline with the service
certificate (GET /api/v1/service-certificate)."""

import base64
import json
import re
import zlib
from urllib.parse import unquote, urlsplit

import pytest
import zxingcpp
from PIL import Image

from conftest import API
from patents_helpers import get, order, pay
from salyk.crypto import SignatureInvalid, verify_detached


def _unfilter(data: bytes, width: int, height: int) -> bytes:
    """PNG row filters (PDF /Predictor 15), one 8-bit channel."""
    out = bytearray()
    prev = bytearray(width)
    pos = 0
    for _ in range(height):
        kind, row = data[pos], bytearray(data[pos + 1: pos + 1 + width])
        pos += 1 + width
        for i in range(width):
            left = row[i - 1] if i else 0
            up = prev[i]
            corner = prev[i - 1] if i else 0
            if kind == 1:
                row[i] = (row[i] + left) & 255
            elif kind == 2:
                row[i] = (row[i] + up) & 255
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        out += row
        prev = row
    return bytes(out)


def qr_of(pdf: bytes) -> str:
    m = re.search(rb"/Height (\d+)\n/Length (\d+)\n/Subtype /Image\n/Type /XObject\n/Width (\d+)\n>>\nstream\n", pdf)
    assert m, "no image in the PDF"
    height, length, width = int(m.group(1)), int(m.group(2)), int(m.group(3))
    raw = zlib.decompress(pdf[m.end(): m.end() + length])
    image = Image.frombytes("L", (width, height), _unfilter(raw, width, height))
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    return found[0].text


def b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def test_pdf_qr_checks_and_verifies_offline(client, officer, taxpayer):
    placed = order(client, taxpayer)
    assert client.get(f"{API}/me/patents/{placed['id']}.pdf", headers=taxpayer.headers).status_code == 404  # not issued yet
    pay(client, officer, taxpayer.login, "2000.00", payment_reference=placed["payment_reference"])
    number = get(client, taxpayer, placed["id"])["number"]
    r = client.get(f"{API}/me/patents/{placed['id']}.pdf", headers=taxpayer.headers)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")

    text = qr_of(r.content)
    url = urlsplit(text)
    assert unquote(url.path) == f"/api/v1/public/patents/{number}" and url.query == "format=html"
    # The URL is the check itself
    check = client.get(url.path, params={"format": "json"}).json()
    assert check["number"] == number and check["status"] == "active"
    page = client.get(f"{url.path}?{url.query}")
    assert page.status_code == 200 and number in page.text

    # The fragment: a compact JWS with the payload attached, signed by the service key
    assert url.fragment.startswith("jws=")
    header, payload, signature = url.fragment[4:].split(".")
    fields = json.loads(b64(payload))
    assert fields == {k: v for k, v in check.items() if k != "status"}  # the same fields, no amounts (TC art. 54)
    certificate = client.get(f"{API}/service-certificate").content
    verify_detached(f"{header}..{signature}", fields, certificate)  # raises if not the service's signature
    assert json.loads(b64(header))["alg"] in ("ES256", "EdDSA")
    with pytest.raises(SignatureInvalid):  # a forged date does not verify
        verify_detached(f"{header}..{signature}", fields | {"valid_to": "2099-12-31"}, certificate)
