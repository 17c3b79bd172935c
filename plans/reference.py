"""The PAPI reference data (content areas, sub-dimensions) and the role groups.

Loaded by migration plans/0002 with the historical models; `load()` with the current models
restores them where a test database was emptied (transactional tests flush every table).
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "papi-dimensions.json"

# Other headings plans use for an area; the importer recognises them too.
ALIASES = {
    1: ["Tham gia của người dân", "Dân chủ ở cơ sở", "Thực hiện dân chủ ở cơ sở"],
    2: [
        "Công khai, minh bạch trong hoạch định chính sách",
        "Công khai, minh bạch",
        "Công khai minh bạch trong việc ra quyết định",
    ],
    3: ["Trách nhiệm giải trình", "Giải trình với người dân"],
    4: ["Kiểm soát tham nhũng", "Phòng, chống tham nhũng"],
    5: ["Thủ tục hành chính", "Cải cách thủ tục hành chính"],
    6: ["Dịch vụ công", "Cung ứng dịch vụ công"],
    7: ["Môi trường", "Bảo vệ môi trường", "Quản trị môi trường"],
    8: ["Chính quyền điện tử", "Chuyển đổi số", "Quản trị điện tử"],
}


def load_areas(ContentArea, SubDimension):  # noqa: N803 (model classes, historical or current)
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for dim in data["dimensions"]:
        area, _ = ContentArea.objects.update_or_create(
            code=dim["code"],
            defaults={
                "name_vi": dim["vi"],
                "name_en": dim["en"],
                "valid_from": dim.get("from"),
                "aliases": "\n".join(ALIASES.get(dim["code"], [])),
            },
        )
        for sub in dim["sub"]:
            SubDimension.objects.update_or_create(
                code=sub["code"],
                defaults={
                    "area": area,
                    "name_vi": sub["vi"],
                    "name_en": sub["en"],
                    "valid_from": sub.get("from"),
                    "valid_to": sub.get("to"),
                    "uncertain": bool(sub.get("uncertain")),
                },
            )


def create_role_groups(Group):  # noqa: N803
    for role in ("chairman", "vice_chairman", "clerk", "official", "observer", "supervisor"):
        Group.objects.get_or_create(name=f"role:{role}")


def load():
    """With the current models: make sure the reference data and role groups exist."""
    from django.contrib.auth.models import Group

    from .models import ContentArea, SubDimension

    load_areas(ContentArea, SubDimension)
    create_role_groups(Group)
