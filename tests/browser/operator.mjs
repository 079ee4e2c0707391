// The operator's journey, on a desktop (1280x800) and a phone, in Japanese: from the operator's
// home, find the guidelines among the tools, try to import a file that is no catalog (refused
// with a Japanese sentence and the parser's detail as code), then import a guideline in the
// simple form and see it listed. Every page: no sideways scroll, no English sentence. Run by
// crates/server/tests/browser.rs.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DESKTOP, PHONE, Steps, accounts, check, launch, looked, nav, signIn } from "./lib.mjs";

const dir = mkdtempSync(join(tmpdir(), "kakehashi-catalogs-"));
const notACatalog = join(dir, "memo.json");
writeFileSync(notACatalog, JSON.stringify({ memo: "これはカタログではありません" }));
const guideline = join(dir, "kumiai-kihon.yaml");
writeFileSync(guideline, [
  "title: 組合の基本対策（試し）",
  'version: "2026-12"',
  "issuer: 試しの組合",
  "language: ja",
  "items:",
  "  - id: a",
  '    label: "1"',
  "    title: {ja: 責任者を決める, en: Name who is responsible}",
  "  - id: b",
  '    label: "2"',
  "    title: {ja: 更新を続ける, en: Keep software updated}",
  "",
].join("\n"));

const browser = await launch();
try {
  for (const [size, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    const context = await browser.newContext({ viewport, locale: "ja-JP" });
    const page = await context.newPage();
    const steps = new Steps();
    await signIn(page, accounts.operator, steps);
    await looked(page, "home", size);
    check(await page.isVisible("[data-testid=home-operator]"), "the operator's home shows the system's state");
    await steps.do(() => nav(page, "tools"));
    await looked(page, "tools", size);
    await steps.do(() => page.click("a[href='/catalogs']"));
    await page.waitForLoadState("load");
    await looked(page, "catalogs", size);
    if (size === "desktop") {
      await steps.do(() => page.setInputFiles("#catalog", notACatalog));
      await steps.do(() => page.click("form[action^='/operator/catalogs'] button[type=submit]"));
      await page.waitForLoadState("load");
      await looked(page, "catalog-refused", size);
      const problem = await page.textContent("[data-testid=import-problem]");
      check(problem.includes("memo.json") && problem.includes("読み取れませんでした"), `refused in Japanese: ${problem}`);
      check(await page.isVisible("[data-testid=import-problem] code"), "the parser's detail is shown as code");
      await steps.do(() => page.setInputFiles("#catalog", guideline));
      await steps.do(() => page.click("form[action^='/operator/catalogs'] button[type=submit]"));
      await page.waitForLoadState("load");
      await looked(page, "catalog-imported", size);
      check((await page.textContent("[data-testid=catalogs]")).includes("組合の基本対策（試し）"), "the guideline is listed");
      console.log(`operator journey on a desktop: a refused file and an imported guideline in ${steps.count} steps in ${steps.seconds()} s`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
