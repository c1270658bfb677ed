// /sitemap.xml and /robots.txt of the app's host (published sites have their own, routes/sites/):
// the public pages, listings on sale and storefronts, streamed as lib/market reads them.
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/index.ts";
import { config } from "../lib/config.ts";
import { publicPaths } from "../lib/market/index.ts";
import { publicRoute } from "../lib/http/session.ts";

const app = new Hono<AppEnv>();

const xmlEscape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[ch]!,
  );

app.get("/robots.txt", publicRoute, (c) => {
  const origin = config().appOrigin;
  c.header("cache-control", "public, max-age=3600");
  // The signed-in console and the API are no use to a search engine.
  return c.text(
    "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /dashboard\nDisallow: /pages\n" +
      "Disallow: /admin\nDisallow: /account\nDisallow: /checkout\n" +
      `Sitemap: ${origin}/sitemap.xml\n`,
  );
});

app.get("/sitemap.xml", publicRoute, () => {
  const origin = config().appOrigin;
  const encoder = new TextEncoder();
  const paths = publicPaths();
  const body = new ReadableStream<Uint8Array>({
    start(ctl) {
      ctl.enqueue(encoder.encode(
        `<?xml version="1.0" encoding="UTF-8"?>\n` +
          `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n`,
      ));
    },
    async pull(ctl) {
      // A few hundred URLs per pull: the reader's pace sets how much is held at once.
      let chunk = "";
      for (let i = 0; i < 200; i++) {
        const next = await paths.next();
        if (next.done) {
          ctl.enqueue(encoder.encode(chunk + "</urlset>\n"));
          ctl.close();
          return;
        }
        chunk += `<url><loc>${xmlEscape(origin + next.value)}</loc></url>\n`;
      }
      ctl.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await paths.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/xml; charset=utf-8",
      "cache-control": "public, max-age=600",
    },
  });
});

export default app;
