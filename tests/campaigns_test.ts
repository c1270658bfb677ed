// Campaigns end to end on a file KV and the dev mailbox: 5,000 recipients across two pages get
// exactly one email each, through the queue, while the server is stopped mid-campaign and started
// again on the same store (no repeats, no gaps); leads who unsubscribed (by the one-click POST,
// without a session) or gave no consent or did not confirm get nothing; one person on two pages
// gets one copy; each email carries List-Unsubscribe headers, an HTML and a text part.
import assert from "node:assert/strict";
import { eventually, startTestServer, type TestServer } from "./_helpers.ts";
import { keys, kv, newId, nowIso } from "../lib/kv/index.ts";
import type { Lead } from "../lib/leads/index.ts";
import { getMail, type MailRecord, rawMessage } from "../lib/mail/index.ts";
import { campaignKeys, runBatch, unsubscribeUrl } from "../lib/campaigns/index.ts";

const ENV = { CAMPAIGN_RATE_PER_SECOND: "1000", FORM_RATE_PER_MINUTE: "0" };

/** Write `n` leads of `pageId` straight to KV (500 per commit), as submitLead stores them. */
async function seedLeads(
  pageId: string,
  n: number,
  make: (i: number) => Partial<Lead> & { data: Record<string, string> },
) {
  for (let start = 0; start < n; start += 500) {
    const op = kv().atomic();
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const lead: Lead = {
        id: newId(),
        pageId,
        blockId: "signup",
        status: "new",
        tags: [],
        submittedAt: nowIso(),
        ...make(i),
      };
      op.set(keys.lead(pageId, lead.id), lead);
    }
    const res = await op.commit();
    assert.ok(res.ok);
  }
}

async function campaignMail(campaignId: string): Promise<MailRecord[]> {
  const out: MailRecord[] = [];
  for await (const e of kv().list<MailRecord>({ prefix: keys.mailAll() }, { batchSize: 1000 })) {
    if (e.value.tag === `campaign:${campaignId}`) out.push(e.value);
  }
  return out;
}

const consent = { text: "Email me news", at: "2026-01-01T00:00:00.000Z" };

Deno.test("campaign to 5,000 leads: once each, unsubscribes respected, survives a restart", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/kv.sqlite3`;
  let server: TestServer | null = await startTestServer({ ...ENV, DENO_KV_PATH: path });
  try {
    const owner = server.client();
    const me = await owner.register("owner@example.com", "Olivia Owner");
    const pageA = (await owner.post("/api/pages", { name: "Alpha" })).body.page;
    const pageB = (await owner.post("/api/pages", { name: "Beta" })).body.page;
    const stranger = server.client();
    await stranger.register();
    const otherPage = (await stranger.post("/api/pages", { name: "Other" })).body.page;

    const t0 = performance.now();
    await seedLeads(
      pageA.id,
      3000,
      (i) => ({ data: { name: `A${i}`, email: `a${i}@x.test` }, consent }),
    );
    await seedLeads(
      pageB.id,
      2100,
      (i) => ({ data: { name: `B${i}`, email: `b${i}@x.test` }, consent }),
    );
    // Not reachable: no consent; double opt-in not confirmed; another owner's leads.
    await seedLeads(pageB.id, 50, (i) => ({ data: { email: `nc${i}@x.test` } }));
    await seedLeads(pageB.id, 20, (i) => ({
      data: { email: `p${i}@x.test` },
      consent,
      optIn: "pending",
    }));
    await seedLeads(otherPage.id, 10, (i) => ({ data: { email: `o${i}@x.test` }, consent }));
    // The same person on both pages: one copy.
    await seedLeads(pageB.id, 1, () => ({ data: { name: "Dup", email: "A7@X.test" }, consent }));
    const seedMs = performance.now() - t0;

    // 100 unsubscribe before the campaign, by the one-click POST (no cookie, no Origin).
    for (let i = 0; i < 100; i++) {
      const res = await fetch(await unsubscribeUrl(me.id, `b${i}@x.test`), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      assert.equal(res.status, 200, await res.text());
    }
    const forged = await fetch(`${server.origin}/email/unsubscribe/abc.def`, { method: "POST" });
    assert.equal(forged.status, 404);
    await forged.body?.cancel();

    const audience = await owner.get("/api/audience");
    assert.equal(audience.status, 200, audience.text);
    assert.equal(audience.body.count, 5171);
    assert.equal(audience.body.reachable, 5000);
    assert.equal((await owner.get(`/api/audience?pageId=${pageA.id}`)).body.count, 3000);
    assert.equal((await owner.get("/api/audience?consent=no")).body.count, 50);
    assert.equal((await owner.get("/api/audience?status=bogus")).status, 422);
    // Another user's page is a 404, in a count and in a campaign's filter.
    assert.equal((await owner.get(`/api/audience?pageId=${otherPage.id}`)).status, 404);
    const foreign = await owner.post("/api/campaigns", {
      subject: "x",
      body: "y",
      filter: { pageId: otherPage.id },
    });
    assert.equal(foreign.status, 404);

    const created = await owner.post("/api/campaigns", {
      subject: "News for {{name}}",
      body: "Hello {{name}},\n\nOur **spring** news: [read](https://example.com/news)",
    });
    assert.equal(created.status, 201, created.text);
    const id = created.body.campaign.id;
    assert.equal((await stranger.get(`/api/campaigns/${id}`)).status, 404);
    assert.equal((await stranger.post(`/api/campaigns/${id}/send`)).status, 404);

    const preview = await owner.post("/api/campaigns/preview", created.body.campaign);
    assert.equal(preview.status, 200);
    assert.match(preview.body.preview.html, /<strong>spring<\/strong>/);
    assert.match(preview.body.preview.text, /read \(https:\/\/example.com\/news\)/);

    const test = await owner.post(`/api/campaigns/${id}/test`);
    assert.equal(test.status, 200, test.text);
    assert.equal(test.body.to, "owner@example.com");

    console.log(`seeded in ${Math.round(performance.now() - t0)} ms`);
    const started = performance.now();
    const send = await owner.post(`/api/campaigns/${id}/send`);
    assert.equal(send.status, 202, send.text);
    assert.equal((await owner.post(`/api/campaigns/${id}/send`)).status, 409);
    assert.equal(
      (await owner.put(`/api/campaigns/${id}`, { subject: "x", body: "y" })).status,
      409,
    );

    // Stop the server mid-campaign (its queue finishes the running batch), then start again.
    await eventually(async () => {
      const c = (await owner.get(`/api/campaigns/${id}`)).body.campaign;
      return c.counts.sent >= 1200;
    }, 30_000);
    console.log(`stopping at ${Math.round(performance.now() - started)} ms`);
    await server.close();
    const sentAtStop = await (async () => {
      const s = await startTestServer({ ...ENV, DENO_KV_PATH: path });
      server = s;
      return (await campaignMail(id)).length;
    })();
    assert.ok(sentAtStop < 5000, `stopped mid-run (${sentAtStop} sent)`);
    console.log(`restarted at ${Math.round(performance.now() - started)} ms, ${sentAtStop} sent`);
    const again = server.client();
    await again.login("owner@example.com", "password123");

    const done = await eventually(async () => {
      const c = (await again.get(`/api/campaigns/${id}`)).body.campaign;
      return c.status === "sent" ? c : null;
    }, 45_000);
    const elapsed = performance.now() - started;
    assert.equal(done.counts.sent, 5000);
    assert.equal(done.counts.failed, 0);

    const mails = await campaignMail(id);
    assert.equal(mails.length, 5000);
    const to = new Set(mails.map((m) => m.to));
    assert.equal(to.size, 5000, "nobody got two copies");
    for (let i = 0; i < 3000; i++) assert.ok(to.has(`a${i}@x.test`), `a${i} missing`);
    for (let i = 100; i < 2100; i++) assert.ok(to.has(`b${i}@x.test`), `b${i} missing`);
    let markers = 0;
    for await (const _ of kv().list({ prefix: campaignKeys.campaignRecipients(id) })) markers++;
    assert.equal(markers, 5000);

    // Each email: personalised, escaped, with one-click unsubscribe headers and both parts.
    const sample = mails.find((m) => m.to === "a7@x.test")!;
    assert.equal(sample.subject, "News for A7");
    assert.equal(sample.headers?.["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
    const sent = sample.headers!["List-Unsubscribe"].slice(1, -1);
    assert.ok(sample.text.includes(sent) && sample.html!.includes(sent));
    // Mailed before or after the restart (another port): the path is what counts.
    const link = `${server.origin}${new URL(sent).pathname}`;
    assert.match(link, /\/email\/unsubscribe\/[\w-]+\.[\w-]+$/);
    const raw = await rawMessage((await getMail(sample.id))!);
    assert.match(raw, /multipart\/alternative/);
    assert.match(raw, /Content-Type: text\/plain/);
    assert.match(raw, /Content-Type: text\/html/);
    assert.match(raw, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);

    // One click from the email: counted on this campaign, once.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(link, { method: "POST", body: "List-Unsubscribe=One-Click" });
      assert.equal(res.status, 200);
      await res.body?.cancel();
    }
    const after = (await again.get(`/api/campaigns/${id}`)).body.campaign;
    assert.equal(after.counts.unsubscribed, 1);
    assert.equal((await again.get("/api/audience")).body.reachable, 4999);

    console.log(
      `seed 5,171 leads ${Math.round(seedMs)} ms; campaign 5,000 sent in ${
        Math.round(elapsed)
      } ms with a restart at ${sentAtStop}`,
    );
  } finally {
    await server?.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("campaign on the KV job-list backend: restart and duplicate deliveries repeat no one", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/kv.sqlite3`;
  const env = { CAMPAIGN_RATE_PER_SECOND: "300", QUEUE_BACKEND: "jobs", DENO_KV_PATH: path };
  let server: TestServer | null = await startTestServer(env);
  try {
    const owner = server.client();
    await owner.register("jobs-owner@example.com", "Jo");
    const page = (await owner.post("/api/pages", { name: "Jobs" })).body.page;
    await seedLeads(page.id, 1500, (i) => ({ data: { email: `j${i}@x.test` }, consent }));
    const id = (await owner.post("/api/campaigns", { subject: "S", body: "B" })).body.campaign.id;
    assert.equal((await owner.post(`/api/campaigns/${id}/send`)).status, 202);
    // A queue may deliver a job twice, at once: extra runs of the same batch send nobody again.
    await Promise.all([runBatch(id), runBatch(id), runBatch(id)]);
    await eventually(async () => (await campaignMail(id)).length >= 400, 20_000);
    await server.close();
    server = await startTestServer(env);
    const again = server.client();
    await again.login("jobs-owner@example.com", "password123");
    const done = await eventually(async () => {
      const c = (await again.get(`/api/campaigns/${id}`)).body.campaign;
      return c.status === "sent" ? c : null;
    }, 30_000);
    assert.equal(done!.counts.sent, 1500);
    const mails = await campaignMail(id);
    assert.equal(mails.length, 1500);
    assert.equal(new Set(mails.map((m) => m.to)).size, 1500);
  } finally {
    await server?.close();
    await Deno.remove(dir, { recursive: true });
  }
});
