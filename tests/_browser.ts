// Headless Chromium for browser tests (Debian's chromium, driven by puppeteer-core).
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { startTestServer, type TestServer } from "./_helpers.ts";

export const chromePath = Deno.env.get("CHROME_PATH") ?? "/usr/bin/chromium";

export function hasChromium(): boolean {
  try {
    return Deno.statSync(chromePath).isFile;
  } catch {
    return false;
  }
}

export const screenshotDir = new URL("../tests/screenshots/", import.meta.url).pathname;

/** Chromium, with the screenshot folder ready (it is not in git, and tests run in parallel). */
export async function launchBrowser(): Promise<Browser> {
  await Deno.mkdir(screenshotDir, { recursive: true });
  return await puppeteer.launch({
    executablePath: chromePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP *.localhost 127.0.0.1",
    ],
  });
}

/** A page signed in as `email`, in its own browser context (its own cookie jar). */
export async function signedIn(
  browser: Browser,
  origin: string,
  email: string,
  password: string,
): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${origin}/auth/login`);
  await page.type("input[name=email]", email);
  await page.type("input[name=password]", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  return page;
}

/**
 * A Chromium test against its own test server (started with `env`), skipped where Chromium is
 * not installed; the browser and the server are closed however the test ends.
 */
export function browserTest(
  name: string,
  env: Record<string, string>,
  fn: (server: TestServer, browser: Browser) => Promise<void>,
) {
  Deno.test({
    name,
    ignore: !hasChromium(),
    // puppeteer keeps sockets and timers of its own between steps
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const server = await startTestServer(env);
      const browser = await launchBrowser();
      try {
        await fn(server, browser);
      } finally {
        await browser.close();
        await server.close();
      }
    },
  });
}
