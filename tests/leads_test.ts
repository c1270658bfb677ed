// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
import assert from "node:assert/strict";
import { eventually, hostRequest, startTestServer } from "./_helpers.ts";

const formBlock = {
  id: "signup",
  type: "form",
  props: {
    title: "Join",
    fields: [
      { name: "name", label: "Name", type: "text", required: true },
      { name: "email", label: "Email", type: "email", required: true },
      { name: "plan", label: "Plan", type: "select", required: false, options: ["Basic", "Pro"] },
    ],
    submitText: "Join",
    successMessage: "Welcome aboard!",
  },
};

Deno.test("forms on published sites become leads the owner sees, exports and is told about", async (t) => {
  const server = await startTestServer({ FORM_RATE_PER_MINUTE: "8" });
  const host = `leads-demo.${server.sitesDomain}`;
  try {
    const owner = server.client();
    await owner.register("owner@example.com");
    const created = await owner.post("/api/pages", { name: "Leads", slug: "leads-demo" });
    const pageId = created.body.page.id;
    const put = await owner.put(`/api/pages/${pageId}`, {
      version: 1,
      content: { blocks: [{ id: "h", type: "hero", props: { headline: "Hi" } }, formBlock] },
    });
    assert.equal(put.status, 200, put.text);
    await owner.post(`/api/pages/${pageId}/publish`);

    await t.step(
      "the published form posts to /forms/:blockId (form-encoded → 303 thank-you)",
      async () => {
        const site = await hostRequest(server.port, host, "/");
        assert.match(site.text, /action="\/forms\/signup"/);
        const res = await hostRequest(server.port, host, "/forms/signup", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ name: "Ann", email: "ann@example.com", plan: "Pro" })
            .toString(),
        });
        assert.equal(res.status, 303);
        const thanks = await hostRequest(server.port, host, String(res.headers.location));
        assert.equal(thanks.status, 200);
        assert.match(thanks.text, /Welcome aboard!/);
        // The thank-you view shows the page's own words, whatever a link puts in its query.
        const forged = await hostRequest(server.port, host, "/thanks?m=Send+your+password+to+x");
        assert.doesNotMatch(forged.text, /password/);
      },
    );

    await t.step("JSON submissions → 201; the owner's leads list and CSV have them", async () => {
      const res = await hostRequest(server.port, host, "/forms/signup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: 'Bob, "the builder"', email: "bob@example.com" }),
      });
      assert.equal(res.status, 201);
      assert.deepEqual(JSON.parse(res.text), { ok: true });
      const leads = await owner.get(`/api/pages/${pageId}/leads`);
      assert.equal(leads.status, 200);
      assert.deepEqual(leads.body.items.map((l: any) => l.data.email), [
        "bob@example.com",
        "ann@example.com",
      ]);
      assert.equal(leads.body.items[0].status, "new");
      const csv = await owner.get(`/api/pages/${pageId}/leads.csv`);
      assert.equal(csv.status, 200);
      assert.match(String(csv.headers.get("content-type")), /text\/csv/);
      const lines = csv.text.trim().split("\r\n");
      assert.equal(
        lines[0],
        "submittedAt,name,email,plan,status,tags," +
          "source,referrer,utmSource,utmMedium,utmCampaign,utmContent,utmTerm,variantId",
      );
      assert.equal(lines.length, 3);
      assert.match(csv.text, /"Bob, ""the builder""",bob@example.com/);
      assert.match(csv.text, /Ann,ann@example.com,Pro,new/);
      // Named after the page's address and the day, not its internal id.
      assert.equal(
        csv.headers.get("content-disposition"),
        `attachment; filename="leads-leads-demo-${new Date().toISOString().slice(0, 10)}.csv"`,
      );
      const page = await owner.get(`/api/pages/${pageId}`);
      assert.equal(page.body.page.leadCount, 2);
    });

    await t.step("the leads page: the form's labels as headings, back to the editor", async () => {
      const html = await owner.get(`/pages/${pageId}/leads`);
      assert.equal(html.status, 200);
      const headings = [...html.text.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
      assert.deepEqual(headings, [
        "Submitted",
        "Name",
        "Email",
        "Plan",
        "Source",
        "Variant",
        "Status and tags",
      ]);
      assert.match(html.text, new RegExp(`href="/pages/${pageId}/edit"[^>]*>← Back to the editor`));
      assert.match(html.text, /href="\/dashboard"[^>]*>Dashboard</);
      assert.match(html.text, /Bob, &quot;the builder&quot;|Bob, "the builder"/);
    });

    await t.step(
      "a missing required field → 422 and nothing stored; honeypot → nothing stored",
      async () => {
        const res = await hostRequest(server.port, host, "/forms/signup", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "No Email" }),
        });
        assert.equal(res.status, 422);
        assert.ok(JSON.parse(res.text).error.fields.email);
        const bad = await hostRequest(server.port, host, "/forms/signup", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "X", email: "not-an-email" }),
        });
        assert.equal(bad.status, 422);
        const bot = await hostRequest(server.port, host, "/forms/signup", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "Bot", email: "bot@example.com", _hp: "http://spam" }),
        });
        assert.equal(bot.status, 201, "bots are not told they were caught");
        const leads = await owner.get(`/api/pages/${pageId}/leads`);
        assert.equal(leads.body.items.length, 2);
        const html = await hostRequest(server.port, host, "/forms/signup", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "name=&email=",
        });
        assert.equal(html.status, 422);
        assert.match(html.text, /Name is required/);
        assert.equal(
          (await hostRequest(server.port, host, "/forms/nope", {
            method: "POST",
            body: "{}",
            headers: { "content-type": "application/json" },
          })).status,
          404,
        );
      },
    );

    await t.step("status, tags and search; another user gets 404", async () => {
      const leads = (await owner.get(`/api/pages/${pageId}/leads`)).body.items;
      const res = await owner.patch(`/api/pages/${pageId}/leads/${leads[0].id}`, {
        status: "won",
        tags: ["vip", "vip"],
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.lead.tags, ["vip"]);
      assert.equal(
        (await owner.patch(`/api/pages/${pageId}/leads/${leads[0].id}`, { status: "bogus" }))
          .status,
        422,
      );
      const won = await owner.get(`/api/pages/${pageId}/leads?status=won`);
      assert.deepEqual(won.body.items.map((l: any) => l.id), [leads[0].id]);
      const search = await owner.get(`/api/pages/${pageId}/leads?q=ann@`);
      assert.deepEqual(search.body.items.map((l: any) => l.data.name), ["Ann"]);
      const other = server.client();
      await other.register();
      assert.equal((await other.get(`/api/pages/${pageId}/leads`)).status, 404);
      assert.equal((await other.get(`/api/pages/${pageId}/leads.csv`)).status, 404);
      assert.equal(
        (await other.patch(`/api/pages/${pageId}/leads/${leads[0].id}`, { status: "lost" })).status,
        404,
      );
    });

    await t.step("the owner is emailed about each lead", async () => {
      const { kv } = await import("../lib/kv/index.ts");
      await eventually(async () => {
        let n = 0;
        for await (const e of kv().list<{ to: string; subject: string }>({ prefix: ["mail"] })) {
          if (e.value.to === "owner@example.com" && e.value.subject.startsWith("New lead")) n++;
        }
        return n === 2;
      });
    });

    await t.step("per-address rate limit → 429 with Retry-After", async () => {
      let limited: Awaited<ReturnType<typeof hostRequest>> | null = null;
      for (let i = 0; i < 12 && !limited; i++) {
        const res = await hostRequest(server.port, host, "/forms/signup", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: `N${i}`, email: `n${i}@example.com` }),
        });
        if (res.status === 429) limited = res;
        else assert.equal(res.status, 201);
      }
      assert.ok(limited, "no 429 after the limit");
      assert.ok(Number(limited.headers["retry-after"]) > 0);
    });
  } finally {
    await server.close();
  }
});

Deno.test("leads: optional fields named like Object.prototype members are absent when omitted", async () => {
  const server = await startTestServer();
  const host = `proto-form.${server.sitesDomain}`;
  try {
    const owner = server.client();
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "Proto", slug: "proto-form" })).body.page;
    const fields = ["email", "constructor", "toString", "hasOwnProperty", "valueOf"].map((
      name,
    ) => ({ name, label: name, type: "text", required: name === "email" }));
    const put = await owner.put(`/api/pages/${page.id}`, {
      version: 1,
      content: { blocks: [{ id: "f", type: "form", props: { fields } }] },
    });
    assert.equal(put.status, 200, put.text);
    await owner.post(`/api/pages/${page.id}/publish`);
    const res = await hostRequest(server.port, host, "/forms/f", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "only@example.com" }),
    });
    assert.equal(res.status, 201, res.text);
    const [lead] = (await owner.get(`/api/pages/${page.id}/leads`)).body.items;
    assert.deepEqual(lead.data, { email: "only@example.com" });
    const csv = await owner.get(`/api/pages/${page.id}/leads.csv`);
    assert.doesNotMatch(csv.text, /function|native code/);
  } finally {
    await server.close();
  }
});
