def test_home_page_renders_in_vietnamese_on_a_phone(phone_page, transactional_db):
    phone_page.goto("/")

    assert phone_page.locator("html").get_attribute("lang") == "vi"
    assert phone_page.title()
