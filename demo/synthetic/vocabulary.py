"""The words of a synthetic province: its officials, who leads what, task titles, notes and names."""

from plans.models import Role
from tasks.models import TaskStatus

# The officials of a synthetic commune: (username suffix, role, position name).
STAFF = [
    ("chutich", Role.CHAIRMAN, "Chủ tịch UBND xã"),
    ("phochutich", Role.VICE_CHAIRMAN, "Phó Chủ tịch UBND xã"),
    ("vanphong", Role.CLERK, "Công chức Văn phòng - Thống kê"),
    ("taichinh", Role.OFFICIAL, "Công chức Tài chính - Kế toán"),
    ("tuphap", Role.OFFICIAL, "Công chức Tư pháp - Hộ tịch"),
    ("diachinh", Role.OFFICIAL, "Công chức Địa chính - Nông nghiệp - Xây dựng và Môi trường"),
    ("vanhoa", Role.OFFICIAL, "Công chức Văn hóa - Xã hội"),
    ("congan", Role.OFFICIAL, "Trưởng Công an xã"),
]
# Likely leads per area (1–8) and for the sections outside the areas (3 communication, 4 inspection).
LEADS = {
    1: ("vanphong", "tuphap"),
    2: ("taichinh", "diachinh", "vanhoa"),
    3: ("tuphap", "vanphong"),
    4: ("vanphong",),
    5: ("tuphap", "vanphong"),
    6: ("vanhoa", "congan", "diachinh"),
    7: ("diachinh",),
    8: ("vanphong",),
    "3": ("vanhoa",),
    "4": ("vanphong",),
}
WORKERS = ("vanphong", "taichinh", "tuphap", "diachinh", "vanhoa", "congan")

TITLES = {
    1: ("Tuyên truyền Luật Thực hiện dân chủ ở cơ sở", "Hướng dẫn các thôn họp bàn mức đóng góp tự nguyện"),
    2: ("Niêm yết công khai danh sách hộ nghèo", "Công khai thu chi ngân sách xã", "Công khai kế hoạch sử dụng đất"),
    3: ("Tiếp công dân định kỳ", "Giải quyết đơn thư, kiến nghị của người dân", "Trợ giúp pháp lý lưu động"),
    4: ("Tuyên truyền phòng, chống tham nhũng", "Kiểm tra hoạt động Bộ phận Một cửa"),
    5: ("Rà soát, niêm yết thủ tục hành chính", "Giải quyết hồ sơ đúng hạn tại Bộ phận Một cửa"),
    6: ("Vận động người dân tham gia bảo hiểm y tế", "Sửa chữa cơ sở vật chất trường học", "Bảo đảm an ninh trật tự"),
    7: ("Thu gom, xử lý rác thải sinh hoạt", "Kiểm tra cơ sở chăn nuôi về bảo vệ môi trường"),
    8: ("Hướng dẫn người dân dùng dịch vụ công trực tuyến", "Cập nhật Cổng thông tin điện tử xã"),
    "3": ("Tuyên truyền về Chỉ số PAPI trên đài truyền thanh", "Đưa tin kết quả thực hiện Kế hoạch"),
    "4": ("Tự kiểm tra việc thực hiện Kế hoạch", "Kiểm tra trực tiếp tại các thôn"),
}
NOTES = {
    TaskStatus.IN_PROGRESS: (
        "Đang triển khai theo kế hoạch.",
        "Đã họp triển khai với các thôn.",
        "Đã tổng hợp số liệu, tiếp tục thực hiện.",
        "Đã phối hợp các đoàn thể tuyên truyền tới người dân.",
    ),
    TaskStatus.AWAITING_CONFIRMATION: (
        "Đã hoàn thành, đề nghị lãnh đạo xác nhận.",
        "Đã hoàn thành, gửi báo cáo kết quả về Văn phòng UBND xã.",
    ),
    TaskStatus.RETURNED: ("Đề nghị bổ sung số liệu và tài liệu kèm theo.",),
    TaskStatus.BLOCKED: ("Vướng mắc do chưa bố trí được kinh phí, đề nghị UBND xã chỉ đạo.",),
    TaskStatus.DONE: ("Đồng ý kết quả, xác nhận hoàn thành.", "Đã kiểm tra hồ sơ, xác nhận hoàn thành."),
}
# Final outcomes and their weights (NOT_STARTED only when no updates are asked for).
OUTCOMES = (("on_time", 50), ("late", 12), ("in_progress", 22), ("awaiting", 6), ("returned", 3), ("blocked", 4))
OUTCOME_NAMES, OUTCOME_WEIGHTS = zip(*OUTCOMES, strict=True)
# Typical area scores (PAPI's provincial averages are roughly these), for synthetic scores.
AREA_BASE = {1: 5.0, 2: 5.3, 3: 4.4, 4: 6.7, 5: 7.1, 6: 6.9, 7: 3.9, 8: 3.1}

SURNAMES = ("Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý")
MALE = (("Văn", "Đức", "Minh", "Quang", "Hữu"), ("Hùng", "Dũng", "Tuấn", "Long", "Nam", "Sơn", "Thắng", "Hải"))
FEMALE = (("Thị", "Thu", "Ngọc", "Thanh"), ("Hoa", "Lan", "Hương", "Mai", "Hằng", "Trang", "Nga", "Thảo"))
PLACES = (
    "Tân Lập",
    "Hòa Bình",
    "Quang Trung",
    "Đông Hưng",
    "Minh Đức",
    "Thanh Hà",
    "Phú Thịnh",
    "An Khánh",
    "Việt Hưng",
    "Đại Đồng",
    "Hồng Phong",
    "Nghĩa Hiệp",
    "Lạc Đạo",
    "Minh Hải",
    "Tân Quang",
    "Đình Dù",
    "Lương Tài",
    "Chỉ Đạo",
    "Phan Đình Phùng",
    "Hưng Đạo",
)


def item_letters(index):
    """0 → a, 25 → z, 26 → aa: item letters as plans print them, past z if needed."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def place_name(i):
    """A Vietnamese place name, numbered once the list runs out."""
    base = PLACES[i % len(PLACES)]
    return base if i < len(PLACES) else f"{base} {i // len(PLACES) + 1}"
