// Browser test of trust between organisations, in Debian's Chromium driven by playwright-core.
//
// A buyer invites a supplier; the supplier registers through the link on a phone, sets up
// two-factor authentication and switches language; a person who belongs to two organisations
// switches between them. Screenshots go to $KAKEHASHI_SCREENSHOTS.
// Run by crates/server/tests/browser.rs against the demo world.
import { signOut as libSignOut } from "./lib.mjs";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { totp } from "./totp.mjs";

const need = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = need("KAKEHASHI_BASE_URL");
const shots = need("KAKEHASHI_SCREENSHOTS");
const clock = Number(need("KAKEHASHI_CLOCK_UNIX"));
const accounts = JSON.parse(need("KAKEHASHI_ACCOUNTS"));
const { chromium } = createRequire(join(need("KAKEHASHI_TEST_NODE_MODULES"), "noop.js"))("playwright-core");

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function noSidewaysScroll(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `${where}: the page scrolls sideways by ${overflow}px`);
}

async function signIn(page, who) {
  await page.goto(base + "/login");
  await page.fill("#email", who.email);
  await page.fill("#password", who.password);
  await page.click("form.stack button[type=submit]");
  await page.waitForLoadState();
}

const signOut = libSignOut;

mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.KAKEHASHI_TEST_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  const page = await desktop.newPage();
  const shot = (p, name) => p.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  // 1. The buyer's admin invites a new supplier.
  await signIn(page, accounts.buyer);
  await page.goto(base + "/org/relationships");
  await page.selectOption("#offer", "buyer-supplier:from");
  await page.fill("#firm_name", "新規部品株式会社");
  await page.fill("form[data-testid=invite-firm] #email", "owner@shinki-buhin.example");
  await page.click("form[data-testid=invite-firm] button[type=submit]");
  await page.waitForLoadState();
  check((await page.textContent(".notice")).includes("招待メールを送りました"), "the buyer is told the invitation went out");
  await shot(page, "1-buyer-invited");
  await signOut(page);

  // 2. The demo keeps mail in the outbox: the operator's page shows the link.
  await signIn(page, accounts.operator);
  await page.goto(base + "/operator");
  await page.click("table[data-testid=outbox] a >> nth=0");
  const mail = await page.textContent("[data-testid=mail-body]");
  const link = mail.match(/\/invite\?token=[0-9a-f]+/)[0];
  await signOut(page);

  // 3. The supplier registers through the link, on a phone.
  const phone = await browser.newContext({ viewport: { width: 375, height: 667 }, locale: "ja-JP" });
  const sme = await phone.newPage();
  await sme.goto(base + link);
  check((await sme.textContent("main")).includes("さくら精機株式会社 から"), "the invitation says who invites");
  await noSidewaysScroll(sme, "invitation");
  await shot(sme, "2-supplier-invitation-phone");
  await sme.fill("#display_name", "新規 太郎");
  await sme.fill("#password", "shinki-buhin-passphrase");
  await sme.selectOption("#industry", "machinery");
  await sme.selectOption("#size", "6-20");
  await sme.selectOption("#prefecture", "23");
  await sme.click("form[data-testid=register] button[type=submit]");
  await sme.waitForLoadState();
  check((await sme.textContent("h1")).trim() === "新規部品株式会社", "the new organisation's page");
  check((await sme.textContent("[data-testid=acting-org]")).includes("新規部品株式会社"), "acting for it");
  await noSidewaysScroll(sme, "organisation page");
  await shot(sme, "3-supplier-registered-phone");

  // 4. Two-factor authentication.
  await sme.goto(base + "/account/two-factor");
  const secret = (await sme.textContent("[data-testid=totp-secret]")).trim();
  await shot(sme, "4-two-factor-setup-phone");
  await sme.fill("#code", totp(secret, clock));
  await sme.click("form[action='/account/two-factor'] button[type=submit]");
  await sme.waitForLoadState();
  const codes = await sme.textContent("[data-testid=recovery-codes]");
  check(codes.trim().split("\n").length === 10, "ten recovery codes");
  await shot(sme, "5-two-factor-on-phone");

  // 5. English, and back.
  await sme.click("[data-testid=lang-switch]");
  await sme.waitForLoadState();
  check((await sme.getAttribute("html", "lang")) === "en", "English");
  check((await sme.textContent("[data-testid=two-factor-status]")).trim() === "On", "two-factor shown as on, in English");
  await noSidewaysScroll(sme, "two-factor in English");
  await shot(sme, "6-two-factor-en-phone");
  await sme.click("[data-testid=lang-switch]");
  await sme.waitForLoadState();
  check((await sme.getAttribute("html", "lang")) === "ja", "Japanese again");

  // 6. A person in two organisations chooses, then switches.
  const two = await desktop.newPage();
  await signIn(two, accounts.two_orgs);
  await two.goto(base + "/org");
  check(two.url().includes("/org/choose"), "asked to choose an organisation");
  await shot(two, "7-choose-organisation");
  await two.click("button.choice:has-text('株式会社 ひかりソフト')");
  await two.waitForLoadState();
  check((await two.textContent("[data-testid=acting-org]")).includes("ひかりソフト"), "acting for the IT vendor");
  await shot(two, "8-acting-hikari-soft");
  await two.goto(base + "/org/choose");
  await two.click("button.choice:has-text('青葉プレス工業株式会社')");
  await two.waitForLoadState();
  check((await two.textContent("[data-testid=acting-org]")).includes("青葉プレス"), "switched to the supplier");
  await two.goto(base + "/org");
  check((await two.textContent("h1")).trim() === "青葉プレス工業株式会社", "the switched organisation's page");
  await shot(two, "9-acting-aoba-press");
  console.log("browser identity test passed");
} finally {
  await browser.close();
}
