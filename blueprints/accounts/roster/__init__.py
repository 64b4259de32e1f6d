"""Roster import and export: read a file, preview it against the database, apply it all or nothing, export."""
from .export import roster_people, roster_workbook
from .importing import Preview, PreviewRow, apply_import, build_preview, initial_password_problem
from .reading import MAX_ROWS, RosterFileError, Table, read_table
from .store import UPLOAD_LIFETIME, discard_upload, load_upload, save_upload

__all__ = [
    "MAX_ROWS", "UPLOAD_LIFETIME", "Preview", "PreviewRow", "RosterFileError", "Table",
    "apply_import", "build_preview", "discard_upload", "initial_password_problem",
    "load_upload", "read_table", "roster_people", "roster_workbook", "save_upload",
]
