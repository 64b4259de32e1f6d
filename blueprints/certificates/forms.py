"""Forms of the certificates feature: a bare confirm button, revoking with a reason, the seal upload, the check code."""
from __future__ import annotations

import io

from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from blueprints.core.forms import Form, clean_prose

from .check_codes import MAX_TYPED

SEAL_MAX_BYTES = 2 * 1024 * 1024


class ConfirmForm(Form):
    """Only the CSRF token: issuing buttons need nothing else."""


class RevokeForm(Form):
    """Revoke a certificate; the reason stays with the school, not on the public verification page."""

    reason = StringField("撤销原因", filters=[clean_prose],
                         validators=[DataRequired("请填写撤销原因。"), Length(max=200, message="撤销原因最多 200 字。")])


class VerifyForm(Form):
    """The check code typed on the public verification page (a GET form: nothing changes, no CSRF token)."""

    code = StringField("请输入证书上的校验码", filters=[lambda value: value.strip()[:MAX_TYPED] if isinstance(value, str) else value])


class SealForm(Form):
    """The school seal as a PNG (transparent background), printed over the date."""

    seal = FileField("公章图片（PNG，透明背景）", validators=[FileRequired("请选择一张 PNG 图片。")])

    def validate_seal(self, field) -> None:
        """A real PNG of reasonable size: checked by its bytes, not its name."""
        data = field.data.read()
        field.data.seek(0)
        if len(data) > SEAL_MAX_BYTES:
            raise ValidationError("图片不能超过 2 MB。")
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ValidationError("请上传 PNG 格式的图片。")
        if not _decodes(data):
            raise ValidationError("这张 PNG 图片已损坏，无法读取，请重新导出后再上传。")


def _decodes(data: bytes) -> bool:
    """Whether the PNG really decodes: a truncated or damaged file would later break every certificate's PDF."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception:  # Pillow raises many kinds for a damaged file; all mean the same here
        return False
    return True
