"""Schemathesis hooks for the central record's contract test (central/tests/it/contract.rs).

They make the fuzzer a device: at the first call it enrols with the first of the one-time tokens
the test printed at the station (the file ZASTITA_CONTRACT_TOKENS, one per line), with an Ed25519
device key and a status key of its own, and from then on it signs every request the way `protocol/src/signing.rs` describes —
an independent implementation of the signing rules, so a drift between the description and the
server shows up here too. A signature is made only for a request carrying all four signing headers (their generated
values are replaced): a case the fuzzer built without one stays as it is, and must be refused.

The other tokens go, one each, into the enrolment requests the fuzzer draws as fitting the
description, so those reach the success path (and its answer's schema) instead of all ending in
`bad_token`; drawn tokens are kept once the file runs out.

Nothing here decides a verdict: schemathesis's checks do.
"""

import base64
import hashlib
import json
import os
import threading
import uuid
from datetime import datetime, timedelta, timezone

import requests
import schemathesis
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

DEVICE = "x-zastita-device"
TIMESTAMP = "x-zastita-timestamp"
NONCE = "x-zastita-nonce"
SIGNATURE = "x-zastita-signature"


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public(key: Ed25519PrivateKey) -> str:
    return b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def read_tokens() -> list[str]:
    with open(os.environ["ZASTITA_CONTRACT_TOKENS"], encoding="ascii") as f:
        return [line.strip() for line in f if line.strip()]


TOKENS = read_tokens()
TOKENS_LOCK = threading.Lock()


def spare_token():
    with TOKENS_LOCK:
        return TOKENS.pop() if len(TOKENS) > 1 else None


class Device:
    """The enrolled identity, made once per run."""

    def __init__(self) -> None:
        self.key = Ed25519PrivateKey.generate()
        self.status_key = Ed25519PrivateKey.generate()
        self.id = None
        self.lock = threading.Lock()

    def enrol(self) -> None:
        with self.lock:
            if self.id is None:
                self.id = self._enrol()

    def _enrol(self) -> str:
        server = os.environ["ZASTITA_CONTRACT_SERVER"]
        ca = os.environ["ZASTITA_CONTRACT_CA"]
        body = {
            "token": TOKENS[0],
            "public_key": public(self.key),
            "status_public_key": public(self.status_key),
            "label": "contract fuzzer",
            "app_version": "contract-test",
            "device_time": datetime.now(timezone.utc).isoformat(),
        }
        answer = requests.post(f"{server}/v1/enroll", json=body, verify=ca, timeout=30)
        answer.raise_for_status()
        return answer.json()["device_id"]


DEVICE_IDENTITY = Device()


class Sign(requests.auth.AuthBase):
    """Signs the prepared request: its final method, path with query and body bytes."""

    def __init__(self, status: bool) -> None:
        self.status = status

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        present = {k.lower() for k in r.headers}
        if not all(h in present for h in (DEVICE, TIMESTAMP, NONCE, SIGNATURE)):
            return r
        for name in list(r.headers):
            if name.lower() in (DEVICE, TIMESTAMP, NONCE, SIGNATURE):
                del r.headers[name]
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode()
        now = datetime.now(timezone.utc)
        stamp = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
        nonce = uuid.uuid4().hex
        tag = "zastita-status-v1" if self.status else "zastita-request-v1"
        text = "\n".join(
            [tag, r.method.upper(), r.path_url, stamp, nonce, hashlib.sha256(body).hexdigest()]
        )
        key = DEVICE_IDENTITY.status_key if self.status else DEVICE_IDENTITY.key
        r.headers[DEVICE] = DEVICE_IDENTITY.id
        r.headers[TIMESTAMP] = stamp
        r.headers[NONCE] = nonce
        r.headers[SIGNATURE] = b64(key.sign(text.encode()))
        return r


def negative(case, location) -> bool:
    """The fuzzer meant this part of the case not to fit the description: send it as drawn."""
    meta = getattr(case, "meta", None)
    info = meta.components.get(location) if meta is not None else None
    return info is not None and info.mode == GenerationMode.NEGATIVE


def narrative(text: str, required: bool) -> str:
    """`text` without the characters core refuses in a narrative; "x" if it must not be blank."""
    kept = "".join(
        c
        for c in text
        if c in "\n\r\t"
        or not (
            ord(c) < 0x20
            or 0x7F <= ord(c) <= 0x9F
            or 0x202A <= ord(c) <= 0x202E
            or 0x2066 <= ord(c) <= 0x2069
        )
    )
    return kept if kept.strip() or not required else "x"


@schemathesis.hook
def before_call(ctx, case, kwargs):
    if case.operation.path == "/v1/enroll":
        if isinstance(case.body, dict) and not negative(case, ParameterLocation.BODY):
            token = spare_token()
            if token is not None:
                case.body["token"] = token
        return
    if (
        case.operation.path == "/v1/violations"
        and isinstance(case.body, dict)
        and not negative(case, ParameterLocation.BODY)
    ):
        # What the description says in words and no schema can: a violation took place in the
        # past, and its words are a narrative core accepts (not only spaces, no control character
        # but line breaks and tabs, no text-direction override) — else 422. A fitting report
        # gets a time an hour ago and its words with those characters taken out.
        past = datetime.now(timezone.utc) - timedelta(hours=1)
        case.body["at"] = past.strftime("%Y-%m-%dT%H:%M:%SZ")
        for field in ("description", "evidence"):
            if isinstance(case.body.get(field), str):
                case.body[field] = narrative(case.body[field], field == "description")
    if negative(case, ParameterLocation.HEADER):
        return
    DEVICE_IDENTITY.enrol()
    kwargs["auth"] = Sign(status=case.operation.path == "/v1/status")
