// The buyer's admin's journey, on a phone (375x667), in Japanese, signed in as さくら精機's
// 管理者: invite a new supplier — first with a mistyped 法人番号, which is refused in Japanese with
// everything typed kept — end the relationship with 東和電子 through a confirmation page that says
// what stops, and read the organisation's audit log in words, filtered to relationships and
// downloaded as CSV. Every page: no sideways scroll, no English sentence. Prints the steps and
// the machine time, for BENCHMARKS.md. Run by crates/server/tests/browser.rs.
import { PHONE, Steps, accounts, base, check, launch, looked, nav, signIn } from "./lib.mjs";

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
  const page = await context.newPage();
  const steps = new Steps();

  await signIn(page, accounts.buyer, steps);
  await looked(page, "home", "phone");
  check(await page.isVisible("[data-testid=home-admin]"), "the admin's home shows what waits for an admin");
  await steps.do(() => nav(page, "relations"));
  await looked(page, "relationships", "phone");

  // An invitation with a mistyped corporate number: refused, nothing typed is lost.
  const form = "[data-testid=invite-firm]";
  await steps.do(() => page.fill(`${form} #firm_name`, "みどり金型株式会社"));
  await steps.do(() => page.fill(`${form} #corporate_number`, "1234567890123"));
  await steps.do(() => page.fill(`${form} #email`, "info@midori-kanagata.example"));
  await steps.do(() => page.click(`${form} button[type=submit]`));
  await page.waitForLoadState("load");
  await looked(page, "invitation-refused", "phone");
  check((await page.textContent("[data-testid=problem]")).includes("法人番号"), "the problem names the corporate number");
  check((await page.inputValue(`${form} #firm_name`)) === "みどり金型株式会社", "the firm's name is kept");
  check((await page.inputValue(`${form} #email`)) === "info@midori-kanagata.example", "the address is kept");
  await steps.do(() => page.fill(`${form} #corporate_number`, ""));
  await steps.do(() => page.click(`${form} button[type=submit]`));
  await page.waitForLoadState("load");
  await looked(page, "invited", "phone");
  check((await page.textContent("[data-testid=invitations]")).includes("info@midori-kanagata.example"), "the invitation is listed");
  const inviteSteps = steps.count;

  // Ending a relationship: a confirmation page says what stops, then it is done.
  const row = page.locator("[data-testid=relationships] tr", { hasText: "東和電子" });
  await steps.do(() => row.locator("a.danger-link").click());
  await page.waitForLoadState("load");
  await looked(page, "confirm-end", "phone");
  const consequences = await page.textContent("[data-testid=consequences]");
  check(consequences.includes("東和電子") && consequences.includes("見られなくなります"), `the page says what stops: ${consequences}`);
  await steps.do(() => page.click("[data-testid=confirm]"));
  await page.waitForLoadState("load");
  await looked(page, "relationship-ended", "phone");
  const state = await page.locator("[data-testid=relationships] tr", { hasText: "東和電子" }).textContent();
  check(state.includes("解消済み"), `the relationship shows as ended: ${state}`);

  // The audit log, in words, filtered to relationships.
  await steps.do(() => nav(page, "org"));
  await steps.do(() => page.click("a[href='/org/audit']"));
  await page.waitForLoadState("load");
  await looked(page, "audit", "phone");
  await steps.do(() => page.selectOption("[data-testid=audit-filter] select[name=kind]", "relationships"));
  await steps.do(() => page.click("[data-testid=audit-filter] button"));
  await page.waitForLoadState("load");
  await looked(page, "audit-relationships", "phone");
  const lines = await page.$$eval("[data-testid=org-audit] li", (l) => l.map((e) => e.textContent.trim()));
  check(lines.some((l) => l.includes("東和電子") && l.includes("解消しました")), `the log says who ended what: ${lines.join(" | ")}`);
  check(lines.every((l) => !l.includes("共有を止めました")), "the filter keeps to relationships");
  const csvHref = await page.getAttribute("[data-testid=audit-csv]", "href");
  const csv = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return { type: r.headers.get("content-type"), text: await r.text(), bom: new Uint8Array(await (await fetch(u)).arrayBuffer()).slice(0, 3).join(",") };
  }, base + csvHref);
  check(csv.type.startsWith("text/csv"), `the download is CSV: ${csv.type}`);
  check(csv.bom === "239,187,191", "the CSV starts with a BOM, so that Excel reads it as UTF-8");
  check(csv.text.includes("解消しました"), "the CSV has the same sentences");

  console.log(`buyer admin journey on a phone: invitation (after a refused number) in ${inviteSteps} steps; ` +
    `invitation, ending a relationship and reading the audit log: ${steps.count} steps in ${steps.seconds()} s`);
  await context.close();
} finally {
  await browser.close();
}
