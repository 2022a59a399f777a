#!/usr/bin/env python3
"""Drives headless Chromium through the EffFleet console for RegistryConsoleTests.

Chromium is spoken to over the Chrome DevTools Protocol on a pipe (--remote-debugging-pipe:
commands on fd 3, answers on fd 4, JSON messages ending in NUL), so only the standard library is
needed. The script signs in through the form (first with a device token, which must fail, then
with the admin token), visits the overview, a device page and a running rollout, saves
screenshots, waits for the rollout page to refresh by itself once the test changes a device's
state, signs out, and writes what it found in the DOM as one JSON document (--facts). The
assertions are the test's. Exit status 77: Chromium could not start (the test skips, saying why).
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

# Facts a test checks on any console page: the picture's points, budget line and ticks, the
# rollout rows, and the basics of accessibility (labels, alt text, names of images, contrast).
PAGE_FACTS = r"""
(() => {
  const own = (element) => [...element.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join("").trim();
  const visible = (element) => { const r = element.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      if (e instanceof SVGElement && e.tagName !== "svg") continue;
      const color = getComputedStyle(e).backgroundColor;
      if (color && color !== "transparent" && !/rgba\(.*,\s*0\)$/.test(color)) return color;
    }
    return "rgb(255, 255, 255)";
  };
  const text = [...document.querySelectorAll("body *")].filter(e => own(e) && visible(e) && !["SCRIPT", "STYLE", "TITLE", "DESC", "OPTION"].includes(e.tagName.toUpperCase()))
    .map(e => {
      const style = getComputedStyle(e);
      return { tag: e.tagName, text: own(e).slice(0, 60), color: e instanceof SVGElement ? style.fill : style.color,
               background: background(e), fontSize: parseFloat(style.fontSize), fontWeight: parseInt(style.fontWeight, 10) || 400 };
    });
  const labelled = (e) => (e.id && document.querySelector(`label[for="${e.id}"]`)) || e.closest("label") || e.getAttribute("aria-label") || e.getAttribute("aria-labelledby");
  const svg = document.querySelector("svg#accuracy-latency");
  const line = document.querySelector("[data-budget-line]");
  return {
    path: location.pathname, title: document.title, bodyText: document.body.innerText,
    points: [...document.querySelectorAll("[data-point]")].map(g => ({
      artifactId: g.dataset.artifactId, artifact: g.dataset.artifact, backend: g.dataset.backend, verdict: g.dataset.verdict,
      latencyMs: parseFloat(g.dataset.latencyMs), top1: parseFloat(g.dataset.top1),
      lowerMs: g.dataset.lowerMs ? parseFloat(g.dataset.lowerMs) : null, upperMs: g.dataset.upperMs ? parseFloat(g.dataset.upperMs) : null,
      markerCenterX: (() => { const b = g.querySelector(".marker").getBBox(); return b.x + b.width / 2; })(),
      markerCenterY: (() => { const b = g.querySelector(".marker").getBBox(); return b.y + b.height / 2; })(),
      chosenMark: !!g.querySelector(".chosen-ring"), ariaLabel: g.getAttribute("aria-label") || "",
      title: (g.querySelector("title") || {}).textContent || "", markerStroke: getComputedStyle(g.querySelector(".marker")).stroke })),
    budgetLine: line ? { x1: parseFloat(line.getAttribute("x1")), x2: parseFloat(line.getAttribute("x2")),
      limitMs: parseFloat(line.dataset.limitMs), latencyBudgetMs: parseFloat(line.dataset.latencyBudgetMs), headroom: parseFloat(line.dataset.headroom) } : null,
    xTicks: [...document.querySelectorAll("text.tick[data-axis=x]")].map(t => ({ value: parseFloat(t.textContent), x: parseFloat(t.getAttribute("x")) })),
    yTicks: [...document.querySelectorAll("text.tick[data-axis=y]")].map(t => ({ value: parseFloat(t.textContent), y: parseFloat(t.getAttribute("y")) })),
    chart: svg ? { role: svg.getAttribute("role"), labelledBy: svg.getAttribute("aria-labelledby"),
      title: (svg.querySelector("title") || {}).textContent || "", desc: (svg.querySelector("desc") || {}).textContent || "" } : null,
    legend: [...document.querySelectorAll(".legend li")].map(li => li.innerText.trim()),
    deviceRows: [...document.querySelectorAll("tr[data-status]")].map(tr => ({ device: tr.dataset.device, status: tr.dataset.status })),
    tableRows: document.querySelectorAll("tbody tr").length,
    rolloutRows: [...document.querySelectorAll("tr[data-state]")].map(tr => ({ device: tr.dataset.device, state: tr.dataset.state })),
    liveRunning: (document.getElementById("rollout-live") || { dataset: {} }).dataset.running || null,
    unlabelledFields: [...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter(e => !labelled(e)).map(e => e.outerHTML),
    imagesWithoutAlt: [...document.querySelectorAll("img:not([alt])")].map(e => e.outerHTML),
    unnamedImages: [...document.querySelectorAll("[role=img]")].filter(e => !(e.getAttribute("aria-label") || e.getAttribute("aria-labelledby"))).map(e => e.outerHTML.slice(0, 120)),
    htmlLang: document.documentElement.lang,
    text,
  };
})()
"""


class Browser:
    """One headless Chromium and one page, over the DevTools pipe."""

    def __init__(self, chromium, profile, width, height):
        to_chrome_read, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_write = os.pipe()

        def wire():  # in the child, before exec: its fd 3 reads commands, fd 4 writes answers
            commands, answers = os.dup(to_chrome_read), os.dup(from_chrome_write)
            os.dup2(commands, 3)
            os.dup2(answers, 4)

        args = [chromium, "--headless", "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions", "--disable-background-networking",
                "--disable-sync", "--metrics-recording-only", "--mute-audio", f"--user-data-dir={profile}",
                f"--window-size={width},{height}", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses root without it
        self.process = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=wire, stdout=subprocess.DEVNULL,
                                        stderr=open(os.path.join(profile, "chromium.log"), "wb"))
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        self._buffer = b""
        self._next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True, timeout=30):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answer = self._read(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)
        raise TimeoutError(f"no answer to {method} within {timeout} s")

    def _read(self, deadline):
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium stopped answering")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=20):
        """Polls `expression` every 100 ms until it is true; bounded by `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.evaluate(expression):
                    return
            except RuntimeError:
                pass  # the page is between documents
            time.sleep(0.1)
        raise TimeoutError(f"timed out after {timeout} s waiting for {what}")

    def goto(self, url, path):
        self.send("Page.navigate", {"url": url})
        self.wait_for(f"location.pathname === {json.dumps(path)} && document.readyState === 'complete'", f"{path} to load")

    def screenshot(self, path, selector=None):
        if selector:
            box = self.evaluate(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                                " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; })()")
            clip = {"x": max(box["x"] - 12, 0), "y": max(box["y"] - 12, 0), "width": box["width"] + 24, "height": box["height"] + 24}
        else:
            size = self.evaluate("({width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight})")
            clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"]}
        clip["scale"] = 1
        data = self.send("Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True})["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def sign_in(browser, base, token):
    browser.goto(f"{base}/sign-in", "/sign-in")
    browser.evaluate("document.getElementById('token').focus()")
    browser.send("Input.insertText", {"text": token})
    browser.evaluate("document.querySelector('.sign-in button[type=submit]').click()")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--base", required=True, help="the registry, http://127.0.0.1:PORT")
    parser.add_argument("--admin-token-file", required=True)
    parser.add_argument("--device-token-file", required=True)
    parser.add_argument("--device", required=True, help="id of the device whose picture to load")
    parser.add_argument("--rollout", required=True, help="id of a running rollout")
    parser.add_argument("--rollout-device", required=True, help="a device of that rollout the test will move on")
    parser.add_argument("--ready-file", required=True, help="written once the rollout page shows; the test then changes the device")
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--facts", required=True, help="where to write what the DOM showed, as JSON")
    args = parser.parse_args()

    os.makedirs(args.screenshots, exist_ok=True)
    admin_token = open(args.admin_token_file).read().strip()
    device_token = open(args.device_token_file).read().strip()
    profile = tempfile.mkdtemp(prefix="effconsole-chromium-")
    try:
        browser = Browser(args.chromium, profile, 1280, 1000)
        browser.open_page()
    except Exception as error:  # Chromium cannot start here: say why, and let the test skip
        log = open(os.path.join(profile, "chromium.log"), errors="replace").read()[-2000:] if os.path.isdir(profile) else ""
        print(f"chromium cannot start: {error}\n{log}", file=sys.stderr)
        shutil.rmtree(profile, ignore_errors=True)
        return 77
    facts = {}
    try:
        browser.goto(f"{args.base}/devices/{args.device}", "/sign-in")
        facts["unsignedRedirect"] = browser.evaluate("location.pathname")
        sign_in(browser, args.base, device_token)
        browser.wait_for("document.readyState === 'complete' && !!document.getElementById('sign-in-message')", "the refusal")
        facts["deviceTokenAttempt"] = browser.evaluate(PAGE_FACTS)
        sign_in(browser, args.base, admin_token)
        browser.wait_for("location.pathname === '/' && document.readyState === 'complete'", "the overview after sign-in")
        facts["cookies"] = browser.send("Network.getCookies", {"urls": [args.base + "/"]})["cookies"]
        facts["overview"] = browser.evaluate(PAGE_FACTS)
        browser.screenshot(os.path.join(args.screenshots, "console-overview.png"))

        browser.goto(f"{args.base}/devices/{args.device}", f"/devices/{args.device}")
        facts["device"] = browser.evaluate(PAGE_FACTS)
        browser.screenshot(os.path.join(args.screenshots, "console-device.png"))
        browser.screenshot(os.path.join(args.screenshots, "console-device-picture.png"), selector="figure.chart")

        browser.goto(f"{args.base}/rollouts/{args.rollout}", f"/rollouts/{args.rollout}")
        browser.evaluate("window.effConsoleSameDocument = true")
        facts["rollout"] = browser.evaluate(PAGE_FACTS)
        browser.screenshot(os.path.join(args.screenshots, "console-rollout-running.png"))
        with open(args.ready_file, "w") as ready:
            ready.write("ready\n")
        device = json.dumps(args.rollout_device)
        browser.wait_for(f"(() => {{ const row = document.querySelector(`tr[data-device=${{CSS.escape({device})}}]`);"
                         " return row && row.dataset.state !== 'pending'; })()", "the rollout page to refresh by itself", timeout=30)
        facts["rolloutRefreshed"] = browser.evaluate(PAGE_FACTS)
        facts["rolloutRefreshed"]["sameDocument"] = browser.evaluate("window.effConsoleSameDocument === true")
        browser.screenshot(os.path.join(args.screenshots, "console-rollout-refreshed.png"))

        browser.goto(f"{args.base}/history", "/history")
        facts["history"] = browser.evaluate(PAGE_FACTS)

        browser.evaluate("document.querySelector('form.sign-out button').click()")
        browser.wait_for("location.pathname === '/sign-in' && document.readyState === 'complete'", "the form after sign-out")
        facts["cookiesAfterSignOut"] = browser.send("Network.getCookies", {"urls": [args.base + "/"]})["cookies"]
        browser.goto(f"{args.base}/", "/sign-in")
        facts["afterSignOut"] = browser.evaluate("location.pathname")
        facts["visitedURLs"] = sorted({event["params"]["frame"]["url"] for event in browser.events
                                       if event.get("method") == "Page.frameNavigated"})
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    with open(args.facts, "w") as out:
        json.dump(facts, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
