"""The post-reform demo unit: Phường Mỹ Hào (Hưng Yên), its departments, people and 2026 story.

Why Mỹ Hào: Văn Lâm's town, Như Quỳnh, became a commune (Xã Như Quỳnh, which Trung Trắc joined),
so Văn Lâm has no ward; Mỹ Hào, the former town (thị xã) next to it, gave its name and centre to
Phường Mỹ Hào (the former wards Bần Yên Nhân, Phan Đình Phùng, Nhân Hòa and the commune Cẩm Xá),
the ward nearest the 2024 commune in the post-2025 Hưng Yên. Its code comes from the national list
(`vietnam-provinces`, plans/units.py), never from here: the ward is found by its name.

The plan (`ke-hoach-papi-2026-phuong-my-hao.md`) is written for the demo in the style of a real
ward plan; its number, its basis plan of the province and its figures are invented. The people
are invented too. Every account's password is the demo password.

The story: the ward clerk imports the plan on 06/02/2026; the heads delegate their departments'
tasks to their staff before Tết (14–22/02/2026); the staff report through the year, the clerk
confirms or returns, and on some tasks nobody has reported yet.
"""

import datetime

from plans.models import Role

from ..common import Person

WARD_NAME = "Mỹ Hào"  # Phường Mỹ Hào in the post-2025 list
YEAR = 2026
EMAIL_DOMAIN = "myhao.demo"
IMPORTED_ON = (datetime.date(YEAR, 2, 6), 8, 15)  # a Friday, two days after the plan was signed

VP = "Văn phòng HĐND và UBND"
VHXH = "Phòng Văn hóa - Xã hội"
KT = "Phòng Kinh tế, Hạ tầng và Đô thị"
TTHC = "Trung tâm Phục vụ hành chính công"
# The departments as the plan names them (the plan adds "phường" where a real one does), each with
# its head's username.
DEPARTMENTS = {
    VP: "mh.chanhvp",
    VHXH: "mh.truongvhxh",
    KT: "mh.truongkt",
    TTHC: "mh.giamdoc",
}

# Titles of a ward after the reform: (name, short name), after the 2024 commune's in lists.
POSITIONS = [
    ("Chủ tịch UBND phường", "Chủ tịch phường"),
    ("Chánh Văn phòng HĐND và UBND phường", "Chánh Văn phòng"),
    ("Chuyên viên Văn phòng HĐND và UBND phường", "Chuyên viên Văn phòng"),
    ("Trưởng phòng Văn hóa - Xã hội", "Trưởng phòng VH-XH"),
    ("Chuyên viên Phòng Văn hóa - Xã hội", "Chuyên viên VH-XH"),
    ("Trưởng phòng Kinh tế, Hạ tầng và Đô thị", "Trưởng phòng KT-HT-ĐT"),
    ("Chuyên viên Phòng Kinh tế, Hạ tầng và Đô thị", "Chuyên viên KT-HT-ĐT"),
    ("Giám đốc Trung tâm Phục vụ hành chính công phường", "Giám đốc Trung tâm"),
    ("Viên chức Trung tâm Phục vụ hành chính công phường", "Viên chức Trung tâm"),
]
POSITIONS_FROM = 200  # their order in lists

_VP_STAFF, _VHXH_STAFF, _KT_STAFF = (
    "Chuyên viên Văn phòng HĐND và UBND phường",
    "Chuyên viên Phòng Văn hóa - Xã hội",
    "Chuyên viên Phòng Kinh tế, Hạ tầng và Đô thị",
)
_TTHC_STAFF = "Viên chức Trung tâm Phục vụ hành chính công phường"
PEOPLE = [
    # Trần Quốc Khánh signs the plan; the appendix makes him the lead of the citizens' reception (3.a).
    Person("mh.chutich", "Trần Quốc Khánh", Role.CHAIRMAN, "Chủ tịch UBND phường"),
    # The clerk follows the plan for the standing office (part III.1); staff, as the commune's is.
    Person("mh.vanphong", "Lưu Thị Ngọc Ánh", Role.CLERK, _VP_STAFF, is_staff=True, department=VP),
    Person("mh.chanhvp", "Nguyễn Văn Thành", Role.OFFICIAL, "Chánh Văn phòng HĐND và UBND phường", department=VP),
    Person("mh.tiepdan", "Phạm Thị Hằng", Role.OFFICIAL, _VP_STAFF, department=VP),  # citizens, petitions
    Person("mh.cntt", "Đinh Quang Minh", Role.OFFICIAL, _VP_STAFF, department=VP),  # the ward's website
    Person("mh.truongvhxh", "Vũ Thị Thanh Hương", Role.OFFICIAL, "Trưởng phòng Văn hóa - Xã hội", department=VHXH),
    Person("mh.vanhoa", "Hoàng Văn Long", Role.OFFICIAL, _VHXH_STAFF, department=VHXH),  # culture, information
    Person("mh.laodong", "Nguyễn Thị Thu Trang", Role.OFFICIAL, _VHXH_STAFF, department=VHXH),  # labour, welfare
    Person("mh.yte", "Bùi Thị Hạnh", Role.OFFICIAL, _VHXH_STAFF, department=VHXH),  # health, education
    Person("mh.truongkt", "Đặng Quốc Việt", Role.OFFICIAL, "Trưởng phòng Kinh tế, Hạ tầng và Đô thị", department=KT),
    Person("mh.diachinh", "Lê Văn Hải", Role.OFFICIAL, _KT_STAFF, department=KT),  # land, planning
    Person("mh.moitruong", "Trịnh Thị Lan Anh", Role.OFFICIAL, _KT_STAFF, department=KT),  # environment, urban order
    Person("mh.taichinh", "Phan Thị Thu", Role.OFFICIAL, _KT_STAFF, department=KT),  # budget
    Person(
        "mh.giamdoc",
        "Ngô Thị Minh Phương",
        Role.OFFICIAL,
        "Giám đốc Trung tâm Phục vụ hành chính công phường",
        department=TTHC,
    ),  # fmt: skip
    Person("mh.motcua", "Cao Văn Đức", Role.OFFICIAL, _TTHC_STAFF, department=TTHC),  # receiving files
    Person("mh.sohoa", "Lương Thị Mai", Role.OFFICIAL, _TTHC_STAFF, department=TTHC),  # online services
]

# The plan's body items as the importer numbers them, and who leads each, as the appendix says it:
# a department, a person (the chairman), or nobody the ward has ("Công an phường": the police are
# not a department of the People's Committee).
LEADS = {
    "1.a": VHXH, "1.b": VP, "2.a": VHXH, "2.b": KT, "2.c": KT, "3.a": "mh.chutich", "3.b": VP, "4.a": VP,
    "4.b": VP, "5.a": TTHC, "5.b": TTHC, "5.c": TTHC, "6.a": VHXH, "6.b": None, "7.a": KT, "8.a": TTHC, "8.b": VP,
}  # fmt: skip

# Before Tết each head gives the department's tasks to its staff: (day, hour, minute, head, task,
# delegates). 3.b, 4.a and 5.c stay with their heads.
DELEGATIONS = [
    (9, 8, 10, "mh.chanhvp", "1.b", ("mh.vanphong",)),
    (9, 8, 14, "mh.chanhvp", "4.b", ("mh.tiepdan",)),
    (9, 8, 18, "mh.chanhvp", "8.b", ("mh.cntt",)),
    (9, 9, 5, "mh.truongvhxh", "1.a", ("mh.vanhoa",)),
    (9, 9, 9, "mh.truongvhxh", "2.a", ("mh.laodong",)),
    (9, 9, 12, "mh.truongvhxh", "6.a", ("mh.yte",)),
    (9, 14, 20, "mh.truongkt", "2.b", ("mh.diachinh",)),
    (9, 14, 24, "mh.truongkt", "2.c", ("mh.taichinh",)),
    (9, 14, 27, "mh.truongkt", "7.a", ("mh.moitruong",)),
    (10, 8, 0, "mh.giamdoc", "5.a", ("mh.motcua",)),
    (10, 8, 3, "mh.giamdoc", "5.b", ("mh.motcua",)),
    (10, 8, 6, "mh.giamdoc", "8.a", ("mh.sohoa", "mh.motcua")),
]

# What happened next, in time order: (dd/mm, hh:mm, who, task, what, status, %, note).
# "report" is tasks.services.workflow.report_progress ("done" asks for confirmation), "confirm" and
# "return" the clerk's or the chairman's review, "comment" a cooperating head's remark.
IN_PROGRESS, DONE, BLOCKED = "in_progress", "done", "blocked"
EVENTS = [
    ("24/02", "09:40", "mh.vanphong", "1.b", "report", IN_PROGRESS, 30,
     "Đã treo băng rôn, khẩu hiệu tại các tuyến phố chính; Đài truyền thanh phát lịch bầu cử hằng ngày."),
    ("02/03", "15:10", "mh.motcua", "5.a", "report", IN_PROGRESS, 60,
     "Đã niêm yết danh mục thủ tục hành chính cấp xã tại Trung tâm; đang in mã QR tra cứu."),
    ("06/03", "10:25", "mh.vanphong", "1.b", "report", IN_PROGRESS, 70,
     "Đã niêm yết danh sách cử tri tại các khu vực bỏ phiếu; tổ chức tiếp xúc cử tri tại 6 tổ dân phố."),
    ("10/03", "14:05", "mh.chanhvp", "4.a", "report", IN_PROGRESS, 50,
     "Đã hướng dẫn cán bộ, công chức, viên chức kê khai; đã nhận 30/46 bản kê khai."),
    ("17/03", "16:20", "mh.vanphong", "1.b", "report", DONE, 100,
     "Tỷ lệ cử tri đi bầu đạt 99,6%; không có trường hợp bầu thay, bỏ phiếu hộ. Đã gửi báo cáo kết quả."),
    ("18/03", "08:45", "mh.chutich", "1.b", "confirm", "", 0, "Đồng ý kết quả, xác nhận hoàn thành."),
    ("20/03", "10:00", "mh.motcua", "5.a", "report", DONE, 100, "Đã niêm yết đủ danh mục và mã QR tại Trung tâm."),
    ("23/03", "08:30", "mh.vanphong", "5.a", "return", "", 0,
     "Còn thiếu 8 thủ tục lĩnh vực hộ tịch mới được công bố; đề nghị bổ sung trước khi xác nhận."),
    ("26/03", "15:35", "mh.motcua", "5.a", "report", DONE, 100,
     "Đã bổ sung 8 thủ tục hộ tịch và mã QR tương ứng; cập nhật trên Cổng Dịch vụ công."),
    ("27/03", "09:15", "mh.chanhvp", "4.a", "report", DONE, 100,
     "Đã nhận đủ 46/46 bản kê khai; công khai tại trụ sở từ ngày 25/3/2026, có biên bản."),
    ("27/03", "10:40", "mh.vanphong", "5.a", "confirm", "", 0, "Đã kiểm tra tại Trung tâm, xác nhận hoàn thành."),
    ("30/03", "14:00", "mh.vanphong", "4.a", "confirm", "", 0, "Xác nhận hoàn thành; lưu hồ sơ theo quy định."),
    ("14/04", "09:30", "mh.taichinh", "2.c", "report", IN_PROGRESS, 25,
     "Đã công khai dự toán ngân sách năm 2026 và quyết toán năm 2025 tại trụ sở và trên Trang thông tin điện tử."),
    ("14/04", "14:50", "mh.sohoa", "8.a", "report", IN_PROGRESS, 30,
     "Đã thành lập Tổ công nghệ số cộng đồng ở các tổ dân phố; tỷ lệ hồ sơ trực tuyến quý I đạt 61%."),
    ("15/04", "10:10", "mh.diachinh", "2.b", "report", IN_PROGRESS, 50,
     "Đã niêm yết kế hoạch sử dụng đất năm 2026 và bảng giá đất tại trụ sở phường."),
    ("17/04", "15:00", "mh.vanhoa", "1.a", "report", IN_PROGRESS, 50,
     "Đã lập danh mục nội dung công khai; 12/24 tổ dân phố đã tổ chức hội nghị."),
    ("20/04", "16:05", "mh.chanhvp", "2.b", "comment", "", 0,
     "Văn phòng đã đăng bảng giá đất lên Trang thông tin điện tử của phường ngày 20/4."),
    ("12/05", "08:55", "mh.laodong", "2.a", "report", IN_PROGRESS, 40,
     "Đã niêm yết danh sách hộ nghèo, hộ cận nghèo tại trụ sở; đang gửi các tổ dân phố."),
    ("12/05", "14:30", "mh.moitruong", "7.a", "report", IN_PROGRESS, 35,
     "Đã kiểm tra 9 cơ sở sản xuất xen kẽ khu dân cư; xử lý 3 điểm tập kết rác tự phát."),
    ("16/06", "09:20", "mh.yte", "6.a", "report", IN_PROGRESS, 45, "Tỷ lệ bao phủ bảo hiểm y tế đạt 92,8%."),
    ("19/06", "15:45", "mh.diachinh", "2.b", "report", IN_PROGRESS, 90,
     "Đã công khai phương án bồi thường của 2 dự án; còn dự án đường gom khu công nghiệp chờ phê duyệt."),
    ("24/06", "10:30", "mh.vanhoa", "1.a", "report", DONE, 100,
     "24/24 tổ dân phố đã tổ chức hội nghị; biên bản lưu tại Phòng Văn hóa - Xã hội."),
    ("26/06", "08:40", "mh.vanphong", "1.a", "confirm", "", 0, "Xác nhận hoàn thành."),
    ("03/07", "09:00", "mh.cntt", "8.b", "report", IN_PROGRESS, 50,
     "6 tháng đầu năm đăng 126 tin, bài; trả lời 41/41 phản ánh trên Trang Zalo của phường."),
    ("03/07", "14:15", "mh.chutich", "3.a", "report", IN_PROGRESS, 50,
     "6 tháng đầu năm tiếp 38 lượt công dân; giải quyết 27/29 đơn thuộc thẩm quyền."),
    ("10/07", "10:50", "mh.tiepdan", "4.b", "report", IN_PROGRESS, 50,
     "Kiểm tra công vụ tại Trung tâm 2 đợt; không phát hiện trường hợp nhũng nhiễu."),
    ("15/07", "15:20", "mh.sohoa", "8.a", "report", IN_PROGRESS, 60, "Tỷ lệ hồ sơ trực tuyến 6 tháng đạt 72%."),
    ("14/08", "09:35", "mh.moitruong", "7.a", "report", BLOCKED, 40,
     "Chưa có kinh phí thuê đơn vị lấy mẫu, quan trắc nước thải; đã đề xuất bổ sung dự toán."),
    ("18/08", "14:40", "mh.laodong", "2.a", "report", IN_PROGRESS, 80,
     "Đã niêm yết tại 24/24 nhà văn hóa tổ dân phố; đang cập nhật lên Trang thông tin điện tử."),
    ("17/09", "10:05", "mh.yte", "6.a", "report", IN_PROGRESS, 70, "Tỷ lệ bao phủ bảo hiểm y tế đạt 94,1%."),
    ("21/09", "16:10", "mh.laodong", "2.a", "report", DONE, 100,
     "Hoàn thành niêm yết tại trụ sở, 24 tổ dân phố và trên Trang thông tin điện tử; có biên bản niêm yết."),
    ("05/10", "08:50", "mh.giamdoc", "5.c", "report", IN_PROGRESS, 30,
     "Đã xây dựng phiếu khảo sát; dự kiến khảo sát 300 lượt người dân, tổ chức."),
    ("09/10", "09:25", "mh.motcua", "5.b", "report", IN_PROGRESS, 75,
     "Tỷ lệ hồ sơ giải quyết đúng hạn 9 tháng đạt 98,7%."),
    ("09/10", "15:30", "mh.sohoa", "8.a", "report", IN_PROGRESS, 85, "Tỷ lệ hồ sơ trực tuyến 9 tháng đạt 79%."),
]  # fmt: skip
