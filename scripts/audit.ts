// `deno task audit`: Lighthouse 12.2.3 (pinned: later majors need a newer Node than 20) against a
// started server — every starter as published and the app's public pages (a seeded seller's
// storefront among them) — on mobile and desktop, printing the four category scores per page.
// Lighthouse is installed with npm into tools/ (git-ignored) on first use; Chromium comes from
// CHROME_PATH (default /usr/bin/chromium). AUDIT_ONLY=mobile|desktop runs one form factor;
// AUDIT_PAGES=home,saas,… picks pages by label; AUDIT_RUNS=3 audits each page three times and
// prints the median of each category (simulated throttling still wobbles a point on a busy host);
// AUDIT_SAVE=dir keeps every full JSON report there.
import { startServer } from "../main.ts";
import { STARTERS } from "../lib/pages/starters.ts";
import { freePort, waitReady } from "../bench/http.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/seed/index.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const LH_DIR = `${ROOT}tools/lighthouse`;
const LH_VERSION = "12.2.3";
const LH_CLI = `${LH_DIR}/node_modules/lighthouse/cli/index.js`;
const CHROME = Deno.env.get("CHROME_PATH") ?? "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const SELLER = { email: "audit-seller@example.com", password: "audit-password-1", name: "Ada" };

async function ensureLighthouse() {
  try {
    const pkg = JSON.parse(
      await Deno.readTextFile(`${LH_DIR}/node_modules/lighthouse/package.json`),
    );
    if (pkg.version === LH_VERSION) return;
  } catch { /* not installed yet */ }
  await Deno.mkdir(LH_DIR, { recursive: true });
  console.error(`installing lighthouse@${LH_VERSION} into tools/lighthouse …`);
  const out = await new Deno.Command("npm", {
    args: ["install", "--prefix", LH_DIR, "--no-audit", "--no-fund", `lighthouse@${LH_VERSION}`],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error("npm install lighthouse failed");
}

async function api(
  origin: string,
  path: string,
  body: unknown,
  token?: string,
  method = "POST",
) {
  const res = await fetch(origin + path, {
    method,
    headers: {
      "content-type": "application/json",
      origin,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

type Scores = Record<(typeof CATEGORIES)[number], number>;

async function lighthouse(
  url: string,
  desktop: boolean,
): Promise<{ scores: Scores; fails: string[]; metrics: string }> {
  const args = [
    LH_CLI,
    url,
    "--output=json",
    "--output-path=stdout",
    "--quiet",
    `--only-categories=${CATEGORIES.join(",")}`,
    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ...(desktop ? ["--preset=desktop"] : []),
  ];
  const out = await new Deno.Command("node", {
    args,
    env: { CHROME_PATH: CHROME },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`lighthouse ${url}: ${new TextDecoder().decode(out.stderr).slice(-800)}`);
  }
  const text = new TextDecoder().decode(out.stdout);
  const report = JSON.parse(text);
  // AUDIT_SAVE=dir keeps each full report, to read what the summary below leaves out.
  const save = Deno.env.get("AUDIT_SAVE");
  if (save) {
    await Deno.mkdir(save, { recursive: true });
    const name = `${new URL(url).host.split(".")[0]}${new URL(url).pathname.replaceAll("/", "_")}`;
    await Deno.writeTextFile(
      `${save}/${name}-${desktop ? "desktop" : "mobile"}-${Date.now()}.json`,
      text,
    );
  }
  const scores = Object.fromEntries(
    CATEGORIES.map((c) => [c, Math.round((report.categories[c]?.score ?? 0) * 100)]),
  ) as Scores;
  // What kept a category under 100: the failing audits that carry weight in it.
  const fails: string[] = [];
  for (const c of CATEGORIES) {
    for (const ref of report.categories[c]?.auditRefs ?? []) {
      const audit = report.audits[ref.id];
      if (ref.weight > 0 && audit?.score !== null && audit?.score < 1) {
        fails.push(`${c}: ${ref.id} (${audit.score})`);
      }
    }
  }
  // The lab metrics behind the performance score, to see which one moved.
  const metrics = [
    "first-contentful-paint",
    "largest-contentful-paint",
    "speed-index",
    "total-blocking-time",
  ]
    .map((id) =>
      `${id.split("-").map((w) => w[0]).join("").toUpperCase()} ${
        Math.round(report.audits[id]?.numericValue ?? 0)
      } ms`
    ).join(", ");
  return { scores, fails, metrics };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (import.meta.main) {
  await ensureLighthouse();
  const port = freePort();
  const server = await startServer({
    ...Deno.env.toObject(),
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    DENO_KV_PATH: ":memory:",
    LOG_LEVEL: "warn",
    SCREENSHOTS: "0",
    REGISTER_RATE_PER_10MIN: "0",
  }, { quiet: true });
  const origin = server.origin;
  try {
    await waitReady(`${origin}/api/health`);
    const { accessToken } = await api(origin, "/api/auth/register", SELLER);
    const pages: { label: string; url: string }[] = [];
    // The blank starter paints nothing (no blocks), which Lighthouse refuses to score (NO_FCP).
    for (const s of STARTERS.filter((s) => s.id !== "blank")) {
      const slug = `audit-${s.id}`;
      const { page } = await api(origin, "/api/pages", {
        name: s.name,
        slug,
        templateId: s.id,
      }, accessToken);
      await api(origin, `/api/pages/${page.id}/publish`, {}, accessToken);
      pages.push({ label: `starter ${s.id}`, url: `http://${slug}.${server.config.sitesDomain}/` });
    }
    const listings = await (await fetch(`${origin}/api/marketplace`)).json();
    const listing = listings.items?.[0]?.id;
    // A storefront with templates on sale: a seeded seller (who has approved listings) takes a
    // handle and a bio, as a seller would in account settings.
    const seeded = DEMO_USERS.find((u) => u.role === "user")!;
    const login = await api(origin, "/api/auth/login", {
      email: seeded.email,
      password: DEMO_PASSWORD,
    });
    const { profile } = await api(
      origin,
      "/api/sellers/me",
      {
        handle: "audit-sam",
        bio: "Landing pages for SaaS launches and mobile apps, tuned for conversion.",
      },
      login.accessToken,
      "PUT",
    );
    pages.push(
      { label: "home", url: `${origin}/` },
      { label: "marketplace", url: `${origin}/marketplace` },
      ...(listing ? [{ label: "listing", url: `${origin}/marketplace/${listing}` }] : []),
      { label: "storefront", url: `${origin}/s/${profile.handle}` },
      { label: "sign in", url: `${origin}/auth/login` },
      { label: "sign up", url: `${origin}/auth/register` },
    );
    const only = Deno.env.get("AUDIT_PAGES")?.split(",");
    const forms = (Deno.env.get("AUDIT_ONLY") ?? "mobile,desktop").split(",");
    const repeat = Math.max(1, Number(Deno.env.get("AUDIT_RUNS")) || 1);
    const rows: string[] = [
      "| page | form factor | performance | accessibility | best practices | SEO |",
      "| --- | --- | --- | --- | --- | --- |",
    ];
    for (const p of pages) {
      if (only && !only.some((o) => p.label.includes(o))) continue;
      // A served page is warm: the first render of each route after start (module and JIT
      // warm-up, 100+ ms) is not what a visitor of a running server waits for, and Lighthouse
      // counts the document's observed response time into its simulated paint times.
      const u = new URL(p.url);
      for (let i = 0; i < 3; i++) {
        const warm = await fetch(`http://127.0.0.1:${u.port}${u.pathname}`, {
          headers: { host: u.host, "user-agent": "audit warm-up bot" },
        });
        await warm.arrayBuffer();
      }
      for (const form of forms) {
        try {
          const runs: Scores[] = [];
          for (let i = 0; i < repeat; i++) {
            const { scores, fails, metrics } = await lighthouse(p.url, form === "desktop");
            runs.push(scores);
            console.error(
              `  ${p.label} ${form} #${i + 1}: ${CATEGORIES.map((c) => scores[c]).join("/")}`,
              `(${metrics})${fails.length ? `\n    ${fails.join("\n    ")}` : ""}`,
            );
          }
          const med = CATEGORIES.map((c) => median(runs.map((r) => r[c])));
          rows.push(`| ${p.label} | ${form} | ${med.join(" | ")} |`);
          console.error(rows.at(-1));
        } catch (err) {
          // One page Lighthouse cannot score does not hide the others' figures.
          rows.push(`| ${p.label} | ${form} | error | error | error | error |`);
          console.error(rows.at(-1), String(err).slice(0, 300));
        }
      }
    }
    console.log(rows.join("\n"));
  } finally {
    await server.close();
  }
}
