// Browser test of the UI shell, in Debian's Chromium driven by playwright-core.
//
// At phone (375x667) and desktop (1280x800) sizes: the home page opens in Japanese (even for a
// browser that prefers English), switches to English and back through the visible switch, the
// choice survives a reload, nothing scrolls sideways, the operator can sign in, and the common
// baseline and the inference page work.
// Screenshots go to $KAKEHASHI_SCREENSHOTS. Run by crates/server/tests/browser.rs.
import { nav } from "./lib.mjs";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const base = need("KAKEHASHI_BASE_URL");
const shots = need("KAKEHASHI_SCREENSHOTS");
const modules = need("KAKEHASHI_TEST_NODE_MODULES");
const chromiumPath = process.env.KAKEHASHI_TEST_CHROMIUM || "/usr/bin/chromium";
const [operatorEmail, operatorPassword] = need("KAKEHASHI_OPERATOR").split(" ");
const { chromium } = createRequire(join(modules, "noop.js"))("playwright-core");

function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function expectPage(page, lang, heading, where) {
  check((await page.getAttribute("html", "lang")) === lang, `${where}: expected lang=${lang}`);
  const h1 = (await page.textContent("h1")).trim();
  check(h1 === heading, `${where}: expected h1 ${JSON.stringify(heading)}, got ${JSON.stringify(h1)}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `${where}: the page scrolls sideways by ${overflow}px`);
}

mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  for (const [size, viewport] of [["phone", { width: 375, height: 667 }], ["desktop", { width: 1280, height: 800 }]]) {
    const context = await browser.newContext({ viewport, locale: "en-US" });
    const page = await context.newPage();
    const shot = (name) => page.screenshot({ path: join(shots, `${size}-${name}.png`), fullPage: true });

    await page.goto(base + "/");
    await expectPage(page, "ja", "架け橋へようこそ", `${size} home`);
    await shot("home-ja");

    await page.click("[data-testid=lang-switch]");
    await expectPage(page, "en", "Welcome to Kakehashi", `${size} after switching to English`);
    await shot("home-en");
    await page.reload();
    await expectPage(page, "en", "Welcome to Kakehashi", `${size} English remembered after reload`);

    await page.click("[data-testid=lang-switch]");
    await expectPage(page, "ja", "架け橋へようこそ", `${size} back to Japanese`);

    await page.click("text=サインインする");
    await expectPage(page, "ja", "サインイン", `${size} sign-in page`);
    await page.fill("#email", operatorEmail);
    await page.fill("#password", operatorPassword);
    await page.click("form.stack button[type=submit]");
    await page.waitForURL(base + "/");
    const whoami = await page.textContent("[data-testid=whoami]");
    check(whoami.includes("さんでサインインしています"), `${size}: signed-in name shown`);
    await nav(page, "operator");
    await expectPage(page, "ja", "運用管理", `${size} operator page`);
    await shot("operator-ja");
    await page.click("[data-testid=lang-switch]");
    await expectPage(page, "en", "Operations", `${size} operator page in English`);
    await shot("operator-en");

    // The common baseline by tier, and answers carried to another list, on a phone too.
    await page.goto(base + "/baseline?tier=1");
    await expectPage(page, "en", "Kakehashi common baseline", `${size} baseline tier 1`);
    const items = await page.locator("[data-testid=baseline-items] > li").count();
    check(items > 0 && items <= 12, `${size}: tier 1 lists a few items, got ${items}`);
    await shot("baseline-en");
    await page.goto(base + "/inference");
    await expectPage(page, "en", "Carry answers to another framework", `${size} inference form`);
    const target = await page.evaluate(() =>
      [...document.querySelectorAll("#target option")].find((o) => o.textContent.includes("IPA security self-check"))?.value);
    check(target, `${size}: the IPA self-check list is offered as a target`);
    await page.selectOption("#target", target);
    await page.selectOption("#tier", "3");
    await page.click("form.stack button[type=submit]");
    await expectPage(page, "en", "Carry answers to another framework", `${size} inference result`);
    const inferred = await page.locator("[data-testid=inferred]").count();
    check(inferred > 0, `${size}: results marked inferred`);
    await shot("inference-en");

    await page.goto(base + "/no-such-page");
    await expectPage(page, "en", "Page not found", `${size} error page in English`);
    await context.close();
  }
  console.log("browser shell test passed");
} finally {
  await browser.close();
}
