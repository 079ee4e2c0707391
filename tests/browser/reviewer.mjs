// The buyer's reviewer's journey, on a desktop (1280x800), in Japanese, signed in as さくら精機's
// 確認者 (reviewer role): find 東和電子's self-check from the home page, read the summary, send
// the "not applicable" answer back — first forgetting the comment, which gets a Japanese error
// that keeps the choice — ask about another, accept every answer not yet decided at once, and then, after 東和電子's admin
// has changed the sent-back answer on a phone, see it flagged as changed with the earlier answer
// beside it. Every page: no sideways scroll, no English sentence. Prints the steps and the machine
// time, for BENCHMARKS.md. Run by crates/server/tests/browser.rs.
import { PHONE, DESKTOP, Steps, accounts, base, check, launch, looked, signIn } from "./lib.mjs";

const SHARING = "B1-04"; // answered "not applicable" by 東和電子 in the demo
const UPDATES = "B1-01"; // answered "partly"; the demo's reviewer already asked about it

const browser = await launch();
try {
  const desk = await browser.newContext({ viewport: DESKTOP, locale: "ja-JP" });
  const page = await desk.newPage();
  const steps = new Steps();

  await signIn(page, accounts.reviewer, steps);
  await looked(page, "home", "desktop");
  const inbox = await page.textContent("[data-testid=home-reviews]");
  check(inbox.includes("東和電子"), `the reviewer's home lists 東和電子's self-check: ${inbox}`);
  await steps.do(() => page.click(`[data-testid=home-reviews] a:has-text("東和電子")`));
  await page.waitForLoadState("load");
  await looked(page, "review", "desktop");
  check((await page.textContent("[data-testid=summary] [data-testid=tier]")).trim().length > 0, "the summary says the tier");
  check(await page.$eval("section.question", (s) => s.classList.contains("attention")), "what needs a decision comes first");

  // Sending the answer back without saying why: a Japanese error at the question, choice kept.
  const card = `section[data-key=${SHARING}]`;
  await steps.do(() => page.check(`${card} input[name=verdict][value=rejected]`));
  await steps.do(() => page.click(`${card} button[type=submit]`));
  await page.waitForLoadState("load");
  await looked(page, "review-without-a-comment", "desktop");
  const problem = (await page.textContent(`${card} [data-testid=problem]`)).trim();
  check(problem.includes("理由をコメントに"), `the problem is said at the question, in Japanese: ${problem}`);
  check(await page.isChecked(`${card} input[name=verdict][value=rejected]`), "the chosen verdict is kept");
  const at = await page.locator(`${card} [data-testid=problem]`).boundingBox();
  check(at && at.y > 0 && at.y + at.height < DESKTOP.height, `the problem is in view, not ${at && at.y}px down`);

  const reason = "クラウドの共有を使っていない理由を、使っているサービスの一覧で示してください。";
  await steps.do(() => page.fill(`${card} textarea[name=comment]`, reason));
  await steps.do(() => page.click(`${card} button[type=submit]`));
  await page.waitForLoadState("load");
  check((await page.textContent(`${card} [data-testid=state]`)).includes("認めない"), "the answer is sent back");

  // A question about another answer.
  const asked = "section[data-key=B1-02]";
  await steps.do(() => page.check(`${asked} input[name=verdict][value=asked]`));
  await steps.do(() => page.fill(`${asked} textarea[name=comment]`, "対策ソフトの定義ファイルは自動で更新されていますか。"));
  await steps.do(() => page.click(`${asked} button[type=submit]`));
  await page.waitForLoadState("load");
  check((await page.textContent(`${asked} [data-testid=state]`)).includes("質問中"), "the question is recorded");

  // Everything not yet decided, accepted in one go.
  const accept = page.locator("[data-testid=accept-remaining] button");
  const label = await accept.textContent();
  await steps.do(() => accept.click());
  await page.waitForLoadState("load");
  await looked(page, "review-after-accepting", "desktop");
  check(!(await page.$("[data-testid=accept-remaining]")), `nothing remains after "${label.trim()}"`);
  const states = await page.$$eval("section.question [data-testid=state]", (s) => s.map((e) => e.textContent.trim()));
  check(states.filter((s) => s === "認めた").length === states.length - 3, `all but three accepted: ${states.join(", ")}`);
  const decideSteps = steps.count;
  const decideSeconds = steps.seconds();

  // 東和電子's admin changes the sent-back answer, on a phone.
  const phone = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
  const supplier = await phone.newPage();
  await signIn(supplier, accounts.towa);
  await supplier.click("[data-testid=home-self-checks] a");
  await supplier.waitForLoadState("load");
  await looked(supplier, "supplier-result", "phone");
  const position = await page.$eval(card, (s) => s.dataset.testid.replace("review-", ""));
  await supplier.click(`[data-testid=fix-${position}]`);
  await supplier.waitForLoadState("load");
  await looked(supplier, "supplier-fixing", "phone");
  check((await supplier.textContent(`[data-testid=review-note-${position}]`)).includes("一覧で示して"), "the reviewer's words are at the question");
  await supplier.check(`input[name=a-${position}][value=implemented]`);
  await supplier.click("[data-testid=save-next]");
  await supplier.waitForLoadState("load");
  const saved = await supplier.$("[data-testid=problem]");
  check(!saved, `saving the changed answer: ${saved && (await saved.textContent())}`);
  await phone.close();

  // The reviewer sees the change flagged, with the answer it replaced.
  await page.reload();
  await looked(page, "review-with-a-change", "desktop");
  check((await page.textContent(`${card} [data-testid=state]`)).includes("変更あり"), "the changed answer is flagged");
  check((await page.textContent(`[data-testid=previous-${position}]`)).includes("該当しない"), "the earlier answer is shown");
  check(!(await page.$("[data-testid=accept-remaining]")), "a changed answer is not accepted in bulk: it is read again");
  const order = await page.$$eval("section.question", (s) => s.map((e) => [e.dataset.key, e.querySelector("[data-testid=state]").textContent.trim()]));
  const changedAt = order.findIndex(([key]) => key === SHARING);
  const firstAccepted = order.findIndex(([, state]) => state === "認めた");
  check(changedAt < firstAccepted, `the changed answer comes before the accepted ones: ${order.map((o) => o.join(":")).join(", ")}`);

  // The same page on a phone: readable, nothing sideways.
  const small = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
  const onPhone = await small.newPage();
  await signIn(onPhone, accounts.reviewer);
  await onPhone.goto(page.url());
  await looked(onPhone, "review", "phone");
  await small.close();

  console.log(`reviewer journey on a desktop: ${states.length} answers decided in ${decideSteps} steps ` +
    `(sign-in, one answer sent back after a refused empty comment, one question, the rest accepted at once) in ${decideSeconds} s`);
  await desk.close();
} finally {
  await browser.close();
}
