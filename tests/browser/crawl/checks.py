"""What the crawl checks on each page: axe-core in the page, the navbar's fit, failed requests;
and, once for all pages, the Nu HTML checker.

axe-core is the npm package's axe.min.js, vendored under tests/vendor/ (why not the PyPI
wrapper axe-playwright-python: that pins an axe-core of its own behind a Python release and
adds a dependency for what is one `axe.run()` call; the file keeps the version in plain sight
and the project already vendors its front-end code from npm). It is added to every document of
a role's browser context as an init script, so each navigation needs no extra round trip.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "tests" / "vendor" / "axe-core-4.14.1" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}

# One call per width does every check in the page (each call is a round trip to the browser):
# `checks` names which. axe-core runs its default rules (WCAG 2.0-2.2 A and AA and best
# practices) plus target-size (2.5.8, off by default); only serious and critical count.
PAGE_CHECKS = """
async (checks) => {
  const found = {};
  if (checks.includes("navbar")) {
    // Navbar entries that stick out past an edge of the window (folded-away ones have no box).
    const width = document.documentElement.clientWidth;
    found.navbar = [];
    const items = "nav.navbar :is(.navbar-brand, .nav-link, .btn, .navbar-toggler, form)";
    for (const el of document.querySelectorAll(items)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) {
        const text = el.textContent.trim().replace(/\\s+/g, " ") || el.className;
        found.navbar.push(`${text}: ${Math.round(box.left)}–${Math.round(box.right)} px`);
      }
    }
  }
  if (checks.includes("focus")) {
    // Controls that, focused from the keyboard, show neither a 2 px outline nor a ring.
    found.focus = [];
    const controls = [...document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])")]
      .filter(el => !el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== "hidden");
    // A colour that shows: not "transparent", not an rgba(...) of alpha 0.
    const shows = colour => !/transparent|rgba\\([^)]*,\\s*0\\)/.test(colour);
    // A box-shadow layer that draws something: a colour that shows and some size or offset.
    const ring = layer => shows(layer) && /[1-9][\\d.]*px/.test(layer.replace(/rgba?\\([^)]*\\)/, ""));
    for (const el of controls.slice(0, 300)) {
      el.focus({preventScroll: true});
      if (document.activeElement !== el) continue;
      // Bootstrap fades the focus ring in: read the style as it ends, not as it starts.
      el.getAnimations().forEach(animation => animation.finish());
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && shows(style.outlineColor);
      const shadow = style.boxShadow !== "none" && style.boxShadow.split(/,(?![^(]*\\))/).some(ring);
      if (!outline && !shadow) found.focus.push(el.outerHTML.slice(0, 120));
    }
    if (document.activeElement) document.activeElement.blur();
    // Let every control fade back to its resting colours before the other checks read them.
    document.getAnimations().forEach(animation => animation.finish());
  }
  if (checks.includes("page")) {
    // Error-summary links whose target is missing; the icons the page names.
    found.summary = [...document.querySelectorAll("[data-error-summary] a[href^='#']")]
      .filter(a => !document.getElementById(decodeURIComponent(a.hash.slice(1)))).map(a => a.outerHTML);
    found.icons = [...document.querySelectorAll("link[rel~=icon]")].map(link => link.href);
  }
  if (checks.includes("open menu")) {
    // On a phone the menu is folded: unfold it and the user's drop-down (no animation), so that
    // their entries are checked too.
    document.querySelectorAll("nav.navbar :is(.navbar-collapse, .dropdown-menu)").forEach(m => m.classList.add("show"));
  }
  if (checks.includes("axe")) {
    const result = await axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}});
    found.axe = result.violations
      .filter(v => v.impact === "serious" || v.impact === "critical")
      .map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
  }
  return found;
}
"""


def axe_init_script():
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing (tests/vendor/README.md says where it comes from)")
    return AXE.read_text(encoding="utf-8")


def in_page(page, *checks):
    """Run the named checks ("navbar", "focus", "page", "open menu", "axe") in the page as it is."""
    return page.evaluate(PAGE_CHECKS, list(checks))


def vnu_jar():
    """The Nu checker's jar: PAPI_VNU_JAR, or what `make setup-dev` put under .venv/."""
    if os.environ.get("PAPI_VNU_JAR"):
        return Path(os.environ["PAPI_VNU_JAR"])
    found = sorted((ROOT / ".venv").glob("vnu-jar-*/vnu.jar"))
    return found[-1] if found else None


def java():
    return shutil.which("java")


def vnu_errors(folder):
    """Run vnu.jar once over every .html file in `folder`: {file name: [error, ...]}."""
    jar = vnu_jar()
    command = [java(), "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json", "--exit-zero-always"]
    files = sorted(folder.glob("*.html"))
    result = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu.jar gave no report (exit {result.returncode}): {result.stderr[-2000:]}") from None
    errors = {}
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        name = Path(message.get("url", "?").removeprefix("file:")).name
        where = f"line {message.get('lastLine', '?')}"
        extract = (message.get("extract") or "").strip().replace("\n", " ")
        errors.setdefault(name, []).append(f"{where}: {message['message']}  «{extract}»")
    return errors
