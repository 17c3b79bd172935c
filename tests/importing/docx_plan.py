"""A Word plan written with python-docx, the way communes lay them out.

- the header is a 2×2 layout table (issuing body | national motto; number | place and date);
- part III numbers its sections with Word's automatic numbering ("List Number"),
  so the numbers are not in the text;
- the signature is a layout table (Nơi nhận | TM. ỦY BAN NHÂN DÂN …);
- the appendix "Biểu tổng hợp nhiệm vụ" is a table with group rows (roman STT,
  and one heading merged across the row) and the usual columns.
"""

import docx

APPENDIX_HEADER = ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian hoàn thành", "Sản phẩm", "Ghi chú")
APPENDIX_ROWS = (
    ("I", "Nội dung 1: Tham gia của người dân ở cấp cơ sở", "", "", "", "", ""),
    (
        "1",
        "Tổ chức hội nghị lấy ý kiến Nhân dân về các công trình xây dựng nông thôn mới",
        "Công chức Văn phòng - Thống kê",
        "Công chức Tư pháp - Hộ tịch, Các thôn",
        "Quý II/2024",
        "Biên bản hội nghị",
        "",
    ),
    (
        "2",
        "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở",
        "Tư pháp - Hộ tịch",
        "Đài truyền thanh xã",
        "Thường xuyên",
        "Tin, bài",
        "",
    ),
    ("II", "Công khai, minh bạch trong việc ra quyết định ở địa phương", "", "", "", "", ""),
    (
        "3",
        "Niêm yết danh sách hộ nghèo tại trụ sở UBND xã",
        "Văn phòng - Thống kê",
        "Chủ tịch UBND xã",
        "Trước 30/6/2024",
        "Danh sách niêm yết",
        "Chụp ảnh lưu hồ sơ",
    ),
    MERGED := ("Kiểm soát tham nhũng trong khu vực công",) * 7,
    (
        "4",
        "Báo cáo công tác phòng, chống tham nhũng",
        "Chủ tịch UBND xã",
        "Công chức Văn phòng - Thống kê",
        "Hàng quý",
        "Báo cáo",
        "",
    ),
    ("III", "Nhiệm vụ chung", "", "", "", "", ""),
    (
        "5",
        "Tổng hợp, báo cáo kết quả thực hiện Kế hoạch",
        "Công chức Văn phòng - Thống kê",
        "",
        "Theo yêu cầu của huyện",
        "Báo cáo",
        "",
    ),
)


def _table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    return table


def build_plan_docx(path):
    document = docx.Document()
    _table(
        document,
        [
            ("ỦY BAN NHÂN DÂN\nXÃ TÂN QUANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
            ("Số: 30/KH-UBND", "Tân Quang, ngày 20 tháng 01 năm 2024"),
        ],
    )
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện nhiệm vụ nâng cao Chỉ số PAPI năm 2024")
    document.add_paragraph(
        "Thực hiện Chỉ thị số 06/CT-CTUBND ngày 17/5/2019 của Chủ tịch UBND tỉnh Hưng Yên, "
        "UBND xã Tân Quang ban hành Kế hoạch như sau:"
    )
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph(
        "Phấn đấu Chỉ số PAPI của xã năm 2024 thuộc nhóm cao của huyện. Mỗi công chức chịu trách nhiệm "
        "về kết quả thuộc lĩnh vực mình phụ trách."
    )
    document.add_paragraph("II. NHIỆM VỤ, GIẢI PHÁP")
    document.add_paragraph("1. Nhiệm vụ chung")
    paragraph = document.add_paragraph("Quán triệt đến toàn thể cán bộ, công chức ý nghĩa của Chỉ số PAPI; ")
    paragraph.add_run("gắn kết quả thực hiện với đánh giá, xếp loại cuối năm.").bold = True
    document.add_paragraph("2. Nhiệm vụ cụ thể (có Biểu tổng hợp nhiệm vụ kèm theo)")
    document.add_paragraph("3. Công tác tuyên truyền")
    document.add_paragraph("a) Phát thanh chuyên mục về Chỉ số PAPI hằng tháng.")
    document.add_paragraph("b) Hướng dẫn người dân trả lời phiếu khảo sát PAPI.")
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Công chức Văn phòng - Thống kê", style="List Number")
    document.add_paragraph("Theo dõi, đôn đốc và tổng hợp kết quả; báo cáo Chủ tịch UBND xã.")
    document.add_paragraph("Công chức Tư pháp - Hộ tịch", style="List Number")
    document.add_paragraph("Thực hiện các nhiệm vụ được giao tại Biểu tổng hợp.")
    document.add_paragraph("Trên đây là Kế hoạch của UBND xã Tân Quang./.")
    _table(
        document,
        [
            (
                "Nơi nhận:\n- UBND huyện;\n- Lưu: VT.",
                "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nPhạm Văn Hùng",
            )
        ],
    )
    document.add_page_break()
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph("BIỂU TỔNG HỢP NHIỆM VỤ NÂNG CAO CHỈ SỐ PAPI NĂM 2024")
    document.add_paragraph("(Kèm theo Kế hoạch số 30/KH-UBND ngày 20/01/2024 của UBND xã Tân Quang)")
    table = _table(document, [APPENDIX_HEADER, *APPENDIX_ROWS])
    merged_row = table.rows[1 + APPENDIX_ROWS.index(MERGED)]
    merged_row.cells[0].merge(merged_row.cells[-1]).text = MERGED[0]
    document.save(path)
    return path
