"""Sealed ballots: a key pair per ballot, its private key split among the count committee.

- Key pair: X25519 (`nacl.public.PrivateKey`, libsodium). Only the public key is stored.
- Shares: Shamir secret sharing from PyCryptodome (`Crypto.Protocol.SecretSharing.Shamir`, GF(2^128)),
  which shares 16-byte secrets: the 32-byte private key is split as two 16-byte halves, each with
  its own random polynomial, and member i receives both halves' points at x = i. Any k members
  rebuild both halves; k − 1 learn nothing about either.
- Ballots: `nacl.public.SealedBox` (ephemeral X25519 + XSalsa20-Poly1305): anyone can seal with
  the public key, only the private key opens; a tampered ciphertext does not open.
- Plaintext: a fixed-length vector, one character per option in option-id order, so every sealed
  ballot of a ballot has the same length (the size of a ciphertext says nothing about the marks).
- Tracker: SHA-256 of the ciphertext, the voter's receipt.

Nothing here writes anything: the private key lives in local variables and is dropped when the
caller returns (Python cannot wipe memory; libsodium's copies are freed with the objects).
"""

import base64
import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from Crypto.Protocol.SecretSharing import Shamir
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

MAGIC = b"thidua-ballot/1:"  # start of every plaintext (tests search storage for it)
VALUE_CODES = {
    "excellent": "E",
    "good": "G",
    "fair": "F",
    "average": "A",
    "yes": "Y",
    "no": "N",
    "selected": "S",
}
CODE_VALUES = {code: value for value, code in VALUE_CODES.items()}
BLANK = "-"  # no mark (abstention, not chosen)
_random = secrets.SystemRandom()


@dataclass(frozen=True)
class Share:
    number: int  # the x-coordinate, = CommitteeMember.number
    data: bytes  # 32 bytes: the points of both halves at x = number


@dataclass(frozen=True)
class ShareSlip:
    """What one committee member's printed slip says (returned once, when the key is made)."""

    number: int
    name: str
    unit: str
    text: str
    threshold: int
    size: int
    key_version: int


class ShareError(Exception):
    """A share that does not parse, has a bad check code, or belongs to another ballot."""


def new_key(k: int, n: int) -> tuple[str, list[Share]]:
    """A fresh key pair: (public key as hex, n shares of the private key, any k of which rebuild it)."""
    private = PrivateKey.generate()
    public = private.public_key.encode().hex()
    raw = bytes(private)
    del private
    low = Shamir.split(k, n, raw[:16])
    high = Shamir.split(k, n, raw[16:])
    del raw
    return public, [Share(x, a + b) for (x, a), (_x, b) in zip(low, high, strict=True)]


def rebuild(shares: Sequence[Share], public_key_hex: str) -> PrivateKey | None:
    """The private key from shares, or None when they do not give the ballot's key (wrong or too few)."""
    if not shares or len({s.number for s in shares}) != len(shares):
        return None
    low = Shamir.combine([(s.number, s.data[:16]) for s in shares])
    high = Shamir.combine([(s.number, s.data[16:]) for s in shares])
    private = PrivateKey(low + high)
    if private.public_key.encode().hex() != public_key_hex:
        return None
    return private


def _check(ballot_id: int, number: int, data: bytes) -> str:
    digest = hashlib.sha256(f"{ballot_id}:{number}:".encode() + data).digest()
    return base64.b32encode(digest).decode()[:4]


def share_text(ballot_id: int, share: Share) -> str:
    """Typed form: 2 digits (member number), 52 base32 characters, 4 check characters, in groups of 4."""
    body = f"{share.number:02d}" + base64.b32encode(share.data).decode().rstrip("=")
    text = body + _check(ballot_id, share.number, share.data)
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_share(ballot_id: int, text: str) -> Share:
    """A typed or scanned share; dashes, spaces and case do not matter, 0/1/8 are read as O/I/B."""
    clean = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(clean) != 58 or not clean[:2].isdigit():
        raise ShareError()
    number = int(clean[:2])
    rest = clean[2:].translate(str.maketrans("018", "OIB"))
    try:
        data = base64.b32decode(rest[:52] + "====")
    except ValueError:
        raise ShareError() from None
    if len(data) != 32 or number < 1 or _check(ballot_id, number, data) != rest[52:]:
        raise ShareError()
    return Share(number, data)


def seal(public_key_hex: str, ballot_id: int, option_ids: Iterable[int], marks: Mapping[int, str]) -> bytes:
    vector = "".join(VALUE_CODES[marks[o]] if o in marks else BLANK for o in sorted(option_ids))
    plaintext = MAGIC + f"{ballot_id}:{vector}".encode()
    return SealedBox(PublicKey(bytes.fromhex(public_key_hex))).encrypt(plaintext)


def tracker(ciphertext: bytes) -> str:
    return hashlib.sha256(ciphertext).hexdigest()


def fingerprint(trackers: Iterable[str]) -> str:
    """SHA-256 of the sorted tracker list, one per line: what the minutes print."""
    return hashlib.sha256("\n".join(sorted(trackers)).encode()).hexdigest()


def open_all(
    private: PrivateKey, ballot_id: int, option_ids: Iterable[int], ciphertexts: Sequence[bytes]
) -> tuple[list[dict[int, str]], list[int]]:
    """Open every ciphertext in a random order: (marks of each opened ballot, indexes that did not open)."""
    box = SealedBox(private)
    ordered = sorted(option_ids)
    prefix = MAGIC + f"{ballot_id}:".encode()
    order = list(range(len(ciphertexts)))
    _random.shuffle(order)
    opened: list[dict[int, str]] = []
    failed: list[int] = []
    for index in order:
        try:
            plaintext = box.decrypt(ciphertexts[index])
        except CryptoError:
            failed.append(index)
            continue
        vector = plaintext[len(prefix) :].decode(errors="replace")
        if not plaintext.startswith(prefix) or len(vector) != len(ordered):
            failed.append(index)
            continue
        marks = {o: CODE_VALUES[c] for o, c in zip(ordered, vector, strict=True) if c in CODE_VALUES}
        opened.append(marks)
    return opened, failed
