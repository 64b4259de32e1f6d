"""Smaller copies of the print fonts: Noto Serif and Sans CJK SC cut down to GB2312's characters.

Debian's Noto CJK files hold every glyph of four languages (20–27 MB a weight). WeasyPrint maps each face it
uses and, while writing a PDF, copies the whole file into memory before subsetting it: a certificate (serif
regular and bold) cost ~105 MB of fonts and ~0.2 s. Print templates therefore ask first for "QCBD Serif" /
"QCBD Sans", copies of the same faces with only GB2312's 6,763 characters, ASCII and the punctuation (~4 MB a
weight), and name the full system font after them: a rare character in a name (𠀾, 䶮, 喆) is set in the full
font, for that document only, by Pango's usual fallback. Measured with 150 certificates: peak 306 → 210 MB,
one certificate 0.23 → 0.06 s, 4.6 → 3.6 KB a page.

The copies are made from the installed fonts with HarfBuzz's subsetter (libharfbuzz-subset, which WeasyPrint
needs anyway; ~0.3 s a face) into static/fonts/ (not in git): by scripts/setup.sh, or by the first PDF a
process prints when they are missing. Without them the templates use the full fonts, as before.
"""
from __future__ import annotations

import functools
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import cffi

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "static" / "fonts"


@dataclass(frozen=True)
class Face:
    file_name: str  #: in static/fonts, as the print templates' @font-face rules name it
    family: str  #: the installed family it is cut from
    bold: bool


FACES = (
    Face("qcbd-serif-regular.otf", "Noto Serif CJK SC", False),
    Face("qcbd-serif-bold.otf", "Noto Serif CJK SC", True),
    Face("qcbd-sans-regular.otf", "Noto Sans CJK SC", False),
    Face("qcbd-sans-bold.otf", "Noto Sans CJK SC", True),
)

_CDEF = """
typedef struct _FcPattern FcPattern; typedef struct _FcConfig FcConfig; typedef int FcResult;
FcPattern *FcNameParse(const unsigned char *name);
int FcConfigSubstitute(FcConfig *config, FcPattern *p, int kind);
void FcDefaultSubstitute(FcPattern *pattern);
FcPattern *FcFontMatch(FcConfig *config, FcPattern *p, FcResult *result);
FcResult FcPatternGetString(const FcPattern *p, const char *object, int n, unsigned char **s);
FcResult FcPatternGetInteger(const FcPattern *p, const char *object, int n, int *i);
void FcPatternDestroy(FcPattern *p);

typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t; typedef struct hb_subset_input_t hb_subset_input_t;
hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
void hb_face_destroy(hb_face_t *face);
void hb_set_add(hb_set_t *set, uint32_t codepoint);
void hb_set_add_range(hb_set_t *set, uint32_t first, uint32_t last);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""
_FC_MATCH_PATTERN = 0
_FC_RESULT_MATCH = 0
#: Latin and its punctuation, general punctuation (dashes, quotes, ‰, ※), CJK punctuation, full-width forms.
_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x206F), (0x2100, 0x218F), (0x2460, 0x24FF), (0x2500, 0x25FF),
           (0x3000, 0x303F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))

_lock = threading.Lock()
#: Folders already looked at (and made when missing) by this process, with the answer: every PDF asks.
_ready: dict[Path, bool] = {}


def gb2312_characters() -> list[int]:
    """The GB2312 Chinese characters (and its other symbols): what a school's printed names and texts mostly use."""
    found = []
    for codepoint in range(0x80, 0x10000):
        if 0xD800 <= codepoint < 0xE000:
            continue
        try:
            chr(codepoint).encode("gb2312")
        except UnicodeEncodeError:
            continue
        found.append(codepoint)
    return found


@functools.cache
def _libraries():
    ffi = cffi.FFI()
    ffi.cdef(_CDEF)
    return ffi, ffi.dlopen("libfontconfig.so.1"), ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")


def installed_face(family: str, bold: bool) -> tuple[str, int] | None:
    """The file and face index fontconfig gives for the family, or None when the family is not installed."""
    ffi, fc, _hb, _hbs = _libraries()
    pattern = fc.FcNameParse(f"{family}:weight={'bold' if bold else 'regular'}".encode())
    fc.FcConfigSubstitute(ffi.NULL, pattern, _FC_MATCH_PATTERN)
    fc.FcDefaultSubstitute(pattern)
    result = ffi.new("FcResult *")
    match = fc.FcFontMatch(ffi.NULL, pattern, result)
    fc.FcPatternDestroy(pattern)
    if match == ffi.NULL:
        return None
    try:
        text, index = ffi.new("unsigned char **"), ffi.new("int *")
        families = []
        n = 0
        while fc.FcPatternGetString(match, b"family", n, text) == _FC_RESULT_MATCH:
            families.append(ffi.string(text[0]).decode())
            n += 1
        if family not in families:  # fontconfig answers with some other font rather than nothing
            return None
        fc.FcPatternGetString(match, b"file", 0, text)
        path = ffi.string(text[0]).decode()
        fc.FcPatternGetInteger(match, b"index", 0, index)
        return path, index[0]
    finally:
        fc.FcPatternDestroy(match)


def cut_face(source: str, index: int, target: Path) -> int:
    """Write the face's GB2312 subset to target (through a temporary file); its size in bytes."""
    ffi, _fc, hb, hbs = _libraries()
    blob = hb.hb_blob_create_from_file_or_fail(source.encode())
    if blob == ffi.NULL:
        raise OSError(f"cannot read {source}")
    face = hb.hb_face_create(blob, index)
    subset_input = hbs.hb_subset_input_create_or_fail()
    try:
        codepoints = hbs.hb_subset_input_unicode_set(subset_input)
        for first, last in _RANGES:
            hb.hb_set_add_range(codepoints, first, last)
        for codepoint in gb2312_characters():
            hb.hb_set_add(codepoints, codepoint)
        subset = hbs.hb_subset_or_fail(face, subset_input)
        if subset == ffi.NULL:
            raise RuntimeError(f"HarfBuzz could not subset {source}")
        data_blob = hb.hb_face_reference_blob(subset)
        length = ffi.new("unsigned int *")
        data = bytes(ffi.buffer(hb.hb_blob_get_data(data_blob, length), length[0]))
        hb.hb_blob_destroy(data_blob)
        hb.hb_face_destroy(subset)
    finally:
        hbs.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(target)  # another process making the same file at the same time is harmless
    return len(data)


def make_print_fonts(folder: Path = FOLDER) -> dict[str, str]:
    """Make every missing copy; what happened to each, by file name ("made 4503 KB", "present", "no font ...")."""
    folder.mkdir(parents=True, exist_ok=True)
    outcome = {}
    for face in FACES:
        target = folder / face.file_name
        if target.is_file():
            outcome[face.file_name] = "present"
            continue
        found = installed_face(face.family, face.bold)
        if found is None:
            outcome[face.file_name] = f"no font {face.family} {'bold' if face.bold else 'regular'} installed"
            continue
        outcome[face.file_name] = f"made {cut_face(*found, target) // 1024} KB from {found[0]}"
    return outcome


def print_fonts_ready(folder: Path = FOLDER) -> bool:
    """Whether every copy is there (made now if missing, once per process): templates then ask for them first."""
    with _lock:
        if folder not in _ready:
            if not all((folder / face.file_name).is_file() for face in FACES):
                try:
                    for name, what in make_print_fonts(folder).items():
                        log.info("print font %s: %s", name, what)
                except (OSError, RuntimeError) as error:  # a read-only checkout, no libharfbuzz-subset: full fonts
                    log.warning("print fonts not made (%s); PDFs use the full system fonts", error)
            _ready[folder] = all((folder / face.file_name).is_file() for face in FACES)
        return _ready[folder]


if __name__ == "__main__":  # scripts/setup.sh
    for name, what in make_print_fonts().items():
        print(f"{name}: {what}")
