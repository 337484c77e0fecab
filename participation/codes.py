"""Short codes that residents type, and the hashes and seals that keep them out of the database.

Used by resume codes (answering: ten characters in two groups of five, "KX4TM 9CRA7") and
sign-up codes (events: twelve in three groups of four, since they live until 30 days after
the event), from an alphabet without look-alikes: no 0/O, no 1/I/L, and B, S and Z are
left out so that 8, 5 and 2 can be typed either way. 28¹⁰ ≈ 3.0 × 10¹⁴ and 28¹² ≈ 2.3 × 10¹⁷
codes (README: why that is enough with the rate limits). The database holds only keyed
hashes of codes, and a code shown again on its confirmation page is sealed with a ticket
only the showing browser's session holds.
"""

import hashlib
import hmac
import secrets

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY23456789"  # 28 characters
CODE_LENGTH = 10
CODE_GROUP = 5
LOOK_ALIKES = str.maketrans({"B": "8", "S": "5", "Z": "2"})
SEPARATORS = " -\t\u00a0"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(raw: str, length: int = CODE_LENGTH) -> str | None:
    """Upper-case the code, drop spaces and dashes, read look-alikes; None if no code."""
    code = "".join(ch for ch in raw.upper() if ch not in SEPARATORS).translate(LOOK_ALIKES)
    if len(code) != length or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def grouped(code: str, group: int = CODE_GROUP) -> str:
    return " ".join(code[i:i + group] for i in range(0, len(code), group))


def keyed_hash(value: str, secret: str) -> str:
    # Keyed, so a copy of the database alone does not let anyone try all codes offline.
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def _keystream(ticket: str, length: int) -> bytes:
    # A fresh random ticket per seal, so this one-time pad from HMAC-SHA512 never repeats.
    stream = hmac.new(ticket.encode(), b"paused-code-page", hashlib.sha512).digest()
    if length > len(stream):
        raise ValueError("too long to seal")
    return stream[:length]


def _xor(data: bytes, ticket: str) -> bytes:
    return bytes(a ^ b for a, b in zip(data, _keystream(ticket, len(data)), strict=True))


def seal(plain: str, ticket: str) -> str:
    return _xor(plain.encode(), ticket).hex()


def unseal(sealed: str, ticket: str) -> str:
    return _xor(bytes.fromhex(sealed), ticket).decode()
