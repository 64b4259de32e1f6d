"""Honours import (Excel/CSV with a preview, all or nothing, like the roster's) and export to Excel."""
from .export import honours_workbook, template_workbook
from .preview import ACTIONS, Preview, PreviewRow, apply_import, build_preview, is_honours_table
from .reading import MAX_FILE_BYTES, MAX_ROWS, RosterFileError, read_honours

__all__ = [
    "ACTIONS", "MAX_FILE_BYTES", "MAX_ROWS", "Preview", "PreviewRow", "RosterFileError", "apply_import",
    "build_preview", "honours_workbook", "is_honours_table", "read_honours", "template_workbook",
]
