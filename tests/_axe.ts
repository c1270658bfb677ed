// axe-core (from npm) run inside a puppeteer-core page: WCAG 2.0/2.1 A and AA plus best practice.
import axe from "axe-core";
import type { Page } from "puppeteer-core";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The violations axe-core finds on the page as it is now (axe is injected once per document). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => "axe" in globalThis);
  // Evaluated as a DevTools expression, which the page's own CSP does not bind.
  if (!loaded) await page.evaluate(axe.source);
  return await page.evaluate(async (tags) => {
    // deno-lint-ignore no-explicit-any
    const run = (globalThis as any).axe.run as (ctx: unknown, opts: unknown) => Promise<any>;
    // Only violations: passes and incomplete results are most of axe's time on a large page.
    const result = await run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    // deno-lint-ignore no-explicit-any
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // deno-lint-ignore no-explicit-any
      targets: v.nodes.map((n: any) => `${n.target.join(" ")} — ${n.failureSummary ?? ""}`),
    }));
  }, TAGS);
}

/** Fails with every violation on the page, each with the elements it concerns. */
export async function expectNoViolations(page: Page, label: string): Promise<number> {
  const found = await axeViolations(page);
  if (found.length) {
    const lines = found.map((v) =>
      `  ${v.id} (${v.impact}): ${v.help}\n${v.targets.map((t) => `    ${t}`).join("\n")}`
    );
    throw new Error(`axe-core on ${label}: ${found.length} rule(s) violated\n${lines.join("\n")}`);
  }
  return found.length;
}
