"""Check codes (校验码): 8 random characters printed beside the serial; verification needs both.

Serials run in sequence, so a serial alone must reveal nothing. The code is random (secrets), stored with
the certificate and not derived from SECRET_KEY, so it survives a key change or a restore elsewhere."""
from __future__ import annotations

import hmac
import re
import secrets
import unicodedata

#: No 0/O, 1/I/L: a code read off paper or over the phone is never ambiguous.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
#: What a person may type around the characters: hyphens, spaces, dots; all dropped before comparing.
_SEPARATORS = re.compile(r"[^0-9A-Z]")
#: Longer input is nonsense; it is cut before normalising so a huge query string costs nothing.
MAX_TYPED = 40


def new_check_code() -> str:
    """A fresh random code, e.g. K7Q2M9XA (31^8 ≈ 8.5·10^11 possibilities)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_check_code(code: str) -> str:
    """The code as printed and shown: two groups of four, K7Q2-M9XA."""
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code


def normalise_check_code(typed: str | None) -> str:
    """What a person typed, as stored: full-width turned half-width, upper case, separators dropped."""
    text = unicodedata.normalize("NFKC", (typed or "")[:MAX_TYPED]).upper()
    return _SEPARATORS.sub("", text)


def check_code_matches(typed: str | None, stored: str | None) -> bool:
    """Whether the typed code is the certificate's (compared in constant time); an unknown certificate
    (stored None) is compared against a dummy, so both answers take the same time."""
    given = normalise_check_code(typed)
    expected = stored or "-" * LENGTH  # never equal to a normalised code, which holds no hyphen
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())
