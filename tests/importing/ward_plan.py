"""A post-reform ward plan in Word (2026), the shape of issue #12's report, written with python-docx.

- the header is a layout table; the area headings are upper case ("1. THAM GIA CỦA NGƯỜI DÂN Ở CẤP
  CƠ SỞ"), each over the score it reached last year ("Năm 2025, chỉ số nội dung này đạt 4,89
  điểm…"), one of them cut off mid-sentence, with two lettered items each: 16 items;
- part III names the ward's departments in sentences: "Văn phòng HĐND và UBND phường là cơ quan
  thường trực…", "Phòng Văn hóa - Xã hội chủ trì, phối hợp với…", "Căn cứ…, Công an phường có
  trách nhiệm…", "UBND phường giao…", "Đề nghị Ủy ban MTTQ…";
- the appendix table restates the 16 items in fewer words, with departments as lead and
  cooperating parties, a deadline in many written styles and a product. `layout` picks how its rows
  are numbered: "groups" (roman group rows naming the areas, rows counted 1–16 across them),
  "codes" (no group rows, each row's STT the body code "1.a"), or "flat" (no group rows, 1–16).
"""

import docx

AREAS = (
    (
        "THAM GIA CỦA NGƯỜI DÂN Ở CẤP CƠ SỞ",
        "Năm 2025, chỉ số nội dung này đạt 4,89 điểm, giảm 0,15 điểm so với năm 2024.",
        (
            "Tổ chức hội nghị lấy ý kiến Nhân dân về dự thảo quy hoạch, kế hoạch sử dụng đất và các công trình "
            "công cộng trên địa bàn phường.",
            "Tuyên truyền, phổ biến Luật Thực hiện dân chủ ở cơ sở đến từng tổ dân phố; công khai các nội dung "
            "người dân được bàn và quyết định.",
        ),
    ),
    (
        "CÔNG KHAI, MINH BẠCH TRONG VIỆC RA QUYẾT ĐỊNH Ở ĐỊA PHƯƠNG",
        "Năm 2025, chỉ số nội dung này đạt 5,21 điểm, tăng",  # cut off by the document itself
        (
            "Công khai danh sách hộ nghèo, hộ cận nghèo và các chính sách an sinh xã hội tại trụ sở UBND phường "
            "và nhà văn hóa tổ dân phố.",
            "Công khai quy hoạch, kế hoạch sử dụng đất và bảng giá đất trên Trang thông tin điện tử của phường.",
        ),
    ),
    (
        "TRÁCH NHIỆM GIẢI TRÌNH VỚI NGƯỜI DÂN",
        "Chỉ số nội dung này năm 2025 đạt 4,12 điểm…",
        (
            "Tổ chức tiếp công dân định kỳ của Chủ tịch UBND phường; giải quyết kịp thời đơn thư khiếu nại, "
            "tố cáo, kiến nghị, phản ánh của người dân.",
            "Duy trì hoạt động của Ban Thanh tra nhân dân và Ban Giám sát đầu tư của cộng đồng.",
        ),
    ),
    (
        "KIỂM SOÁT THAM NHŨNG TRONG KHU VỰC CÔNG",
        "Năm 2025, chỉ số nội dung này đạt 6,30 điểm, xếp thứ 12/45 xã, phường của tỉnh.",
        (
            "Công khai, minh bạch trong tuyển dụng, bố trí công chức, viên chức; thực hiện nghiêm việc kê khai "
            "tài sản, thu nhập.",
            "Tuyên truyền về phòng, chống tham nhũng, tiêu cực; không để xảy ra tình trạng nhũng nhiễu, gây "
            "phiền hà cho người dân khi giải quyết thủ tục hành chính.",
        ),
    ),
    (
        "THỦ TỤC HÀNH CHÍNH CÔNG",
        "Năm 2025, chỉ số nội dung này đạt 7,02 điểm.",
        (
            "Niêm yết, công khai đầy đủ thủ tục hành chính tại Trung tâm Phục vụ hành chính công phường; không "
            "để hồ sơ trễ hạn.",
            "Khảo sát mức độ hài lòng của người dân, tổ chức đối với việc giải quyết thủ tục hành chính.",
        ),
    ),
    (
        "CUNG ỨNG DỊCH VỤ CÔNG",
        "Năm 2025, chỉ số nội dung này đạt 7,15 điểm.",
        (
            "Nâng cao chất lượng khám, chữa bệnh tại trạm y tế phường; phát triển người tham gia bảo hiểm y tế.",
            "Bảo đảm an ninh, trật tự; thu gom rác và chiếu sáng công cộng tại các tổ dân phố.",
        ),
    ),
    (
        "QUẢN TRỊ MÔI TRƯỜNG",
        "Năm 2025, chỉ số nội dung này đạt 3,95 điểm.",
        (
            "Kiểm tra việc chấp hành pháp luật về bảo vệ môi trường của các cơ sở sản xuất, kinh doanh trên địa bàn.",
            "Vận động người dân phân loại chất thải rắn sinh hoạt tại nguồn.",
        ),
    ),
    (
        "QUẢN TRỊ ĐIỆN TỬ",
        "Năm 2025, chỉ số nội dung này đạt 4,40 điểm.",
        (
            "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến và ứng dụng định danh điện tử VNeID.",
            "Cập nhật thông tin trên Trang thông tin điện tử phường; trả lời kịp thời phản ánh, kiến nghị của "
            "người dân trên môi trường mạng.",
        ),
    ),
)
VP = "Văn phòng HĐND và UBND phường"
VHXH = "Phòng Văn hóa - Xã hội"
KT = "Phòng Kinh tế, Hạ tầng và Đô thị"
TTHC = "Trung tâm Phục vụ hành chính công phường"
CA = "Công an phường"
# (body code, the row's words, lead, cooperating, deadline, product): the items restated in fewer words.
ROWS = (
    ("1.a", "Hội nghị lấy ý kiến Nhân dân về quy hoạch, kế hoạch sử dụng đất", KT, "Các tổ dân phố",
     "Trước ngày 30/6/2026", "Biên bản hội nghị"),
    ("1.b", "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở đến các tổ dân phố", VHXH, "Ủy ban MTTQ Việt Nam phường",
     "Thường xuyên", "Tin, bài tuyên truyền"),
    ("2.a", "Công khai danh sách hộ nghèo, hộ cận nghèo", VHXH, "Các tổ dân phố", "Quý III/2026",
     "Danh sách niêm yết"),
    ("2.b", "Công khai quy hoạch, kế hoạch sử dụng đất, bảng giá đất trên Trang thông tin điện tử", KT, VP,
     "6 tháng đầu năm", "Thông tin đăng tải"),
    ("3.a", "Tiếp công dân định kỳ; giải quyết đơn thư khiếu nại, tố cáo", "Chủ tịch UBND phường", VP,
     "Hằng tháng", "Sổ tiếp công dân"),
    ("3.b", "Duy trì hoạt động Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng",
     "Ủy ban MTTQ Việt Nam phường", VP, "Cả năm", "Báo cáo"),
    ("4.a", "Công khai tuyển dụng, bố trí công chức; kê khai tài sản, thu nhập", VP, "", "Trước 31/3/2026",
     "Bản kê khai"),
    ("4.b", "Tuyên truyền phòng, chống tham nhũng, tiêu cực; chống nhũng nhiễu khi giải quyết thủ tục hành chính",
     VP, f"{TTHC}, {CA}", "Hằng quý", "Báo cáo quý"),
    ("5.a", "Niêm yết, công khai thủ tục hành chính tại Trung tâm Phục vụ hành chính công", TTHC, VP,
     "Quý I năm 2026", "Bảng niêm yết"),
    ("5.b", "Khảo sát mức độ hài lòng của người dân, tổ chức", TTHC, VHXH, "Tháng 10/2026", "Kết quả khảo sát"),
    ("6.a", "Nâng cao chất lượng khám, chữa bệnh tại trạm y tế; phát triển bảo hiểm y tế", VHXH, "Trạm Y tế phường",
     "6 tháng cuối năm", "Báo cáo"),
    ("6.b", "Bảo đảm an ninh, trật tự; thu gom rác, chiếu sáng công cộng", CA, KT, "Thường xuyên trong năm",
     "Báo cáo"),
    ("7.a", "Kiểm tra chấp hành pháp luật bảo vệ môi trường của cơ sở sản xuất, kinh doanh", KT, CA,
     "Từ 01/4 đến 30/9/2026", "Biên bản kiểm tra"),
    ("7.b", "Vận động phân loại chất thải rắn sinh hoạt tại nguồn", KT, "Các tổ dân phố", "Năm 2026",
     "Mô hình phân loại rác"),
    ("8.a", "Hướng dẫn sử dụng dịch vụ công trực tuyến, ứng dụng VNeID", TTHC, CA, "Ngày 15 tháng 11 năm 2026",
     "Số hồ sơ trực tuyến"),
    ("8.b", "Cập nhật Trang thông tin điện tử phường; trả lời phản ánh, kiến nghị trên môi trường mạng", VP, VHXH,
     "Định kỳ 6 tháng", "Trang thông tin điện tử"),
)  # fmt: skip
# A row that restates no item, in its group (area 5) or, without groups, in the area it reads like.
EXTRA = ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", TTHC, VP, "Trước 15/12/2026", "Kho dữ liệu số")
HEADER = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")

RESPONSIBILITIES = (
    f"{VP} là cơ quan thường trực, giúp UBND phường theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch; "
    "báo cáo UBND tỉnh trước ngày 10/12/2026.",
    f"{VHXH} chủ trì, phối hợp với {TTHC} tuyên truyền Kế hoạch trên hệ thống thông tin cơ sở.",
    f"Căn cứ chức năng, nhiệm vụ được giao, {CA} có trách nhiệm bảo đảm an ninh, trật tự trên địa bàn.",
    f"UBND phường giao {KT} theo dõi các nhiệm vụ về quản trị môi trường và công khai quy hoạch.",
    "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam phường phối hợp giám sát việc thực hiện Kế hoạch.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo về UBND phường (qua "
    f"{VP}) để xem xét, giải quyết.",
)


def _table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    return table


def appendix_rows(layout="groups", extra=False):
    """The appendix table's rows under its header, numbered as `layout` says (see the module)."""
    rows, count = [], 0
    for code, *row in ROWS:
        area = int(code.split(".")[0])
        if layout == "groups" and code.endswith(".a"):
            rows.append((ROMAN[area - 1], AREAS[area - 1][0], "", "", "", ""))
        for stt, values in [(code, row), *([("5.c", EXTRA)] if extra and code == "5.b" else [])]:
            count += 1
            rows.append((stt if layout == "codes" else str(count), *values))
    return rows


def build_ward_docx(path, layout="groups", extra=False):
    document = docx.Document()
    _table(
        document,
        [
            ("ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
            ("Số: 15/KH-UBND", "Hòa Bình, ngày 12 tháng 01 năm 2026"),
        ],
    )
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Cải thiện, nâng cao Chỉ số PAPI phường Hòa Bình năm 2026")
    document.add_paragraph(
        "Căn cứ Kế hoạch số 08/KH-UBND ngày 06/01/2026 của UBND tỉnh về nâng cao Chỉ số PAPI năm 2026, "
        "UBND phường Hòa Bình ban hành Kế hoạch như sau:"
    )
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Phấn đấu Chỉ số PAPI năm 2026 của phường cao hơn năm 2025.")
    document.add_paragraph("II. NHIỆM VỤ, GIẢI PHÁP")
    for number, (heading, score, items) in enumerate(AREAS, start=1):
        document.add_paragraph(f"{number}. {heading}")
        document.add_paragraph(score)
        for letter, item in zip("ab", items, strict=True):
            document.add_paragraph(f"{letter}) {item}")
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    for paragraph in RESPONSIBILITIES:
        document.add_paragraph(paragraph)
    document.add_paragraph("Trên đây là Kế hoạch cải thiện Chỉ số PAPI năm 2026 của UBND phường Hòa Bình./.")
    _table(document, [("Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Minh Đức")])
    document.add_page_break()
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph("BIỂU TỔNG HỢP NHIỆM VỤ CẢI THIỆN CHỈ SỐ PAPI NĂM 2026")
    document.add_paragraph("(Kèm theo Kế hoạch số 15/KH-UBND ngày 12/01/2026 của UBND phường Hòa Bình)")
    _table(document, [HEADER, *appendix_rows(layout, extra)])
    document.save(path)
    return path
