// The preview in a real browser (tests/it/preview.rs runs this): headless Chromium opens the
// viewer, reads the text under the page of the edited note and takes a screenshot; the note is
// edited while the window shows the end of the mémoire; once the page shows the new text (and
// has been brought into view), a second screenshot. Prints a JSON report.
// Before the edit, a click at (X, Y) points of the page: the viewer shows the word's source.
// Usage: node preview.cjs URL PAGE NOTE_FILE FROM TO OUT_DIR X Y
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require(path.join(__dirname, "../../target/browser/node_modules/playwright-core"));

const [url, page, note, from, to, out, x, y] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  const report = {};
  try {
    const tab = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    await tab.goto(url);
    const selector = `#page-${page}`;
    await tab.waitForSelector(`${selector} img`);
    await tab.locator(selector).scrollIntoViewIfNeeded();
    // The page's image drawn, and its text given to screen readers.
    await tab.waitForFunction((s) => {
      const div = document.querySelector(s);
      const img = div.querySelector("img");
      return img.complete && img.naturalWidth > 0 && div.querySelector(".texte").textContent.length > 0;
    }, selector, { timeout: 30000 });
    report.srcBefore = await tab.getAttribute(`${selector} img`, "src");
    report.textBefore = await tab.textContent(`${selector} .texte`);
    await tab.locator(selector).screenshot({ path: path.join(out, "avant.png") });

    const box = await tab.locator(`${selector} img`).boundingBox();
    const width = Number(await tab.getAttribute(selector, "data-width"));
    const scale = box.width / width;
    await tab.mouse.click(box.x + Number(x) * scale, box.y + Number(y) * scale);
    await tab.waitForSelector("#source.visible a");
    report.clicked = await tab.textContent("#source");
    report.clickedLink = await tab.getAttribute("#source a", "href");
    await tab.screenshot({ path: path.join(out, "clic.png") });

    // Far from the page, at the end of the mémoire: the edit brings the page into view.
    const inView = (s) => {
      const r = document.querySelector(s).getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    };
    await tab.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    report.visibleBefore = await tab.evaluate(inView, selector);

    const text = fs.readFileSync(note, "utf8");
    fs.writeFileSync(note, text.replace(from, to));
    const started = Date.now();
    await tab.waitForFunction(([s, word]) => {
      const div = document.querySelector(s);
      const img = div.querySelector("img");
      return div.querySelector(".texte").textContent.includes(word) && img.complete && img.naturalWidth > 0;
    }, [selector, to], { timeout: 30000 });
    report.shownAfterMs = Date.now() - started;
    report.visibleAfter = await tab.evaluate(inView, selector);
    report.srcAfter = await tab.getAttribute(`${selector} img`, "src");
    report.textAfter = await tab.textContent(`${selector} .texte`);
    report.scrollY = await tab.evaluate(() => window.scrollY);
    await tab.locator(selector).screenshot({ path: path.join(out, "apres.png") });
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(report) + "\n");
})().catch((e) => { console.error(e); process.exit(1); });
