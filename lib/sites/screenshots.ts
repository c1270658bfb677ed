// Screenshots of published pages with Debian's Chromium (puppeteer-core). Without Chromium the
// callers keep their placeholder.
import { config } from "../config.ts";

/** A 1200×750 PNG of `url`, or null when Chromium is not installed or screenshots are off. */
export async function screenshot(url: string): Promise<Uint8Array | null> {
  if (!config().screenshots) return null;
  try {
    await Deno.stat(config().chromePath);
  } catch {
    return null;
  }
  const { default: puppeteer } = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    executablePath: config().chromePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP *.localhost 127.0.0.1",
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 750 });
    await page.goto(url, { waitUntil: "load", timeout: 15_000 });
    return await page.screenshot({ type: "png" });
  } finally {
    await browser.close();
  }
}
