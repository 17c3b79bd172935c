"""Every page of every role, at 360 px and 1366 px: no serious or critical axe-core violation,
no Nu HTML checker error, no request answering 4xx/5xx, the navbar inside the window at 1280 and
1366 px, keyboard focus visible on every control, every error summary linked to its fields.

The pages come from the URL configuration: crawl/catalogue.py says how to fill each pattern's
parameters and which states to open (filters, forms sent back with errors, previews), and a
pattern that is not classified there fails this test. Each role (every value of `Role`, and
anonymous) gets one browser context and one tab; a page is loaded once, audited at 1366 px,
measured at 1280 px and audited again at 360 px. A page whose content (<main>, CSRF tokens
aside) is the same as one already audited for another role, in a role whose menu was already
audited, is not audited twice. The HTML of every audited page is checked by ONE run of vnu.jar
at the end (the JVM starts slowly).
"""

import dataclasses
import hashlib
import re
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from plans.models import Role, User

from .crawl import checks
from .crawl.catalogue import ANONYMOUS, PAGES, Get, Submit, check_classified, url_patterns
from .crawl.world import PASSWORD, build_world

DESKTOP, NARROW_DESKTOP, PHONE = 1366, 1280, 360
HEIGHT = 900
MAX_NODES = 4  # elements shown per violation in the report

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
MAIN = re.compile(r"<main\b.*</main>", re.S)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')

SEND_FORM = """([selector, values, clear]) => {
  const form = document.querySelector(selector);
  if (!form) return "no such form on the page";
  form.noValidate = true;
  for (const el of form.elements) {
    if (clear && (el.tagName === "TEXTAREA" ||
        (el.tagName === "INPUT" && /^(text|email|number|date|password|search|tel|url)$/.test(el.type))))
      el.value = "";
  }
  for (const [name, value] of Object.entries(values)) {
    const el = form.elements.namedItem(name);
    if (!el) return `no field ${name}`;
    el.value = value;
  }
  const submitter = form.querySelector("button[type=submit], input[type=submit], button:not([type])");
  submitter ? form.requestSubmit(submitter) : form.requestSubmit();
  return "sent";
}"""


def _targets(entry, world):
    return entry.params(world) if entry.params else [{}]


@dataclass
class Crawl:
    browser: object
    base_url: str
    world: object
    html_dir: object
    problems: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)  # HTML file name -> which page it is
    seen: set = field(default_factory=set)  # (role, final URL) or (role, error status) audited
    contents: set = field(default_factory=set)  # hashes of the <main> of pages audited
    menus: set = field(default_factory=set)  # roles whose navbar has been audited
    audited: int = 0
    same_content: int = 0
    visits: int = 0
    assets: set = field(default_factory=set)  # CSS and JavaScript the pages loaded
    icons: set = field(default_factory=set)  # what the pages' <link rel=icon> name
    seconds: Counter = field(default_factory=Counter)  # where the time goes, by phase

    @contextmanager
    def timed(self, phase):
        started = time.perf_counter()
        yield
        self.seconds[phase] += time.perf_counter() - started

    # --- one role ------------------------------------------------------------------------

    def open_role(self, role):
        context = self.browser.new_context(
            viewport={"width": DESKTOP, "height": HEIGHT}, locale="vi-VN", base_url=self.base_url
        )
        context.add_init_script(checks.axe_init_script())
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("response", lambda response: self._response(role, response))
        page.on("requestfailed", lambda request: self._failed(role, request))
        return context, page

    def _response(self, role, response):
        if response.request.resource_type in ("stylesheet", "script"):
            self.assets.add(response.url)
        if response.status >= 400 and not response.request.is_navigation_request():
            self.problems.append(f"[{role}] {response.url} answered {response.status} (on {response.frame.url})")

    def _failed(self, role, request):
        if "ERR_ABORTED" not in (request.failure or ""):  # not a load cut short by the next navigation
            self.problems.append(f"[{role}] {request.url} failed: {request.failure}")

    def sign_in(self, page, username, password=PASSWORD):
        page.goto(reverse("login"))
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation() as navigation:
            page.click("main form button[type=submit]")
        return navigation.value

    def crawl_role(self, role, username=None):
        context, page = self.open_role(role)
        try:
            if username:
                # A session made on the server: signing in through the form is crawled (and
                # its errors) as anonymous, and once for real before signing out.
                client = Client()
                client.force_login(User.objects.get(username=username), backend=MODEL_BACKEND)
                cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base_url}])
            for name, entry in PAGES.items():
                if role == ANONYMOUS and not entry.public:
                    continue
                targets = _targets(entry, self.world)
                for kwargs in targets:
                    url = reverse(name, kwargs=kwargs)
                    for state in entry.states:
                        if state.roles is not None and role not in state.roles:
                            continue
                        if "{" in state.query:  # a query naming the world's objects: "?from={merged_plan}"
                            state = dataclasses.replace(state, query=state.query.format_map(self.world.ids))
                        if isinstance(state, Submit):
                            wanted = state.kwargs(self.world) if state.kwargs else targets[0]
                            if kwargs != wanted:
                                continue
                        self.visit(page, role, name, url, state)
            self.visit(page, role, "a page that does not exist", "/khong-co-trang-nay/", Get())
            if username:
                with self.timed("english"):
                    self._english_navbar(context, page, role)
        finally:
            context.close()

    def visit(self, page, role, name, url, state):
        """Open one state of a page and audit it unless it is one already audited.

        A GET is first fetched without the browser (same cookies): most visits are pages this
        role has seen (a redirect home, the same 403) or that another role saw with the same
        content, and deciding that from the HTML costs a tenth of a browser load."""
        self.visits += 1
        label = f"[{role}] {name} {url}{state.query}"
        if isinstance(state, Get):
            with self.timed("fetch"):
                fetched = page.request.get(url + state.query)
            status, final = fetched.status, fetched.url.removeprefix(self.base_url)
            if not self._worth_auditing(role, name, state, label, status, final, fetched.text()):
                return
            with self.timed("load"):
                response = page.goto(final)
        else:
            with self.timed("send"):
                response = self._send(page, label := f"{label} sending {state.form}", url, state)
            if response is None:
                return
            status, final = response.status, page.url.removeprefix(self.base_url)
            if not self._worth_auditing(role, name, state, label, status, final, None):
                return
        with self.timed("read"):
            html = response.text()
        self.audit(page, f"{label} → {response.status} {page.url.removeprefix(self.base_url)}", html)

    def _worth_auditing(self, role, name, state, label, status, final, html):
        if status == 405:
            self.problems.append(f"{label}: answers 405; classify {name!r} in NOT_PAGES (crawl/catalogue.py)")
            return False
        if status >= 500:
            self.problems.append(f"{label}: answered {status}")
        key = (role, status) if status in (403, 404) else (role, final)
        if isinstance(state, Get) and key in self.seen:
            return False  # the same page, or the same error page, already audited for this role
        self.seen.add(key)
        if html is not None:
            match = MAIN.search(html)
            content = hashlib.sha1(TOKEN.sub("", match.group(0) if match else html).encode(), usedforsecurity=False)
            if content.hexdigest() in self.contents and role in self.menus:
                self.same_content += 1
                return False  # its content was audited for another role, and this role's menu already
            self.contents.add(content.hexdigest())
        self.menus.add(role)
        return True

    def _send(self, page, label, url, state):
        """Send the state's form from the page; the response, or None (a problem noted)."""
        page.goto(url + state.query)
        for input_name, key in state.files.items():
            page.set_input_files(f"{state.form} input[name={input_name}]", str(self.world.files[key]))
        try:
            with page.expect_navigation(timeout=5_000) as navigation:
                sent = page.evaluate(SEND_FORM, [state.form, state.values, state.clear])
                if sent != "sent":
                    raise LookupError(sent)
            return navigation.value
        except LookupError as refused:
            heading = (page.text_content("h1") or "").strip()
            self.problems.append(f"{label}: cannot send the form ({refused}) on {page.url} («{heading}»)")
        except PlaywrightTimeoutError:
            self.problems.append(f"{label}: sending the form loaded no page")
        return None

    def audit(self, page, label, html):
        self.audited += 1
        name = f"{self.audited:04d}.html"
        (self.html_dir / name).write_text(html, encoding="utf-8")
        self.labels[name] = label
        page.keyboard.press("Tab")  # keyboard modality, so that :focus-visible applies
        with self.timed(f"checks at {DESKTOP} px"):
            found = checks.in_page(page, "page", "navbar", "focus", "axe")
        if not found["icons"] and "500.html" not in label:  # the server error page stands alone
            self.problems.append(f"{label}: the page names no <link rel=icon>")
        self.icons.update(found["icons"])
        self.problems += [f"{label}: the error summary links to nothing: {link}" for link in found["summary"]]
        self.problems += [f"{label}: no visible keyboard focus on {element}" for element in found["focus"]]
        self._report(label, DESKTOP, found)
        for width, what in ((NARROW_DESKTOP, ["navbar"]), (PHONE, ["open menu", "axe"])):
            page.set_viewport_size({"width": width, "height": HEIGHT})
            with self.timed(f"checks at {width} px"):
                self._report(label, width, checks.in_page(page, *what))
        page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})

    def _report(self, label, width, found):
        for item in found.get("navbar", []):
            self.problems.append(f"{label} at {width} px: the navbar runs off the window: {item}")
        for violation in found.get("axe", []):
            nodes = "; ".join(f"{n['target']} — {n['summary']}" for n in violation["nodes"][:MAX_NODES])
            self.problems.append(
                f"{label} at {width} px: axe {violation['id']} ({violation['impact']}, "
                f"{len(violation['nodes'])} elements): {violation['help']}: {nodes}".replace("\n", " ")
            )

    def check_static_files(self, request):
        """What browsers ask for beyond the page: /favicon.ico, every <link rel=icon> and the
        source maps that the pages' CSS and JavaScript name (a browser's developer tools load
        them) answer 200."""
        urls = {self.base_url + "/favicon.ico", *self.icons}
        for asset in sorted(self.assets):
            tail = request.get(asset).text()[-300:]
            urls |= {asset.rsplit("/", 1)[0] + "/" + m for m in re.findall(r"sourceMappingURL=([^\s*]+)", tail)}
        for url in sorted(urls):
            status = request.get(url).status
            if status != 200:
                self.problems.append(f"{url} answered {status}")

    def _english_navbar(self, context, page, role):
        """Labels are longer in English: the navbar must fit there too."""
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": self.base_url}])
        page.goto(reverse("password_change"))
        for width in (DESKTOP, NARROW_DESKTOP):
            page.set_viewport_size({"width": width, "height": HEIGHT})
            for item in checks.in_page(page, "navbar")["navbar"]:
                self.problems.append(f"[{role}] in English at {width} px: the navbar runs off the window: {item}")
        page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
        context.clear_cookies(name=settings.LANGUAGE_COOKIE_NAME)

    # --- pages outside the URL configuration -----------------------------------------------

    def crawl_special_pages(self):
        context, page = self.open_role(ANONYMOUS)
        try:
            # The server error page as Django renders it (no context), served at a made-up URL.
            html = server_error(RequestFactory().get("/")).content.decode()
            page.route(
                "**/a11y-server-error/",
                lambda route: route.fulfill(status=500, body=html, content_type="text/html; charset=utf-8"),
            )
            page.goto("/a11y-server-error/")
            self.audit(page, "[anonymous] the server error page (500.html)", html)

            # Signed out from the menu.
            self.sign_in(page, "khach")
            with page.expect_navigation() as navigation:
                page.evaluate("document.querySelector('form[action$=\"/logout/\"]').requestSubmit()")
            self.audit(page, f"[anonymous] signed out → {page.url}", navigation.value.text())

            # Locked out after too many wrong passwords.
            for _attempt in range(8):
                response = self.sign_in(page, "khoa", "sai-mat-khau")
                if page.query_selector("input[name=password]") is None:
                    self.audit(page, f"[anonymous] locked out → {response.status}", response.text())
                    break
            else:
                self.problems.append("[anonymous] eight wrong passwords did not show the lockout page")
        finally:
            context.close()


def test_every_page_is_accessible_and_valid_for_every_role(browser, live_server, tmp_path):
    started = time.monotonic()
    problems = check_classified(url_patterns())
    if problems:
        pytest.fail("The crawl cannot reach every page:\n" + "\n".join(problems), pytrace=False)
    if not checks.java():
        pytest.fail("java not found: install Debian's default-jre-headless (.ci/run does)", pytrace=False)
    jar = checks.vnu_jar()
    if jar is None or not jar.exists():
        pytest.fail(
            "vnu.jar not found under .venv/vnu-jar-*/: run `make setup-dev` (or set PAPI_VNU_JAR)", pytrace=False
        )

    world = build_world(tmp_path)
    missing = [role for role in Role.values if role not in world.people]
    assert not missing, f"no person for the roles {missing} in tests/browser/crawl/world.py"
    html_dir = tmp_path / "html"
    html_dir.mkdir()
    crawl = Crawl(browser, live_server.url, world, html_dir)
    crawl.crawl_role(ANONYMOUS)
    for role in Role.values:
        crawl.crawl_role(role, world.people[role])
    with crawl.timed("special"):
        crawl.crawl_special_pages()
    context = browser.new_context(base_url=live_server.url)
    crawl.check_static_files(context.request)
    context.close()
    browsed = time.monotonic() - started

    for name, errors in sorted(checks.vnu_errors(html_dir).items()):
        crawl.problems += [f"{crawl.labels.get(name, name)}: HTML {error}" for error in errors]
    print(  # noqa: T201 - shown with -rP: what the crawl covered and how long it took
        f"crawl: {crawl.visits} visits, {crawl.audited} pages audited at {DESKTOP} and {PHONE} px (navbar also at "
        f"{NARROW_DESKTOP} px), {crawl.same_content} skipped as the same content as another role's, "
        f"{len(Role.values)} roles and anonymous; browser {browsed:.0f} s, in all {time.monotonic() - started:.0f} s"
    )
    print("seconds by phase:", {k: round(v) for k, v in crawl.seconds.most_common()})  # noqa: T201
    if crawl.problems:
        unique = list(dict.fromkeys(crawl.problems))
        pytest.fail(f"{len(unique)} problems:\n" + "\n".join(unique), pytrace=False)
