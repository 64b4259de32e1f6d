"""The print fonts' cut-down copies hold GB2312's characters and nothing rarer; the full fonts stay behind them."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from blueprints.core.print_fonts import FACES, installed_face, make_print_fonts


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fonts")
    outcome = make_print_fonts(folder)
    return folder, outcome


def test_every_face_is_cut_from_the_installed_noto_font(made):
    folder, outcome = made
    for face in FACES:
        assert outcome[face.file_name].startswith("made "), outcome[face.file_name]
        assert (folder / face.file_name).stat().st_size < 6_000_000  # the full files hold 20–27 MB


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.file_name)
def test_a_copy_covers_common_characters_and_punctuation_but_not_rare_ones(made, face):
    folder, _outcome = made
    font = TTFont(folder / face.file_name, lazy=True)
    cmap = font.getBestCmap()
    for char in "荣誉证书王丽天地外国语学校〇一二三，。：（）《》“”0123456789ABCxyz-":
        assert ord(char) in cmap, char
    for rare in "喆𠀾䶮":  # outside GB2312: set in the full font instead
        assert ord(rare) not in cmap, rare
    assert font["name"].getDebugName(1).startswith(face.family)


def test_a_second_run_leaves_the_copies_alone(made):
    folder, _outcome = made
    assert set(make_print_fonts(folder).values()) == {"present"}


def test_a_family_that_is_not_installed_is_reported_not_invented():
    assert installed_face("No Such Font 青春", bold=False) is None
