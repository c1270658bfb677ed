// Page analytics (shared/API.md "Analytics"): views and unique visitors counted on the server
// without a cookie, sources/campaigns/devices, leads attributed to the visit that showed the
// form, and GET /api/pages/:id/analytics (ranges, 422s, another user's page is a 404).
// deno-lint-ignore-file no-explicit-any
import assert from "node:assert/strict";
import { type Client, hostRequest, startTestServer, type TestServer } from "./_helpers.ts";
import { flushBuffered } from "../lib/kv/index.ts";
import { forgetInMemory } from "../lib/analytics/index.ts";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
const IPAD = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15";

const formBlock = {
  id: "signup",
  type: "form",
  props: {
    title: "Join",
    fields: [{ name: "email", label: "Email", type: "email", required: true }],
    submitText: "Join",
    successMessage: "Thanks!",
  },
};

async function publishedPage(server: TestServer, owner: Client, slug: string) {
  const page = (await owner.post("/api/pages", { name: slug, slug })).body.page;
  const put = await owner.put(`/api/pages/${page.id}`, {
    version: 1,
    content: { blocks: [formBlock] },
  });
  assert.equal(put.status, 200, put.text);
  assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
  const host = `${slug}.${server.sitesDomain}`;
  const visit = (path = "/", headers: Record<string, string> = {}, method = "GET") =>
    hostRequest(server.port, host, path, {
      method,
      headers: { "user-agent": FIREFOX, ...headers },
    });
  const analytics = async (query = "") => {
    await flushBuffered();
    const res = await owner.get(`/api/pages/${page.id}/analytics${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  return { page, host, visit, analytics };
}

Deno.test("analytics: views and visitors per day; bots, HEAD and previews never count", async () => {
  const server = await startTestServer({ TRUST_PROXY: "1" });
  try {
    const owner = server.client();
    await owner.register();
    const { visit, analytics } = await publishedPage(server, owner, "an-count");

    const first = await visit("/", { "x-forwarded-for": "203.0.113.1" });
    assert.equal(first.status, 200);
    const etag = String(first.headers.etag);
    // The same visitor again (200 and a 304 revalidation): two more views, still one visitor.
    await visit("/", { "x-forwarded-for": "203.0.113.1" });
    assert.equal(
      (await visit("/", { "x-forwarded-for": "203.0.113.1", "if-none-match": etag }))
        .status,
      304,
    );
    // Not counted: HEAD, a bot, the app's own preview frame.
    await visit("/", { "x-forwarded-for": "203.0.113.9" }, "HEAD");
    await visit("/", { "x-forwarded-for": "203.0.113.9", "user-agent": "Googlebot/2.1" });
    await visit("/", {
      "x-forwarded-for": "203.0.113.9",
      "sec-fetch-dest": "iframe",
      referer: `${server.origin}/marketplace/x`,
    });
    let report = await analytics();
    assert.equal(report.totals.views, 3);
    assert.equal(report.totals.visitors, 1);

    // Another address, another User-Agent: new visitors; sources, campaigns and devices.
    await visit("/?utm_source=Newsletter&utm_campaign=launch", {
      "x-forwarded-for": "203.0.113.2",
      "user-agent": IPHONE,
    });
    await visit("/", {
      "x-forwarded-for": "203.0.113.1",
      "user-agent": IPAD,
      referer: "https://news.example/x",
    });
    report = await analytics();
    assert.equal(report.totals.views, 5);
    assert.equal(report.totals.visitors, 3);
    assert.equal(report.days.length, 30, "the default range is the last 30 days");
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual(report.days.at(-1), { date: today, views: 5, visitors: 3, leads: 0 });
    const bySource = Object.fromEntries(report.sources.map((s: any) => [s.source, s.visitors]));
    assert.deepEqual(bySource, { direct: 1, newsletter: 1, "news.example": 1 });
    assert.deepEqual(report.campaigns, [{ utmCampaign: "launch", visitors: 1, leads: 0 }]);
    const devices = Object.fromEntries(report.devices.map((d: any) => [d.device, d.visitors]));
    assert.deepEqual(devices, { desktop: 1, mobile: 1, tablet: 1 });

    // A restart (or a second process) forgets the in-memory set: the KV markers keep visitors
    // unique, while views still count.
    forgetInMemory();
    await visit("/", { "x-forwarded-for": "203.0.113.1" });
    await visit("/", { "x-forwarded-for": "203.0.113.2", "user-agent": IPHONE });
    report = await analytics();
    assert.equal(report.totals.views, 7);
    assert.equal(report.totals.visitors, 3, "no visitor counted twice after a restart");
  } finally {
    await server.close();
  }
});

Deno.test("analytics: leads carry the source of the visit; the page stays cached for others", async () => {
  const server = await startTestServer({ TRUST_PROXY: "1" });
  try {
    const owner = server.client();
    await owner.register();
    const { page, host, visit, analytics } = await publishedPage(server, owner, "an-leads");

    // An ordinary visit: the prepared response with its ETag, no hidden inputs.
    const plain = await visit("/");
    assert.ok(plain.headers.etag);
    assert.doesNotMatch(plain.text, /name="_utm_|name="_ref"/);
    const inner = await visit("/", { referer: `http://${host}/thanks` });
    assert.ok(inner.headers.etag, "moving around the site itself is an ordinary visit");

    // From a campaign link on another site: the forms carry the source, the answer is private.
    const tagged = await visit(
      "/?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=a%22b",
      {
        referer: "https://www.google.com/",
        "x-forwarded-for": "198.51.100.7",
      },
    );
    assert.equal(tagged.status, 200);
    assert.equal(tagged.headers.etag, undefined);
    assert.equal(tagged.headers["cache-control"], "private, no-store");
    assert.match(tagged.text, /<input type="hidden" name="_ref" value="www.google.com">/);
    assert.match(tagged.text, /name="_utm_campaign" value="spring"/);
    assert.match(tagged.text, /name="_utm_term" value="a&#34;b"/, "values are escaped");

    // The visitor posts the form with what the page carried (and the experiment's variant).
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      hostRequest(server.port, host, "/forms/signup", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    const hidden = Object.fromEntries(
      [...tagged.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)]
        .map((m) => [m[1], m[2].replace("&#34;", '"')]),
    );
    assert.equal(
      (await post({ ...hidden, _variant: "v_B-2", email: "a@example.com" })).status,
      303,
    );
    // No hidden inputs, but the post's own Referer is the page with utm_* (same origin).
    assert.equal(
      (await post({ email: "b@example.com", _variant: "not a valid id!" }, {
        referer: `http://${host}/?utm_source=twitter&utm_campaign=spring`,
      })).status,
      303,
    );
    // A direct lead.
    assert.equal((await post({ email: "c@example.com" })).status, 303);

    const leads = (await owner.get(`/api/pages/${page.id}/leads`)).body.items;
    const byEmail = Object.fromEntries(leads.map((l: any) => [l.data.email, l.source]));
    assert.deepEqual(byEmail["a@example.com"], {
      referrer: "www.google.com",
      utmSource: "google",
      utmMedium: "cpc",
      utmCampaign: "spring",
      utmContent: null,
      utmTerm: 'a"b',
      variantId: "v_B-2",
    });
    assert.equal(byEmail["b@example.com"].utmSource, "twitter");
    assert.equal(byEmail["b@example.com"].variantId, null, "an implausible variant id is dropped");
    assert.deepEqual(byEmail["c@example.com"], {
      referrer: null,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      utmContent: null,
      utmTerm: null,
      variantId: null,
    });

    const report = await analytics();
    assert.equal(report.totals.leads, 3);
    assert.equal(report.days.at(-1).leads, 3);
    const sources = Object.fromEntries(report.sources.map((s: any) => [s.source, s]));
    assert.equal(sources.google.leads, 1);
    assert.equal(sources.google.visitors, 1);
    assert.equal(sources.twitter.leads, 1);
    assert.equal(sources.direct.leads, 1);
    assert.deepEqual(report.campaigns, [{ utmCampaign: "spring", visitors: 1, leads: 2 }]);
    assert.equal(
      report.totals.conversionRate,
      Math.round((3 / report.totals.visitors) * 1e4) / 1e4,
    );

    // The leads CSV has the source columns.
    const csv = (await owner.get(`/api/pages/${page.id}/leads.csv`)).text.trim().split("\r\n");
    assert.match(
      csv[0],
      /,status,tags,source,referrer,utmSource,utmMedium,utmCampaign,utmContent,utmTerm,variantId$/,
    );
    assert.ok(
      csv.some((l) => l.endsWith(`,google,www.google.com,google,cpc,spring,,"a""b",v_B-2`)),
      csv.join("\n"),
    );

    // A form shown back for a fix keeps the source inputs.
    const again = await post({ ...hidden, _variant: "v_B-2", email: "nope" });
    assert.equal(again.status, 422);
    assert.match(again.text, /name="_utm_source" value="google"/);
    assert.match(again.text, /name="_variant" value="v_B-2"/);
  } finally {
    await server.close();
  }
});

Deno.test("analytics API: ranges, 422 for bad dates, 404 for another user's page, CSV", async () => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register();
    const { page } = await publishedPage(server, owner, "an-api");
    const get = (q: string, who = owner) => who.get(`/api/pages/${page.id}/analytics${q}`);
    const week = await get("?from=2026-01-01&to=2026-01-07");
    assert.equal(week.status, 200);
    assert.deepEqual(week.body.days.map((d: any) => d.date), [
      "2026-01-01",
      "2026-01-02",
      "2026-01-03",
      "2026-01-04",
      "2026-01-05",
      "2026-01-06",
      "2026-01-07",
    ]);
    assert.deepEqual(week.body.totals, { views: 0, visitors: 0, leads: 0, conversionRate: 0 });
    assert.deepEqual(week.body.sources, []);
    assert.deepEqual(week.body.campaigns, []);
    for (
      const bad of [
        "?from=2026-02-30",
        "?to=yesterday",
        "?from=2026-03-01&to=2026-02-01",
        "?from=2024-01-01&to=2026-01-01",
      ]
    ) {
      const res = await get(bad);
      assert.equal(res.status, 422, bad);
      assert.equal(res.body.error.code, "validation_failed");
    }
    assert.equal((await get("?from=2025-01-01&to=2026-01-01")).status, 200, "366 days is allowed");
    const stranger = server.client();
    await stranger.register();
    assert.equal((await get("", stranger)).status, 404);
    assert.equal((await stranger.get(`/api/pages/${page.id}/analytics.csv`)).status, 404);
    const csv = await owner.get(
      `/api/pages/${page.id}/analytics.csv?from=2026-01-01&to=2026-01-02`,
    );
    assert.equal(csv.status, 200);
    assert.equal(
      csv.text,
      "date,views,visitors,leads,conversionRate\r\n2026-01-01,0,0,0,0\r\n2026-01-02,0,0,0,0\r\n",
    );
  } finally {
    await server.close();
  }
});

Deno.test("analytics: made-up sources beyond 200 a day are counted as (other)", async () => {
  const server = await startTestServer({ TRUST_PROXY: "1" });
  try {
    const owner = server.client();
    await owner.register();
    const { visit, analytics } = await publishedPage(server, owner, "an-cap");
    for (let i = 0; i < 210; i++) {
      await visit(`/?utm_source=s${i}`, { "x-forwarded-for": `198.18.0.${i}` });
    }
    const report = await analytics();
    assert.equal(report.totals.visitors, 210);
    const other = report.sources.find((s: any) => s.source === "(other)");
    assert.equal(other?.visitors, 10);
  } finally {
    await server.close();
  }
});
