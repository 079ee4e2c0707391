// Browser test of the self-check as a small supplier answers it on a phone (375x667), in
// Debian's Chromium driven by playwright-core: sign in, start the tier-1 self-check, answer
// every screen (one "not applicable" with its reason), never scroll sideways, see the result
// (the tier waits for the buyer to accept the reason), then submit it to the buyer. Prints the
// number of steps (clicks, fills, choices) it took, for BENCHMARKS.md. Run by
// crates/server/tests/browser.rs.
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const base = need("KAKEHASHI_BASE_URL");
const shots = need("KAKEHASHI_SCREENSHOTS");
const modules = need("KAKEHASHI_TEST_NODE_MODULES");
const chromiumPath = process.env.KAKEHASHI_TEST_CHROMIUM || "/usr/bin/chromium";
const accounts = JSON.parse(need("KAKEHASHI_ACCOUNTS"));
const { chromium } = createRequire(join(modules, "noop.js"))("playwright-core");

function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

let steps = 0;
const step = async (action) => { steps += 1; return action(); };

async function noSideways(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const wide = overflow <= 0 ? [] : await page.evaluate(() => [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
    .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`));
  check(overflow <= 0, `${where}: the page scrolls sideways by ${overflow}px (${wide.join(", ")})`);
}

mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, locale: "ja-JP" });
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: join(shots, `phone-${name}.png`), fullPage: true });

  await page.goto(base + "/login");
  await step(() => page.fill("#email", accounts.supplier.email));
  await step(() => page.fill("#password", accounts.supplier.password));
  await step(() => page.click("form.stack button[type=submit]"));
  await page.waitForURL(base + "/");
  const signInSteps = steps;

  await step(() => page.click("text=自己点検"));
  await noSideways(page, "self-check list");
  const tier1 = await page.$eval("#questionnaire", (select) =>
    [...select.options].find((o) => o.textContent.includes("段階1"))?.value);
  check(tier1, "the tier-1 questionnaire is offered");
  await step(() => page.selectOption("#questionnaire", tier1));
  await step(() => page.click("text=自己点検を始める >> nth=-1"));
  await page.waitForSelector("[data-testid=save-next]");

  let screens = 0;
  let questions = 0;
  while (await page.$("[data-testid=save-next]")) {
    screens += 1;
    await noSideways(page, `screen ${screens}`);
    await shot(`screen-${screens}`);
    const positions = await page.$$eval("fieldset.question", (all) => all.map((f) => f.dataset.position));
    for (const p of positions) {
      questions += 1;
      if (questions === 2) {
        await step(() => page.check(`input[name=a-${p}][value=not-applicable]`));
        await step(() => page.fill(`#reason-${p}`, "社内に無線LANがありません"));
      } else {
        await step(() => page.check(`input[name=a-${p}][value=implemented]`));
      }
    }
    await step(() => page.click("[data-testid=save-next]"));
    await page.waitForLoadState("load");
    const problem = await page.$("[data-testid=problem]");
    check(!problem, `screen ${screens}: ${problem && (await problem.textContent())}`);
  }
  check(page.url().endsWith("/result"), `the last save shows the result, not ${page.url()}`);
  await noSideways(page, "result");
  await shot("result");
  const answerSteps = steps - signInSteps;
  check(questions <= 12 && screens <= 4, `tier 1 is at most 12 questions on 4 screens (${questions} on ${screens})`);
  const tier = (await page.textContent("[data-testid=tier]")).trim();
  check(tier === "まだありません", `without an accepted reason the tier waits for review, got ${tier}`);

  await step(() => page.click("[data-testid=submit]"));
  await page.waitForLoadState("load");
  check((await page.textContent("body")).includes("確認を頼みました"), "submitted to the buyer");
  check((await page.textContent("[data-testid=submitted-to]")).includes("さくら精機"), "the buyer is listed as asked");
  await noSideways(page, "after submitting");
  await shot("submitted");
  console.log(`self-check tier 1 on a phone: ${questions} questions on ${screens} screens; ` +
    `${signInSteps} steps to sign in, ${answerSteps} to answer, ${steps} in all with submitting`);
  await context.close();
} finally {
  await browser.close();
}
