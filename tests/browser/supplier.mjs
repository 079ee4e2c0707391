// The supplier's journey, on a phone (375x667), in Japanese, signed in as the supplier's admin
// (青葉プレス工業): sign in, start the tier-1 self-check from the home page, answer every screen
// with one "not applicable" (with its reason) and one file of evidence added beside its question,
// and ask the buyer to review it. The buyer's reviewer then sends one answer back, and the
// supplier fixes it from the home page: the screen opens at that question with the reviewer's
// words. Every page: no sideways scroll, no English sentence, header at most 15% of the screen.
// Prints the steps and the machine time, for BENCHMARKS.md. Run by crates/server/tests/browser.rs.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PHONE, DESKTOP, Steps, accounts, base, check, headerShare, launch, looked, signIn } from "./lib.mjs";

const NOT_APPLICABLE = "B1-04"; // sharing settings: this firm uses no cloud file sharing
const WITH_EVIDENCE = "B1-01"; // keeping software updated: the procedure as a PDF

const dir = mkdtempSync(join(tmpdir(), "kakehashi-evidence-"));
const pdf = join(dir, "更新手順.pdf");
writeFileSync(pdf, "%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
  const page = await context.newPage();
  const steps = new Steps();

  await signIn(page, accounts.supplier, steps);
  await looked(page, "home", "phone");
  const share = await headerShare(page);
  check(share <= 0.15, `the header takes ${(share * 100).toFixed(0)}% of the first phone screen`);
  await steps.do(() => page.click("[data-testid=start-tier-1]"));

  let screens = 0;
  let questions = 0;
  while (await page.$("[data-testid=save-next]")) {
    screens += 1;
    await looked(page, `screen-${screens}`, "phone");
    const first = await page.$eval("fieldset.question legend", (l) => l.getBoundingClientRect().top);
    check(first < PHONE.height, `screen ${screens}: the first question starts on the first screen (at ${first}px)`);
    const all = await page.$$eval("fieldset.question", (fs) => fs.map((f) => [f.dataset.position, f.dataset.key]));
    for (const [p, key] of all) {
      questions += 1;
      if (key === NOT_APPLICABLE) {
        await steps.do(() => page.check(`input[name=a-${p}][value=not-applicable]`));
        await steps.do(() => page.fill(`#reason-${p}`, "クラウドのファイル共有サービスは使っていません"));
      } else {
        await steps.do(() => page.check(`input[name=a-${p}][value=implemented]`));
      }
      if (key === WITH_EVIDENCE) {
        await steps.do(() => page.click(`[data-testid=evidence-${p}] summary`));
        await steps.do(() => page.setInputFiles(`#evfile-${p}`, pdf));
      }
    }
    await steps.do(() => page.click("[data-testid=save-next]"));
    await page.waitForLoadState("load");
    const problem = await page.$("[data-testid=problem]");
    check(!problem, `screen ${screens}: ${problem && (await problem.textContent())}`);
  }
  check(page.url().endsWith("/result"), `the last save shows the result, not ${page.url()}`);
  await looked(page, "result", "phone");
  const tier = (await page.textContent("[data-testid=tier]")).trim();
  check(tier === "まだ段階1に届いていません", `the tier waits for the reason to be accepted, got ${tier}`);
  const waiting = (await page.textContent("[data-testid=awaiting-review]")).trim();
  check(waiting.includes("1項目") && waiting.includes("該当しない"), `says why the tier waits: ${waiting}`);
  const buyer = await page.$eval("#reviewer", (s) => [...s.options].find((o) => o.textContent.includes("さくら精機"))?.value);
  const chosen = await page.$eval("#reviewer", (s) => s.value);
  if (buyer !== chosen) {
    await steps.do(() => page.selectOption("#reviewer", buyer));
  }
  await steps.do(() => page.click("[data-testid=submit]"));
  await page.waitForLoadState("load");
  check((await page.textContent("[data-testid=submitted-to]")).includes("さくら精機"), "the buyer is asked");
  const answerSteps = steps.count;
  const answerSeconds = steps.seconds();
  check(answerSteps <= 20, `tier 1 with one file of evidence takes at most 20 steps, took ${answerSteps}`);

  // The evidence is there, as a file, attached to its question.
  const view = await page.evaluate(async (u) => (await fetch(u)).json(), page.url().replace("/self-checks/", "/api/v1/assessments/").replace("/result", ""));
  const attached = view.questions.find((q) => q.question.key === WITH_EVIDENCE).evidence;
  check(attached.length === 1 && attached[0].original_name === "更新手順.pdf", `the file is attached: ${JSON.stringify(attached)}`);

  // The buyer's reviewer sends the answer about updates back (not the supplier's steps).
  const desk = await browser.newContext({ viewport: DESKTOP, locale: "ja-JP" });
  const reviewer = await desk.newPage();
  await signIn(reviewer, accounts.reviewer);
  await reviewer.click(`[data-testid=home-reviews] a:has-text("青葉プレス")`);
  await reviewer.waitForLoadState("load");
  const card = `section[data-key=${WITH_EVIDENCE}]`;
  await reviewer.check(`${card} input[name=verdict][value=rejected]`);
  await reviewer.fill(`${card} textarea[name=comment]`, "手順書に更新の記録の付け方がありません。記録を付けてください。");
  await reviewer.click(`${card} button[type=submit]`);
  await reviewer.waitForLoadState("load");
  await desk.close();

  // The supplier fixes it, starting from the home page.
  const fix = new Steps();
  await fix.do(() => page.goto(base + "/"));
  await looked(page, "home-with-a-question", "phone");
  check((await page.textContent("[data-testid=home-self-checks]")).includes("確認者から連絡があります"), "home says a reviewer waits");
  await fix.do(() => page.click("[data-testid=home-self-checks] a"));
  await page.waitForLoadState("load");
  await looked(page, "result-with-a-question", "phone");
  await fix.do(() => page.click("[data-testid=awaiting] a.button"));
  await page.waitForLoadState("load");
  await looked(page, "fixing", "phone");
  const position = await page.$eval(`fieldset[data-key=${WITH_EVIDENCE}]`, (f) => f.dataset.position);
  const note = page.locator(`[data-testid=review-note-${position}]`);
  check((await note.textContent()).includes("記録を付けてください"), "the reviewer's words are at the question");
  const box = await note.boundingBox();
  check(box && box.y >= 0 && box.y < PHONE.height, `the question opens in view (at ${box && box.y}px)`);
  await fix.do(() => page.check(`input[name=a-${position}][value=partly]`));
  await fix.do(() => page.fill(`#reply-${position}`, "記録表を作り、来月から毎月の更新日を付けます。それまでは一部実施とします。"));
  await fix.do(() => page.click("[data-testid=save-next]"));
  await page.waitForLoadState("load");
  const problem = await page.$("[data-testid=problem]");
  check(!problem, `saving the fix: ${problem && (await problem.textContent())}`);
  // Nothing else may change while the buyer reviews, so the result comes next.
  check(page.url().endsWith("/result"), `after the fix the result comes next, not ${page.url()}`);
  await looked(page, "result-after-the-fix", "phone");
  const thread = await page.textContent(`[data-testid=thread-${position}]`);
  check(thread.includes("記録表を作り"), "the reply is in the thread");
  check(!(await page.$("[data-testid=awaiting]")), "nothing waits for the supplier any more");

  // The same page in English: the header still fits.
  await page.click("[data-testid=lang-switch]");
  await page.waitForLoadState("load");
  check((await page.getAttribute("html", "lang")) === "en", "the switch shows English");
  await looked(page, "result-in-english", "phone");
  const english = await headerShare(page);

  console.log(`header on a phone: ${(share * 100).toFixed(1)}% of the first screen in Japanese, ${(english * 100).toFixed(1)}% in English`);
  console.log(`supplier journey on a phone: ${questions} questions on ${screens} screens; ` +
    `${answerSteps} steps (sign-in, answers, one file of evidence, asking for review) in ${answerSeconds} s; ` +
    `fixing a sent-back answer: ${fix.count} steps in ${fix.seconds()} s`);
  await context.close();
} finally {
  await browser.close();
}
