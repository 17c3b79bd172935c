"""The demo's assignment table: who leads each item of the seed plan, by when, and how 2024 went.

Keyed by the task codes the plan importer gives the seed plan (1.1.a … 1.8.d for the eight
areas, 3.a–3.c communication, 4.a–4.e inspection). Leads follow each official's field, as a
commune would assign them; the Fatherland Front (an observer) supervises and takes no task.
The notes are the progress reports, in order, that `demo.loader` spreads over the year.
"""

import enum
from dataclasses import dataclass

from tasks.models import TaskStatus


class Outcome(enum.StrEnum):
    """Where a demo task stands at the end of 2024."""

    ON_TIME = "on_time"
    LATE = "late"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    AWAITING = "awaiting"
    NOT_STARTED = "not_started"


FINAL_STATUS = {
    Outcome.ON_TIME: TaskStatus.DONE,
    Outcome.LATE: TaskStatus.DONE,
    Outcome.IN_PROGRESS: TaskStatus.IN_PROGRESS,
    Outcome.BLOCKED: TaskStatus.BLOCKED,
    Outcome.AWAITING: TaskStatus.AWAITING_CONFIRMATION,
    Outcome.NOT_STARTED: TaskStatus.NOT_STARTED,
}


@dataclass(frozen=True)
class Note:
    """A progress report: its text, who wrote it (the lead if empty) and roughly when ("dd/mm").

    Reports without a date are spread evenly between their neighbours; the last report of a
    task always falls on the day its outcome calls for (completion, or the latest report).
    A note by a cooperating official is a comment: only the lead reports progress.
    """

    RETURNED = "returned"

    text: str
    by: str = ""
    on: str = ""
    kind: str = ""  # RETURNED: the reviewer sends the lead's done report back, with this reason


@dataclass(frozen=True)
class Assignment:
    """Who does a plan item, by when, and how the year went.

    `notes` are the progress reports in order (plain text or `Note`). `starts` ("dd/mm") is
    when the work begins, if not in January.
    """

    lead: str
    cooperating: tuple[str, ...]
    deadline: str
    outcome: Outcome
    notes: tuple = ()
    sub_dimensions: tuple[str, ...] = ()
    starts: str = ""


A, N = Assignment, Note
O = Outcome  # noqa: E741 - short alias keeps the table readable

# Task code (as the importer numbers the seed plan) → assignment. Observers (the Fatherland
# Front) are kept out: they supervise, they are neither lead nor cooperating.
ASSIGNMENTS = {
    # 1.1 Participation at local levels
    "1.1.a": A(
        "vanphong",
        ("tuphap", "truyenthanh"),
        "Quý II/2024",
        O.ON_TIME,
        (
            "Đã sao gửi văn bản hướng dẫn của huyện về công tác bầu cử đến các thôn.",
            N("Đã phát 6 buổi tuyên truyền về quyền và nghĩa vụ bầu cử của công dân.", by="truyenthanh"),
            "Đã hướng dẫn các thôn bầu bổ sung tổ trưởng tổ tự quản; hồ sơ lưu đầy đủ tại Văn phòng.",
        ),
        ("1.3",),
    ),
    "1.1.b": A(
        "tuphap",
        ("vanhoa", "truyenthanh"),
        "6 tháng đầu năm 2024",
        O.ON_TIME,
        (
            "Đã xây dựng đề cương tuyên truyền Luật Thực hiện dân chủ ở cơ sở, gửi các thôn.",
            N("Đã treo băng rôn, phát tờ gấp tại nhà văn hóa các thôn.", by="vanhoa"),
            "Đã tổ chức hội nghị phổ biến Luật tại các thôn, khoảng 600 lượt người tham dự.",
        ),
        ("1.1", "1.2"),
    ),
    "1.1.c": A(
        "taichinh",
        ("diachinh",),
        "Thường xuyên",
        O.ON_TIME,
        (
            "Đã hướng dẫn các thôn họp dân bàn và quyết định mức đóng góp xây dựng nông thôn mới.",
            N("Đã cùng Ban Giám sát đầu tư cộng đồng kiểm tra công trình đường trục thôn.", by="diachinh"),
            "Đã công khai các khoản đóng góp năm 2024 tại nhà văn hóa các thôn; không có khoản thu trái quy định.",
        ),
        ("1.4",),
    ),
    "1.1.d": A(
        "vanphong",
        ("tuphap",),
        "Hàng quý",
        O.ON_TIME,
        (
            N("Đã kiểm tra việc thực hiện dân chủ ở cơ sở quý I tại 2 thôn.", on="25/3"),
            N("Đã kiểm tra quý II, quý III; không phát hiện vi phạm quy chế dân chủ.", on="27/9"),
            "Đã tổng hợp kết quả kiểm tra cả năm, báo cáo UBND xã.",
        ),
        ("1.2",),
    ),
    # 1.2 Transparency
    "1.2.a": A(
        "vanphong",
        ("truyenthanh",),
        "Trước 31/3/2024",
        O.ON_TIME,
        (
            "Đã niêm yết số điện thoại, hộp thư điện tử của Chủ tịch UBND xã tại trụ sở và Bộ phận Một cửa.",
            N(
                "Đã đăng thông tin liên hệ trên Cổng thông tin điện tử và đọc trên đài truyền thanh xã.",
                by="truyenthanh",
            ),
            "Đã tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân quý I.",
        ),
        ("2.1",),
    ),
    "1.2.b": A(
        "xahoi",
        ("truyenthanh",),
        "Quý IV/2024",
        O.ON_TIME,
        (
            "Đã triển khai kế hoạch rà soát hộ nghèo, hộ cận nghèo năm 2024 tới các thôn.",
            "Đã tổ chức bình xét tại các thôn; tổng hợp danh sách hộ nghèo, hộ cận nghèo dự kiến.",
            N("Đã thông báo trên đài truyền thanh xã thời gian, địa điểm niêm yết danh sách.", by="truyenthanh"),
            "Đã niêm yết công khai danh sách hộ nghèo tại trụ sở UBND xã và nhà văn hóa các thôn; "
            "không có ý kiến thắc mắc.",
        ),
        ("2.2",),
        starts="03/9",
    ),
    "1.2.c": A(
        "taichinh",
        ("vanphong",),
        "Hàng quý",
        O.ON_TIME,
        (
            "Đã niêm yết công khai dự toán ngân sách xã năm 2024 tại trụ sở UBND xã.",
            N(
                "Đã công khai thực hiện dự toán quý I, quý II và quyết toán ngân sách năm 2023 "
                "sau khi HĐND xã phê chuẩn.",
                on="18/7",
            ),
            N("Đã công khai thực hiện dự toán quý III năm 2024.", on="15/10"),
            "Đã hoàn thành công khai ngân sách các quý trong năm; hồ sơ công khai lưu đầy đủ.",
        ),
        ("2.3",),
    ),
    "1.2.d": A(
        "diachinh",
        ("vanphong",),
        "Trước 30/4/2024",
        O.LATE,
        (
            N("Đã nhận quyết định phê duyệt kế hoạch sử dụng đất năm 2024 của huyện Văn Lâm.", on="26/2"),
            N("Đang chuẩn bị hồ sơ niêm yết; chờ huyện gửi bản đồ kế hoạch sử dụng đất khổ lớn.", on="16/4"),
            "Đã niêm yết công khai kế hoạch sử dụng đất năm 2024 và bảng giá đất tại trụ sở UBND xã "
            "(chậm so với kế hoạch).",
        ),
        ("2.4",),
    ),
    # 1.3 Accountability
    "1.3.a": A(
        "tuphap",
        ("vanphong", "diachinh"),
        "Hàng tháng",
        O.ON_TIME,
        (
            "Đã đăng lịch tiếp công dân định kỳ của Chủ tịch UBND xã năm 2024.",
            N("6 tháng đầu năm đã tiếp 14 lượt công dân, giải quyết xong 12 đơn đúng thời hạn.", on="20/6"),
            N("Đã phối hợp xác minh, hòa giải 2 vụ tranh chấp ranh giới đất tại thôn.", by="diachinh"),
            "Cả năm tiếp 27 lượt công dân; 100% đơn thuộc thẩm quyền được giải quyết đúng hạn.",
        ),
        ("3.1", "3.2"),
    ),
    "1.3.b": A("vanphong", ("tuphap", "diachinh"), "Thường xuyên", O.NOT_STARTED, (), ("3.1",)),
    "1.3.c": A(
        "tuphap",
        ("congan",),
        "Năm 2024",
        O.IN_PROGRESS,
        (
            "Đã phối hợp Trung tâm Trợ giúp pháp lý tỉnh tổ chức một buổi trợ giúp pháp lý lưu động tại xã.",
            "Đã hướng dẫn 9 trường hợp người dân tiếp cận dịch vụ tư pháp, chứng thực.",
            "Đang chuẩn bị buổi trợ giúp pháp lý thứ hai cho người cao tuổi, dự kiến tháng 01/2025.",
        ),
        ("3.3",),
    ),
    # 1.4 Control of corruption
    "1.4.a": A(
        "vanphong",
        ("tuphap", "taichinh"),
        "Trước 15/12/2024",
        O.AWAITING,
        (
            "Đã phổ biến các văn bản về phòng, chống tham nhũng tại hội nghị cán bộ, công chức xã.",
            N("Đã tự kiểm tra công tác quản lý tài chính, tài sản công; không phát hiện sai phạm.", by="taichinh"),
            "Đã hoàn thành dự thảo báo cáo công tác phòng, chống tham nhũng năm 2024, trình Chủ tịch UBND xã.",
        ),
        ("4.1", "4.4"),
    ),
    "1.4.b": A(
        "vanphong",
        ("vanhoa",),
        "Hàng quý",
        O.ON_TIME,
        (
            N("Đã kiểm tra hoạt động của Bộ phận Một cửa quý I; chấn chỉnh việc ghi sổ theo dõi hồ sơ.", on="28/3"),
            N(
                "Đã phối hợp kiểm tra việc thu các khoản đầu năm học tại các trường trên địa bàn.",
                by="vanhoa",
                on="20/9",
            ),
            "Đã hoàn thành kiểm tra các quý; không phát hiện hành vi gây phiền hà, sách nhiễu.",
        ),
        ("4.2",),
    ),
    "1.4.c": A(
        "vanphong",
        ("taichinh",),
        "Năm 2024",
        O.IN_PROGRESS,
        (
            "Đã cử 3 công chức tham gia lớp bồi dưỡng kiến thức quản lý nhà nước do huyện tổ chức.",
            "Đã rà soát, bổ sung quy hoạch cán bộ; đang chờ hướng dẫn của huyện để hoàn thiện hồ sơ.",
        ),
        ("4.3",),
    ),
    # 1.5 Administrative procedures
    "1.5.a": A(
        "tuphap",
        ("vanphong",),
        "Quý II/2024",
        O.LATE,
        (
            "Đã rà soát bộ thủ tục hành chính cấp xã theo quyết định công bố của UBND tỉnh.",
            "Đã đề xuất đơn giản hóa 2 thủ tục lĩnh vực hộ tịch, gửi Phòng Tư pháp huyện.",
            N("Đã cập nhật, niêm yết lại thủ tục hành chính tại Bộ phận Một cửa.", on="24/6"),
            N(
                "Đề nghị bổ sung danh mục thủ tục đã cập nhật và ảnh chụp bảng niêm yết.",
                kind=N.RETURNED,
                on="28/6",
            ),
            "Đã bổ sung danh mục và ảnh chụp; niêm yết đầy đủ tại Bộ phận Một cửa "
            "(chậm do chờ quyết định công bố mới của tỉnh).",
        ),
        ("5.1", "5.4"),
    ),
    "1.5.b": A(
        "vanphong",
        ("tuphap", "diachinh"),
        "Thường xuyên",
        O.ON_TIME,
        (
            "Đã công khai quy trình, thời gian, phí, lệ phí giải quyết thủ tục hành chính tại Bộ phận Một cửa.",
            N("Đã rà soát hồ sơ đất đai tồn đọng; trả kết quả đúng hạn 100% hồ sơ quý II.", by="diachinh", on="5/7"),
            N("11 tháng đầu năm tiếp nhận 1.245 hồ sơ, giải quyết đúng hạn 99,6%.", on="3/12"),
            "Tổng hợp cả năm: không có hồ sơ trễ hạn do lỗi của công chức; đã báo cáo UBND xã.",
        ),
        ("5.1", "5.3", "5.4"),
    ),
    "1.5.c": A(
        "tuphap",
        ("vanphong",),
        "Trước 31/3/2024",
        O.ON_TIME,
        (
            "Đã chuẩn bị bảng niêm yết địa chỉ tiếp nhận phản ánh, kiến nghị theo mẫu.",
            "Đã niêm yết địa chỉ tiếp nhận phản ánh, kiến nghị về quy định hành chính tại Bộ phận Một cửa.",
        ),
        ("5.4",),
    ),
    "1.5.d": A(
        "vanphong",
        ("tuphap",),
        "Năm 2024",
        O.ON_TIME,
        (
            "Đã hướng dẫn công chức Bộ phận Một cửa sử dụng hệ thống giải quyết thủ tục hành chính của tỉnh.",
            N("Tỷ lệ hồ sơ tiếp nhận trực tuyến 6 tháng đầu năm đạt 42%.", on="5/7"),
            "Cả năm tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 61%, vượt chỉ tiêu huyện giao.",
        ),
        ("5.4", "8.3"),
    ),
    # 1.6 Public service delivery
    "1.6.a": A(
        "vanhoa",
        ("xahoi",),
        "Năm 2024",
        O.IN_PROGRESS,
        (
            "Đã phối hợp Trạm Y tế xã rà soát danh sách người chưa tham gia bảo hiểm y tế.",
            N("Đã lập danh sách đề nghị cấp thẻ bảo hiểm y tế cho người thuộc hộ cận nghèo.", by="xahoi"),
            "Tỷ lệ tham gia bảo hiểm y tế đạt 92,5%, thấp hơn chỉ tiêu 94%; tiếp tục vận động.",
        ),
        ("6.1",),
    ),
    "1.6.b": A(
        "vanhoa",
        ("taichinh",),
        "Trước 31/8/2024",
        O.LATE,
        (
            "Đã làm việc với các trường về kế hoạch sửa chữa cơ sở vật chất trước năm học mới.",
            N("Đã thẩm định dự toán sửa chữa phòng học Trường Tiểu học.", by="taichinh"),
            "Đã hoàn thành sửa chữa, bàn giao phòng học (chậm do nhà thầu thiếu vật liệu).",
        ),
        ("6.2",),
        starts="03/6",
    ),
    "1.6.c": A(
        "diachinh",
        ("taichinh",),
        "Năm 2024",
        O.BLOCKED,
        (
            "Đã khảo sát hiện trạng hệ thống chiếu sáng công cộng tại các thôn.",
            "Đã lập dự toán thay thế đèn LED tuyến đường trục xã.",
            "Tạm dừng: chưa bố trí được kinh phí đối ứng; đề nghị UBND xã báo cáo huyện hỗ trợ.",
        ),
        ("6.3",),
    ),
    "1.6.d": A(
        "congan",
        ("quansu",),
        "Thường xuyên",
        O.ON_TIME,
        (
            N("Đã xây dựng kế hoạch bảo đảm an ninh trật tự dịp Tết Giáp Thìn 2024.", on="22/1"),
            N("Đã phối hợp tổ chức diễn tập phòng cháy, chữa cháy tại thôn.", by="quansu"),
            "Duy trì mô hình camera an ninh và tổ tự quản tại các thôn; tình hình an ninh trật tự ổn định.",
            "Tổng kết năm: không để xảy ra tội phạm nghiêm trọng; đã báo cáo kết quả về UBND xã.",
        ),
        ("6.4",),
    ),
    # 1.7 Environmental governance
    "1.7.a": A(
        "diachinh",
        ("vanhoa", "truyenthanh"),
        "Quý II/2024",
        O.ON_TIME,
        (
            "Đã xây dựng kế hoạch hưởng ứng Ngày Môi trường thế giới 5/6.",
            N("Đã phát tin tuyên truyền về phân loại rác thải tại nguồn trên đài truyền thanh xã.", by="truyenthanh"),
            "Đã tổ chức ra quân tổng vệ sinh môi trường tại các thôn với sự tham gia của các đoàn thể.",
        ),
        ("7.1",),
        starts="13/5",
    ),
    "1.7.b": A(
        "diachinh",
        ("taichinh",),
        "Hàng tháng",
        O.IN_PROGRESS,
        (
            "Đã ký hợp đồng thu gom, vận chuyển rác thải sinh hoạt năm 2024.",
            "Đã kiểm tra việc thu gom rác tại các thôn; yêu cầu đơn vị thu gom tăng tần suất.",
            "Đang triển khai thí điểm phân loại rác tại nguồn ở 2 thôn.",
        ),
        ("7.1",),
    ),
    "1.7.c": A(
        "diachinh",
        ("congan",),
        "6 tháng cuối năm 2024",
        O.AWAITING,
        (
            "Đã lập danh sách các cơ sở chăn nuôi, chế biến nông sản cần kiểm tra.",
            N("Đã phối hợp kiểm tra 6 cơ sở; lập biên bản nhắc nhở 1 cơ sở xả thải chưa đúng quy định.", by="congan"),
            "Đã hoàn thành kiểm tra, gửi báo cáo kết quả, đề nghị lãnh đạo xác nhận.",
        ),
        ("7.1", "7.3"),
        starts="01/7",
    ),
    # 1.8 E-governance
    "1.8.a": A(
        "vanphong",
        ("truyenthanh",),
        "Quý III/2024",
        O.BLOCKED,
        (
            "Đã rà soát các chuyên mục bắt buộc theo Nghị định 42/2022/NĐ-CP trên Cổng thông tin điện tử xã.",
            "Vướng mắc: trang của xã dùng chung nền tảng của tỉnh, "
            "chờ Sở Thông tin và Truyền thông nâng cấp giao diện.",
        ),
        ("8.1",),
    ),
    "1.8.b": A(
        "vanphong",
        ("tuphap", "congan"),
        "Năm 2024",
        O.IN_PROGRESS,
        (
            "Đã thành lập tổ công nghệ số cộng đồng tại các thôn để hướng dẫn người dân.",
            N("Đã phối hợp kích hoạt tài khoản định danh điện tử mức 2 cho người dân.", by="congan"),
            "Đã hướng dẫn người dân nộp hồ sơ trực tuyến tại Bộ phận Một cửa; người cao tuổi còn ít sử dụng.",
        ),
        ("8.3",),
    ),
    "1.8.c": A(
        "truyenthanh",
        ("vanhoa",),
        "Hàng quý",
        O.ON_TIME,
        (
            "Đã phát chuyên mục về sử dụng Internet an toàn, văn minh trên đài truyền thanh xã.",
            "Đã tuyên truyền cảnh báo các hình thức lừa đảo qua mạng.",
            "Đã thực hiện đủ các chuyên mục hằng quý theo kế hoạch.",
        ),
        ("8.2",),
    ),
    "1.8.d": A(
        "vanphong",
        ("truyenthanh",),
        "Thường xuyên",
        O.ON_TIME,
        (
            "Đã phân công công chức theo dõi mục hỏi đáp trên Cổng thông tin điện tử xã.",
            "Đã trả lời 100% câu hỏi của người dân gửi qua Cổng thông tin điện tử.",
        ),
        ("8.1",),
    ),
    # 3. Communication
    "3.a": A(
        "vanhoa",
        ("truyenthanh",),
        "Thường xuyên",
        O.ON_TIME,
        (
            "Đã lập nhóm Zalo thông tin của UBND xã với các trưởng thôn và các đoàn thể.",
            N("Đã tăng thời lượng phát thanh lên 2 buổi/ngày trong các đợt cao điểm.", by="truyenthanh"),
            "Đã hoàn thành các nội dung truyền thông năm 2024.",
        ),
    ),
    "3.b": A(
        "truyenthanh",
        ("vanhoa", "tuphap"),
        "Hàng tháng",
        O.ON_TIME,
        (
            "Đã xây dựng lịch phát thanh các chuyên mục pháp luật, dân chủ ở cơ sở.",
            N("Đã cung cấp bài tuyên truyền về Luật Thực hiện dân chủ ở cơ sở cho đài truyền thanh.", by="tuphap"),
            "Đã phát 48 tin, bài về những nội dung người dân được biết, được bàn, được kiểm tra, giám sát.",
        ),
    ),
    "3.c": A(
        "vanhoa",
        ("vanphong",),
        "Trước 31/3/2024",
        O.LATE,
        (
            "Đã đề nghị Văn phòng cung cấp kết quả Chỉ số PAPI của xã năm 2023.",
            "Đã quán triệt kết quả PAPI năm 2023 tại hội nghị cán bộ, công chức xã (chậm do hội nghị phải lùi lịch).",
        ),
    ),
    # 4. Inspection and supervision: the Office-Statistics clerk is the focal point (III.1).
    "4.a": A(
        "vanphong",
        (),
        "Hàng quý",
        O.ON_TIME,
        (
            "Đã xây dựng kế hoạch tự kiểm tra việc thực hiện Kế hoạch PAPI năm 2024.",
            N("Đã tự kiểm tra quý I, quý II; nhắc nhở 2 bộ phận chậm báo cáo.", on="5/7"),
            "Đã hoàn thành tự kiểm tra các quý, tổng hợp báo cáo UBND xã.",
        ),
    ),
    "4.b": A(
        "vanphong",
        ("tuphap",),
        "Quý I/2024",
        O.LATE,
        (
            "Đã rà soát kế hoạch cải cách hành chính và quy chế dân chủ năm 2024 để lồng ghép nội dung PAPI.",
            "Đã ban hành kế hoạch lồng ghép (chậm do chờ hướng dẫn của huyện).",
        ),
    ),
    "4.c": A("vanphong", (), "6 tháng cuối năm 2024", O.NOT_STARTED, starts="01/7"),
    "4.d": A(
        "vanphong",
        (),
        "Trước 15/12/2024",
        O.ON_TIME,
        (
            N("Đã tổng hợp các thiếu sót qua kiểm tra 6 tháng đầu năm, đề xuất biện pháp khắc phục.", on="15/7"),
            "Đã đưa kết quả thực hiện Kế hoạch vào tiêu chí đánh giá, xếp loại công chức năm 2024.",
        ),
    ),
    "4.e": A(
        "vanphong",
        ("taichinh", "tuphap", "diachinh", "vanhoa"),
        "Trước 15/12/2024",
        O.AWAITING,
        (
            "Đã đề nghị các công chức gửi báo cáo tự kiểm tra theo lĩnh vực phụ trách.",
            N("Đã gửi báo cáo tự kiểm tra lĩnh vực tư pháp - hộ tịch.", by="tuphap"),
            "Đã tổng hợp báo cáo tự kiểm tra của các công chức, trình lãnh đạo xác nhận.",
        ),
        starts="04/11",
    ),
}
