"""The daily report with the keyboard alone, in a real browser on a 360-px phone: an official
signs in, finds the task in "Việc của tôi" and reports progress, using only Tab, the arrow keys,
typing and Enter. Nothing on the page is clicked or filled by the test; the DOM is only read.

Every stop on the way is checked for a visible focus ring (the crawl's criterion in
tests/browser/crawl/checks.py, a 2 px outline or a box shadow, read once transitions end and with
transparent colours not counting), and each control must be reached within MAX_TABS presses, so
a broken tab order or a keyboard trap fails with the name of the control that could not be reached.
"""

from playwright.sync_api import expect

from tasks.models import ProgressUpdate, TaskStatus
from tests.browser import test_report_and_return as daily

journey = daily.journey  # the official, the clerk and one task led by the official
MAX_TABS = 60
NOTE = "Đã họp dân ở 3 thôn, còn 2 thôn làm trong tháng sau."

# What has the keyboard focus now, and whether it shows: the crawl's "focus" check (checks.py),
# run on document.activeElement where the Tab key put it rather than focusing each control by
# script (which would move the focus the walk goes on from).
FOCUSED = """
async (selector) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  // Bootstrap eases the focus shadow in (a transition): read the style it settles on.
  await Promise.all(el.getAnimations().map(animation => animation.finished.catch(() => null)));
  const style = getComputedStyle(el);
  const opaque = color => !/^(transparent|rgba\\(.*,\\s*0\\))$/.test(color);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && opaque(style.outlineColor);
  const shadow = style.boxShadow !== "none" && (style.boxShadow.match(/rgba?\\([^)]*\\)/g) || []).some(opaque);
  const text = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().replace(/\\s+/g, " ");
  const name = el.name ? `[name=${el.name}]` : "";
  const value = el.type === "radio" ? `[value=${el.value}]` : "";
  return {
    matches: el.matches(selector),
    what: `<${el.tagName.toLowerCase()}${name}${value}> ${text.slice(0, 50)}`.trim(),
    ring: outline || shadow,
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    shadow: style.boxShadow,
  };
}
"""


def focused(page, selector="*"):
    return page.evaluate(FOCUSED, selector)


def assert_focus_shows(stop):
    assert stop["ring"], (
        f"{stop['what']} has the keyboard focus but shows no focus ring "
        f"(outline {stop['outline']}, box-shadow {stop['shadow']})"
    )


def tab_to(page, selector, control):
    """Press Tab until the focus is on `selector`, at most MAX_TABS times; each stop on the way
    must show its focus. The control already focused (autofocus) counts as reached."""
    visited = []
    for _press in range(MAX_TABS + 1):
        stop = focused(page, selector)
        if stop:
            assert_focus_shows(stop)
            if stop["matches"]:
                return stop
            visited.append(stop["what"])
        if len(visited) >= 3 and len(set(visited[-3:])) == 1:
            raise AssertionError(f"keyboard trap: Tab stays on {visited[-1]} on the way to {control}")
        page.keyboard.press("Tab")
    route = "\n  ".join(visited[-12:])
    raise AssertionError(
        f"{control} ({selector}) cannot be reached with {MAX_TABS} presses of Tab on {page.url}; "
        f"the last stops were:\n  {route}"
    )


def test_an_official_reports_progress_from_a_phone_with_the_keyboard_alone(journey, phone_page):
    official, _clerk, task = journey
    page = phone_page

    # Sign in: username, password, Enter.
    page.goto("/accounts/login/")
    tab_to(page, "input[name=username]", "the username field")
    page.keyboard.type("tuphap")
    tab_to(page, "input[name=password]", "the password field")
    page.keyboard.type(daily.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/tasks/mine/")
    expect(page.locator("main h1")).to_have_text("Việc của tôi")

    # Tab along "Việc của tôi" to the task and open it.
    link = tab_to(page, f"main a[href='/tasks/{task.pk}/']", f"the link to task {task.code}")
    assert task.title in link["what"]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/tasks/{task.pk}/")
    header = page.locator("main header")
    expect(header).to_contain_text("Chưa bắt đầu")

    # The status radios: Tab lands on the one chosen (not started); the down arrow picks the next.
    form = "#progress form"
    tab_to(page, f"{form} input[name=status]", "the status radio group of the progress form")
    assert focused(page, "[value=not_started]:checked")["matches"], "Tab should land on the checked status"
    page.keyboard.press("ArrowDown")
    stop = focused(page, f"{form} input[name=status][value=in_progress]:checked")
    assert stop["matches"], f"the down arrow should choose 'Đang thực hiện', the focus is on {stop['what']}"
    assert_focus_shows(stop)
    expect(page.get_by_role("radio", name="Đang thực hiện")).to_be_checked()

    # Progress: Tab to it, replace the 0 with 40.
    tab_to(page, f"{form} input[name=progress]", "the progress (%) field")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("40")
    expect(page.locator(f"{form} input[name=progress]")).to_have_value("40")

    # Note, then on past the file picker to "Lưu tiến độ", and Enter.
    tab_to(page, f"{form} textarea[name=note]", "the note field")
    page.keyboard.type(NOTE)
    expect(page.locator(f"{form} textarea[name=note]")).to_have_value(NOTE)
    tab_to(page, f"{form} button[type=submit]", "the 'Lưu tiến độ' button")
    page.keyboard.press("Enter")

    # The page says so and shows the new status and %.
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu tiến độ.")
    assert page.url.endswith(f"/tasks/{task.pk}/")
    expect(header).to_contain_text("Đang thực hiện")
    expect(header).to_contain_text("40%")
    expect(header).not_to_contain_text("Chưa bắt đầu")
    expect(page.locator("#timeline")).to_contain_text(NOTE)

    update = ProgressUpdate.objects.get(task=task, kind=ProgressUpdate.Kind.PROGRESS)
    assert (update.status, update.progress, update.note, update.author) == (
        TaskStatus.IN_PROGRESS,
        40,
        NOTE,
        official,
    )
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.IN_PROGRESS, 40)
