// What every browser test shares: the environment the Rust runner sets, Debian's Chromium,
// signing in and out, the menu (behind a button on a phone), and the checks every journey makes
// on every page: no sideways scroll, no English sentence on a Japanese page.
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export const base = need("KAKEHASHI_BASE_URL");
export const shots = need("KAKEHASHI_SCREENSHOTS");
export const accounts = JSON.parse(need("KAKEHASHI_ACCOUNTS"));
const { chromium } = createRequire(join(need("KAKEHASHI_TEST_NODE_MODULES"), "noop.js"))("playwright-core");

export const PHONE = { width: 375, height: 667 };
export const DESKTOP = { width: 1280, height: 800 };

export async function launch() {
  mkdirSync(shots, { recursive: true });
  return chromium.launch({
    executablePath: process.env.KAKEHASHI_TEST_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
}

// Counts what a person does (clicks, fills, choices), for the journeys' figures.
export class Steps {
  constructor() { this.count = 0; this.started = Date.now(); }
  async do(action) { this.count += 1; return action(); }
  seconds() { return ((Date.now() - this.started) / 1000).toFixed(1); }
}

export async function signIn(page, who, steps) {
  const act = steps ? (a) => steps.do(a) : (a) => a();
  await page.goto(base + "/login");
  await act(() => page.fill("#email", who.email));
  await act(() => page.fill("#password", who.password));
  await act(() => page.click("form.stack button[type=submit]"));
  await page.waitForLoadState("load");
}

// Opens the menu when it sits behind its button (a phone), then follows one of its links.
export async function nav(page, id) {
  const button = page.locator("[data-testid=menu-button]");
  if (await button.isVisible()) {
    await button.click();
  }
  await page.click(`[data-testid=nav-${id}]`);
  await page.waitForLoadState("load");
}

export async function signOut(page) {
  const button = page.locator("[data-testid=menu-button]");
  if (await button.isVisible()) {
    await button.click();
  }
  await page.click("form[action='/logout'] button");
  await page.waitForLoadState("load");
}

export async function noSideways(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const wide = overflow <= 0 ? [] : await page.evaluate(() => [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
    .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`));
  check(overflow <= 0, `${where}: the page scrolls sideways by ${overflow}px (${wide.join(", ")})`);
}

// Runs of four or more English words in what a Japanese page shows, outside code and outside
// parts marked with another language (data such as a NIST control's title).
export async function englishSentences(page) {
  return page.evaluate(() => {
    if (!document.documentElement.lang.startsWith("ja")) return [];
    const exempt = (el) => {
      if (el.closest("code, kbd, samp, pre, script, style")) return true;
      const marked = el.closest("[lang]");
      return marked && !marked.getAttribute("lang").startsWith("ja");
    };
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement && !exempt(n.parentElement)) texts.push(n.textContent);
    }
    for (const el of document.querySelectorAll("[placeholder], [title], [aria-label], [alt]")) {
      if (exempt(el)) continue;
      for (const a of ["placeholder", "title", "aria-label", "alt"]) {
        if (el.getAttribute(a)) texts.push(el.getAttribute(a));
      }
    }
    const found = [];
    for (const text of texts) {
      let run = [];
      for (const word of text.split(/[\s&;]+/)) {
        const w = word.replace(/^[,.:!?()"'“”]+|[,.:!?()"'“”]+$/g, "");
        if (/^[A-Za-z][A-Za-z'-]+$/.test(w)) { run.push(w); continue; }
        if (/^\d+$/.test(w) || word === "") continue;
        if (run.length >= 4) found.push(run.join(" "));
        run = [];
      }
      if (run.length >= 4) found.push(run.join(" "));
    }
    return found;
  });
}

// On a phone: fields people type in are at least 44 px tall with 16 px text (phones zoom in on
// smaller text), and the header takes at most 15% of the first screen.
export async function phoneErgonomics(page, where) {
  const small = await page.evaluate(() => [...document.querySelectorAll(
    "input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea, label.choice")]
    .filter((e) => e.getClientRects().length > 0)
    .map((e) => ({ e, box: e.getBoundingClientRect(), font: parseFloat(getComputedStyle(e).fontSize) }))
    .filter(({ e, box, font }) => box.height < 44 || (e.tagName !== "LABEL" && font < 16))
    .slice(0, 5)
    .map(({ e, box, font }) => `${e.tagName.toLowerCase()}#${e.id || e.name || ""} ${Math.round(box.height)}px/${font}px`));
  check(small.length === 0, `${where}: fields too small for a phone: ${small.join(", ")}`);
  const share = await headerShare(page);
  check(share <= 0.15, `${where}: the header takes ${(share * 100).toFixed(0)}% of the first phone screen`);
}

// The checks every journey makes on every page it visits, and a screenshot of it.
export async function looked(page, where, size) {
  await page.waitForLoadState("load");
  await noSideways(page, where);
  if (size === "phone") await phoneErgonomics(page, where);
  const english = await englishSentences(page);
  check(english.length === 0, `${where}: English on a Japanese page: ${english.join(" | ")}`);
  const file = `${size}-${where.replace(/[^a-z0-9-]+/gi, "-")}.png`;
  await page.screenshot({ path: join(shots, file), fullPage: true });
}

// How tall the header is, as a share of the first screen.
export async function headerShare(page) {
  return page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height / window.innerHeight);
}
