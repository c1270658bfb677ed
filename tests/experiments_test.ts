// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// A/B experiments (shared/API.md "Experiments") over real HTTP: visitors are simulated by
// X-Forwarded-For addresses (TRUST_PROXY=1). Split shares follow the weights, assignment is
// sticky without a cookie, each variant has its own ETag, a lead from a variant is its
// conversion, stop serves the page as before, promote makes a variant the page, the bandit moves
// traffic to the better variant; other users get 404s and bad input 4xx.
import assert from "node:assert/strict";
import { hostRequest, startTestServer, type TestServer } from "./_helpers.ts";
import { formBlock, hero, publishedPage, UA, variantOf } from "./_experiments.ts";
import { addToCounter, flushBuffered, keys, kv } from "../lib/kv/index.ts";
import { refreshPage } from "../lib/experiments/index.ts";
import {
  credibleInterval,
  probabilityToBeBest,
  visitorsStillNeeded,
} from "../lib/experiments/stats.ts";

function visit(server: TestServer, slug: string, ip: string, headers: Record<string, string> = {}) {
  return hostRequest(server.port, `${slug}.${server.sitesDomain}`, "/", {
    headers: { "user-agent": UA, "x-forwarded-for": ip, ...headers },
  });
}

const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** Visit with `count` distinct addresses (a few at a time); the variant each one saw. */
async function visitors(server: TestServer, slug: string, count: number, from = 0) {
  const seen: string[] = new Array(count);
  for (let i = 0; i < count; i += 25) {
    await Promise.all(Array.from({ length: Math.min(25, count - i) }, async (_, j) => {
      const res = await visit(server, slug, ipOf(from + i + j));
      assert.equal(res.status, 200);
      seen[i + j] = variantOf(res.text)!;
    }));
  }
  return seen;
}

Deno.test("experiments: split shares, stickiness, ETags, conversions, stop and promote", async () => {
  const server = await startTestServer({ TRUST_PROXY: "1", FORM_RATE_PER_MINUTE: "0" });
  try {
    const owner = server.client();
    await owner.register();
    const pageId = await publishedPage(owner, "ab-split");
    const before = await visit(server, "ab-split", "10.0.0.1");
    assert.equal(variantOf(before.text), null, "no experiment: the page as published");

    const created = await owner.post(`/api/pages/${pageId}/experiments`, {
      name: "Headline test",
      mode: "split",
      variants: [
        { name: "Control", weight: 30 },
        { name: "Bold", weight: 70, content: { blocks: [hero("Bold headline"), formBlock] } },
      ],
    });
    assert.equal(created.status, 201, created.text);
    const exp = created.body.experiment;
    assert.equal(exp.status, "draft");
    const [control, bold] = exp.variants;
    const base = `/api/pages/${pageId}/experiments/${exp.id}`;
    assert.equal((await owner.post(`${base}/start`)).body.experiment.status, "running");

    // 1,000 visitors: the shares follow the weights within ±5 points.
    const seen = await visitors(server, "ab-split", 1000);
    const boldShare = seen.filter((v) => v === bold.id).length / 1000;
    assert.ok(seen.every((v) => v === bold.id || v === control.id), "every visitor sees a variant");
    assert.ok(Math.abs(boldShare - 0.7) <= 0.05, `bold share ${boldShare}`);

    // Sticky: the same address and User-Agent see the same variant on every visit.
    for (let n = 0; n < 40; n++) {
      const again = variantOf((await visit(server, "ab-split", ipOf(n))).text);
      assert.equal(again, seen[n], `visitor ${n} stays on their variant`);
    }
    // Visitors are unique: the revisits above are not counted again.
    await flushBuffered();
    let view = (await owner.get(base)).body.experiment;
    const byId = (v: any[], id: string) => v.find((x) => x.id === id);
    assert.equal(byId(view.variants, bold.id).visitors, seen.filter((v) => v === bold.id).length);
    assert.equal(
      byId(view.variants, control.id).visitors,
      seen.filter((v) => v === control.id).length,
    );

    // Bots and HEAD requests are shown a variant but are not its visitors.
    const total = async () => {
      await flushBuffered();
      const v = (await owner.get(base)).body.experiment.variants;
      return v.reduce((s: number, x: any) => s + x.visitors, 0);
    };
    assert.equal(await total(), 1000);
    const bot = await visit(server, "ab-split", "10.200.0.1", { "user-agent": "Googlebot/2.1" });
    assert.ok(variantOf(bot.text));
    await hostRequest(server.port, `ab-split.${server.sitesDomain}`, "/", {
      method: "HEAD",
      headers: { "user-agent": UA, "x-forwarded-for": "10.200.0.2" },
    });
    assert.equal(await total(), 1000);

    // Each variant has its own ETag; a revalidation gets a 304.
    const boldIp = ipOf(seen.indexOf(bold.id));
    const controlIp = ipOf(seen.indexOf(control.id));
    const boldPage = await visit(server, "ab-split", boldIp);
    const controlPage = await visit(server, "ab-split", controlIp);
    assert.match(boldPage.text, /Bold headline/);
    assert.match(controlPage.text, /Original headline/);
    assert.notEqual(boldPage.headers.etag, controlPage.headers.etag);
    const revalidated = await visit(server, "ab-split", boldIp, {
      "if-none-match": String(boldPage.headers.etag),
    });
    assert.equal(revalidated.status, 304);

    // A lead from a bold visitor is a conversion for bold, in the lead's commit (a `_variant` that
    // is not their variant changes nothing: tests/experiments_conversion_test.ts).
    const post = (body: Record<string, string>) =>
      hostRequest(server.port, `ab-split.${server.sitesDomain}`, "/forms/signup", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "user-agent": UA,
          "x-forwarded-for": boldIp,
        },
        body: new URLSearchParams(body).toString(),
      });
    assert.equal((await post({ email: "a@example.com", _variant: bold.id })).status, 303);
    assert.equal((await post({ email: "b@example.com", _variant: "not-a-variant" })).status, 303);
    view = (await owner.get(base)).body.experiment;
    assert.equal(byId(view.variants, bold.id).conversions, 2);
    assert.equal(byId(view.variants, control.id).conversions, 0);
    assert.ok(byId(view.variants, bold.id).conversionRate > 0);
    const p = view.variants.reduce((s: number, v: any) => s + v.probabilityToBeBest, 0);
    assert.ok(Math.abs(p - 1) < 1e-9, "probabilities to be best sum to 1");
    assert.equal(view.winner, null, "two conversions are not enough for a call");
    assert.equal((await owner.get(`/api/pages/${pageId}/leads`)).body.items.length, 2);

    // One running experiment per page.
    const second = (await owner.post(`/api/pages/${pageId}/experiments`, {
      name: "Second",
      mode: "split",
      variants: [{ name: "A", weight: 50 }, { name: "B", weight: 50 }],
    })).body.experiment;
    const clash = await owner.post(`/api/pages/${pageId}/experiments/${second.id}/start`);
    assert.equal(clash.status, 409, clash.text);

    // Stopped: the page is served exactly as before the experiment.
    assert.equal((await owner.post(`${base}/stop`)).body.experiment.status, "stopped");
    const after = await visit(server, "ab-split", boldIp);
    assert.equal(after.text, before.text);
    assert.equal(after.headers.etag, before.headers.etag);

    // Promote: the bold variant becomes the page, republished; the experiment ends.
    const promoted = await owner.post(`${base}/promote`, { variantId: bold.id });
    assert.equal(promoted.status, 200, promoted.text);
    assert.equal(promoted.body.experiment.status, "promoted");
    assert.equal(promoted.body.experiment.winner, bold.id);
    const page = (await owner.get(`/api/pages/${pageId}`)).body.page;
    assert.equal(page.content.blocks[0].props.headline, "Bold headline");
    const live = await visit(server, "ab-split", controlIp);
    assert.match(live.text, /Bold headline/);
    assert.equal(variantOf(live.text), null);
    assert.equal((await owner.post(`${base}/start`)).status, 409, "a promoted experiment is over");
  } finally {
    await server.close();
  }
});

Deno.test("experiments: variant edits, other users' 404s and bad input", async () => {
  const server = await startTestServer({ TRUST_PROXY: "1" });
  try {
    const owner = server.client();
    await owner.register();
    const pageId = await publishedPage(owner, "ab-input");
    const exp = (await owner.post(`/api/pages/${pageId}/experiments`, {
      name: "One variant",
      mode: "split",
      variants: [{ name: "Challenger", weight: 50 }],
    })).body.experiment;
    assert.deepEqual(exp.variants.map((v: any) => v.name), ["Control", "Challenger"]);
    const base = `/api/pages/${pageId}/experiments/${exp.id}`;
    const vid = exp.variants[1].id;

    // The editor saves a variant's content with its version; a stale version is a 409.
    const content = { blocks: [hero("Edited variant"), formBlock] };
    const saved = await owner.put(`${base}/variants/${vid}`, { content, version: 1 });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.page.version, 2);
    assert.equal(saved.body.page.content.blocks[0].props.headline, "Edited variant");
    assert.equal((await owner.put(`${base}/variants/${vid}`, { content, version: 1 })).status, 409);

    // A form only the variant has (added in its editor) takes leads from that variant's page.
    const onlyB = { ...formBlock, id: "only-b" };
    const v2 = await owner.put(`${base}/variants/${vid}`, {
      content: { blocks: [hero("Edited variant"), onlyB] },
      version: 2,
    });
    assert.equal(v2.status, 200, v2.text);
    assert.equal((await owner.post(`${base}/start`)).status, 200);
    // A visitor assigned to the variant (only they can reach its own form).
    let vIp = "";
    for (let n = 1; n < 100 && !vIp; n++) {
      if (variantOf((await visit(server, "ab-input", ipOf(n))).text) === vid) vIp = ipOf(n);
    }
    assert.ok(vIp, "some visitor is assigned to the variant");
    const send = (body: Record<string, string>) =>
      hostRequest(server.port, `ab-input.${server.sitesDomain}`, "/forms/only-b", {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": UA, "x-forwarded-for": vIp },
        body: JSON.stringify(body),
      });
    assert.equal((await send({ email: "x@example.com" })).status, 404, "not a form of the page");
    const sent = await send({ email: "x@example.com", _variant: vid });
    assert.equal(sent.status, 201, sent.text);
    const counted = (await owner.get(base)).body.experiment.variants[1];
    assert.equal(counted.conversions, 1);
    assert.equal((await owner.post(`${base}/stop`)).status, 200);

    // Another user's page or experiment is a 404, for every route.
    const other = server.client();
    await other.register();
    const otherPage = (await other.post("/api/pages", { name: "Theirs" })).body.page;
    for (
      const res of [
        await other.get(base),
        await other.post(`${base}/start`),
        await other.post(`${base}/stop`),
        await other.post(`${base}/promote`, { variantId: vid }),
        await other.put(`${base}/variants/${vid}`, { content, version: 2 }),
        await other.post(`/api/pages/${pageId}/experiments`, {
          name: "x",
          mode: "split",
          variants: [{ name: "A", weight: 1 }],
        }),
        await owner.get(`/api/pages/${otherPage.id}/experiments/${exp.id}`),
      ]
    ) assert.equal(res.status, 404, res.text);

    // Bad input: 4xx with the field named, never a 500.
    const create = (body: unknown) => owner.post(`/api/pages/${pageId}/experiments`, body);
    for (
      const body of [
        { name: "x", mode: "random", variants: [{ name: "A", weight: 1 }] },
        { name: "x", mode: "split", variants: [] },
        { name: "x", mode: "split", variants: [{ name: "A", weight: -1 }] },
        {
          name: "x",
          mode: "split",
          variants: [{ name: "A", weight: 0 }, { name: "B", weight: 0 }],
        },
        { name: "", mode: "split", variants: [{ name: "A", weight: 1 }] },
        {
          name: "x",
          mode: "split",
          variants: [{ name: "A", weight: 1, content: { blocks: [{ id: "a", type: "nope" }] } }],
        },
      ]
    ) {
      const res = await create(body);
      assert.equal(res.status, 422, `${JSON.stringify(body)} → ${res.status} ${res.text}`);
      assert.ok(res.body.error.fields, res.text);
    }
    const malformed = await owner.request("POST", `/api/pages/${pageId}/experiments`, {
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(malformed.status, 400);
    assert.equal((await owner.post(`${base}/promote`, { variantId: "nope" })).status, 422);
    assert.equal((await owner.post(`${base}/promote`, {})).status, 422);
    assert.equal((await owner.post(`${base}/stop`)).status, 200, "stopping twice is a no-op");
    const draft = (await owner.post(`/api/pages/${pageId}/experiments`, {
      name: "Draft",
      mode: "split",
      variants: [{ name: "B", weight: 1 }],
    })).body.experiment;
    assert.equal(
      (await owner.post(`/api/pages/${pageId}/experiments/${draft.id}/stop`)).status,
      409,
      "a draft cannot be stopped",
    );
    assert.equal((await owner.get(`/api/pages/${pageId}/experiments/nope`)).status, 404);
    // Weights are relative and names optional.
    const loose = await create({ name: "Loose", variants: [{ weight: 0.5 }, { weight: 0.5 }] });
    assert.equal(loose.status, 201, loose.text);
    assert.deepEqual(loose.body.experiment.variants.map((v: any) => v.name), [
      "Control",
      "Variant B",
    ]);
    assert.equal(loose.body.experiment.mode, "split");

    // Deleting the account deletes the experiments too (their variants copy the page's content).
    assert.equal(
      (await owner.request("DELETE", "/api/account", {
        json: { password: "password123" },
      })).status,
      204,
    );
    const left = await Array.fromAsync(kv().list({ prefix: keys.experiments(pageId) }));
    assert.equal(left.length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("experiments: bandit mode sends most traffic to the better variant", async () => {
  const server = await startTestServer({ TRUST_PROXY: "1" });
  try {
    const owner = server.client();
    await owner.register();
    const pageId = await publishedPage(owner, "ab-bandit");
    const exp = (await owner.post(`/api/pages/${pageId}/experiments`, {
      name: "Bandit",
      mode: "bandit",
      variants: [{ name: "A", weight: 50 }, { name: "B", weight: 50 }],
    })).body.experiment;
    await owner.post(`/api/pages/${pageId}/experiments/${exp.id}/start`);
    const [a, b] = exp.variants;
    // Evidence so far: B converts far better (what the counters would hold after a while).
    const op = kv().atomic();
    for (const [v, visitors, conversions] of [[a, 1000, 20], [b, 1000, 80]] as const) {
      addToCounter(op, keys.experimentVisitors(exp.id, v.id), visitors);
      addToCounter(op, keys.experimentConversions(exp.id, v.id), conversions);
    }
    await op.commit();
    await refreshPage(pageId); // the periodic recomputation of the shares
    const seen = await visitors(server, "ab-bandit", 300);
    const toB = seen.filter((v) => v === b.id).length / seen.length;
    assert.ok(toB > 0.95, `share of the better variant ${toB}`);
    const view = (await owner.get(`/api/pages/${pageId}/experiments/${exp.id}`)).body.experiment;
    assert.equal(view.winner, b.id);
    assert.ok(view.variants[1].probabilityToBeBest > 0.99);
    assert.equal(view.visitorsNeeded, 0);
  } finally {
    await server.close();
  }
});

Deno.test("experiment statistics: deterministic, sound intervals, traffic still needed", () => {
  const counts = [{ visitors: 200, conversions: 20 }, { visitors: 200, conversions: 30 }];
  const p = probabilityToBeBest(counts);
  assert.deepEqual(p, probabilityToBeBest(counts), "same counts, same figures");
  assert.ok(p[1] > 0.85 && p[1] < 0.99, `p = ${p}`);
  const [lo, hi] = credibleInterval(counts[0]);
  assert.ok(lo < 0.1 && hi > 0.1 && lo > 0.05 && hi < 0.16, `[${lo}, ${hi}]`);
  assert.ok(visitorsStillNeeded(counts, p) > 0, "not yet a sound call");
  assert.ok(
    visitorsStillNeeded([{ visitors: 0, conversions: 0 }, { visitors: 0, conversions: 0 }], [
      0.5,
      0.5,
    ]) >= 100,
  );
  // Large counts take the normal approximation: P(B best) for 5% vs 6% of 1,000 is Φ(0.98) ≈ 0.84.
  const big = probabilityToBeBest([{ visitors: 1000, conversions: 50 }, {
    visitors: 1000,
    conversions: 60,
  }]);
  assert.ok(big[1] > 0.8 && big[1] < 0.88, `p = ${big}`);
  const clear = [{ visitors: 2000, conversions: 100 }, { visitors: 2000, conversions: 200 }];
  assert.equal(visitorsStillNeeded(clear, probabilityToBeBest(clear)), 0);
});
