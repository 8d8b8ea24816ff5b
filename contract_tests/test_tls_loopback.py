"""A request over TLS, to a real server on 127.0.0.1 with a certificate made for the test: the socket
streams that hold the sync driver's wall-clock deadline (`transport/socket_deadline.py`) carry the TLS
handshake too, and hand on the encrypted stream, so https works as with httpx's own streams."""

from __future__ import annotations

import asyncio
import datetime
import http.server
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from amplemarket_lead_lists import AuthenticatedClient, wait_for_lead_list, wait_for_lead_list_async
from contract_tests.polling_harness import CT, LL, TOKEN, body


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


class _LeadListHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        content = json.dumps(body(entries=range(3))).encode()
        self.send_response(200)
        for name, value in CT.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ssl.SSLContext]]:
    """The base URL of an https server on 127.0.0.1, and a client TLS context that trusts it."""
    cert_file, key_file = self_signed(tmp_path_factory.mktemp("tls"))
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _LeadListHandler)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", ssl.create_default_context(cafile=str(cert_file))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_lead_list_is_read_over_tls_within_a_deadline(tls_server: tuple[str, ssl.SSLContext], mode: str) -> None:
    base_url, trusted = tls_server
    client = AuthenticatedClient(base_url=base_url, token=TOKEN, verify_ssl=trusted)
    if mode == "sync":
        lead_list = wait_for_lead_list(client, LL, timeout=30)
    else:
        lead_list = asyncio.run(wait_for_lead_list_async(client, LL, timeout=30))
    assert lead_list.id == LL and [entry.id for entry in lead_list.leads or []] == ["e00000", "e00001", "e00002"]
