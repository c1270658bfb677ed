// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Webhooks per page against a real HTTP receiver on 127.0.0.1 (the server runs with
// ALLOW_PRIVATE_WEBHOOKS=1 so it may post there; no test sends traffic off this machine):
// signatures, one delivery per lead, retries after 500s and timeouts in order, redirects not
// followed, test events, manual retries, lead.updated, the delivery log, owner-only access, the
// disabling after a window of failures, and the SSRF refusals of the API without the override.
// (Over 400 lines: the steps share one receiver and one server, and read best in one place.)
import assert from "node:assert/strict";
import { eventually, hostRequest, startTestServer, type TestServer } from "./_helpers.ts";
import { listMail } from "../lib/mail/index.ts";
import { backoffMs } from "../lib/integrations/index.ts";

const formBlock = {
  id: "signup",
  type: "form",
  props: {
    fields: [
      { name: "name", label: "Name", type: "text", required: true },
      { name: "email", label: "Email", type: "email", required: true },
    ],
  },
};

interface Hit {
  path: string;
  headers: Headers;
  body: string;
  at: number;
}

/** A receiver on loopback whose answer depends on the path and on how often it was called. */
function startReceiver() {
  const hits: Hit[] = [];
  const hanging: ((v: unknown) => void)[] = [];
  const count = (path: string) => hits.filter((h) => h.path === path).length;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    hits.push({ path, headers: req.headers, body: await req.text(), at: Date.now() });
    const n = count(path);
    if (path === "/flaky") return new Response("boom", { status: n <= 2 ? 500 : 200 });
    if (path === "/slow" && n === 1) {
      // Hang (until the receiver closes): the sender's timeout gives up first.
      await new Promise((r) => hanging.push(r));
      return new Response("too late");
    }
    if (path === "/redirect") {
      return new Response(null, { status: 302, headers: { location: "/redirected" } });
    }
    if (path === "/down") return new Response("down", { status: 503 });
    return Response.json({ received: true });
  });
  return {
    hits,
    on: (path: string) => hits.filter((h) => h.path === path),
    url: (path: string) => `http://127.0.0.1:${server.addr.port}${path}`,
    close: () => {
      for (const release of hanging) release(null);
      return server.shutdown();
    },
  };
}

async function hmacHex(secret: string, message: string) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function publishedFormPage(server: TestServer, slug: string) {
  const owner = server.client();
  await owner.register();
  const page = (await owner.post("/api/pages", { name: "Hooks", slug })).body.page;
  const put = await owner.put(`/api/pages/${page.id}`, {
    version: 1,
    content: { blocks: [formBlock] },
  });
  assert.equal(put.status, 200, put.text);
  await owner.post(`/api/pages/${page.id}/publish`);
  const submit = async (email: string) => {
    const res = await hostRequest(server.port, `${slug}.${server.sitesDomain}`, "/forms/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Ann", email }),
    });
    assert.equal(res.status, 201, res.text);
  };
  return { owner, pageId: page.id as string, submit };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("webhooks: signed, retried with backoff, logged, owner-only", async (t) => {
  const receiver = startReceiver();
  const server = await startTestServer({
    ALLOW_PRIVATE_WEBHOOKS: "1",
    FORM_RATE_PER_MINUTE: "0",
    WEBHOOK_BACKOFF_MS: "150",
    // Long enough for a loaded machine to answer; the hanging receiver still times out.
    WEBHOOK_TIMEOUT_MS: "1500",
  });
  try {
    const { owner, pageId, submit } = await publishedFormPage(server, "hooks-main");
    const base = `/api/pages/${pageId}/integrations`;
    const create = async (path: string, events?: string[]) => {
      const res = await owner.post(base, { type: "webhook", url: receiver.url(path), events });
      assert.equal(res.status, 201, res.text);
      return res.body.integration;
    };
    const deliveries = async (iid: string) =>
      (await owner.get(`${base}/${iid}/deliveries`)).body.items;

    let ok: any;
    await t.step("creating returns the secret once; lists never show it", async () => {
      ok = await create("/ok");
      assert.match(ok.secret, /^whsec_[0-9a-f]{48}$/);
      assert.deepEqual(ok.events, ["lead.created"]);
      assert.equal(ok.url, receiver.url("/ok"));
      const list = await owner.get(base);
      assert.equal(list.status, 200);
      assert.equal(list.body.items.length, 1);
      assert.equal(list.body.items[0].secret, undefined);
      assert.equal(list.body.items[0].secretHint, `…${ok.secret.slice(-4)}`);
    });

    await t.step("another user's page and webhook are 404s", async () => {
      const other = server.client();
      await other.register();
      assert.equal(
        (await other.post(base, { type: "webhook", url: receiver.url("/x") })).status,
        404,
      );
      assert.equal((await other.get(base)).status, 404);
      assert.equal((await other.get(`${base}/${ok.id}/deliveries`)).status, 404);
      assert.equal((await other.post(`${base}/${ok.id}/test`)).status, 404);
      assert.equal((await other.delete(`${base}/${ok.id}`)).status, 404);
      const own = (await other.post("/api/pages", { name: "Theirs" })).body.page;
      // Their own page does not reach this webhook either.
      assert.equal((await other.get(`/api/pages/${own.id}/integrations/${ok.id}`)).status, 404);
      assert.equal(receiver.hits.length, 0);
    });

    await t.step("a lead is one signed POST whose HMAC over t.body verifies", async () => {
      await submit("ann@example.com");
      await eventually(() => receiver.on("/ok").length === 1);
      const [hit] = receiver.on("/ok");
      const sig = hit.headers.get("landinghub-signature")!;
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig);
      assert.ok(m, sig);
      assert.ok(Math.abs(Number(m[1]) - Date.now() / 1000) < 60);
      assert.equal(m[2], await hmacHex(ok.secret, `${m[1]}.${hit.body}`));
      assert.notEqual(m[2], await hmacHex("whsec_wrong", `${m[1]}.${hit.body}`));
      assert.equal(hit.headers.get("content-type"), "application/json");
      const event = JSON.parse(hit.body);
      assert.deepEqual(Object.keys(event).sort(), ["createdAt", "data", "id", "type"]);
      assert.equal(event.type, "lead.created");
      assert.equal(event.data.page.id, pageId);
      assert.equal(event.data.lead.data.email, "ann@example.com");
      const d = await eventually(async () => {
        const items = await deliveries(ok.id);
        return items[0]?.status === "succeeded" && items;
      });
      assert.equal(d.length, 1);
      assert.equal(d[0].attempts, 1);
      assert.equal(d[0].lastStatusCode, 200);
      assert.equal(d[0].eventId, event.id);
      assert.match(d[0].request.body, /ann@example\.com/);
      assert.match(d[0].response.body, /received/);
      await sleep(400);
      assert.equal(receiver.on("/ok").length, 1, "exactly one delivery");
    });

    await t.step(
      "500, 500, 200 → three attempts in order with growing gaps, succeeded",
      async () => {
        assert.equal((await owner.delete(`${base}/${ok.id}`)).status, 204);
        const flaky = await create("/flaky");
        await submit("bob@example.com");
        const d = await eventually(async () => {
          const items = await deliveries(flaky.id);
          return items[0]?.status === "succeeded" && items[0];
        }, 8000);
        assert.equal(d.attempts, 3);
        assert.equal(d.lastStatusCode, 200);
        const hits = receiver.on("/flaky");
        assert.equal(hits.length, 3);
        const ids = hits.map((h) => JSON.parse(h.body).id);
        assert.equal(new Set(ids).size, 1, "every attempt carries the same event id");
        const gap1 = hits[1].at - hits[0].at, gap2 = hits[2].at - hits[1].at;
        assert.ok(gap1 >= 140, `first retry after the base backoff (${gap1} ms)`);
        assert.ok(gap2 >= 280, `second retry after twice the base (${gap2} ms)`);
        assert.equal(receiver.on("/ok").length, 1, "the deleted webhook gets nothing");
        await owner.delete(`${base}/${flaky.id}`);
      },
    );

    await t.step("a timeout counts as a failed attempt", async () => {
      const slow = await create("/slow");
      await submit("cat@example.com");
      const d = await eventually(async () => {
        const items = await deliveries(slow.id);
        return items[0]?.status === "succeeded" && items[0];
      }, 8000);
      assert.equal(d.attempts, 2);
      assert.equal(receiver.on("/slow").length, 2);
      await owner.delete(`${base}/${slow.id}`);
    });

    let redirect: any;
    await t.step("a 3xx is a failure and is not followed", async () => {
      redirect = await create("/redirect");
      await submit("dan@example.com");
      const d = await eventually(async () => {
        const items = await deliveries(redirect.id);
        return items[0]?.attempts >= 2 && items[0];
      }, 5000);
      assert.equal(d.status, "retrying");
      assert.equal(d.lastStatusCode, 302);
      assert.match(d.lastError, /Redirect/);
      assert.equal(receiver.on("/redirected").length, 0);
      assert.equal((await owner.delete(`${base}/${redirect.id}`)).status, 204);
    });

    await t.step("test events, manual retries and lead.updated", async () => {
      const hook = await create("/ok", ["lead.created", "lead.updated"]);
      const before = receiver.on("/ok").length;
      const test = await owner.post(`${base}/${hook.id}/test`);
      assert.equal(test.status, 202, test.text);
      await eventually(() => receiver.on("/ok").length === before + 1);
      assert.equal(JSON.parse(receiver.on("/ok").at(-1)!.body).type, "test");
      const delivered = await eventually(async () => {
        const items = await deliveries(hook.id);
        return items[0]?.status === "succeeded" && items[0];
      });
      const retry = await owner.post(`${base}/${hook.id}/deliveries/${delivered.id}/retry`);
      assert.equal(retry.status, 202, retry.text);
      await eventually(() => receiver.on("/ok").length === before + 2);
      const again = await eventually(async () => {
        const items = await deliveries(hook.id);
        return items[0]?.status === "succeeded" && items[0].attempts === 2 && items[0];
      });
      assert.equal(again.id, delivered.id);
      assert.equal(
        (await owner.post(`${base}/${hook.id}/deliveries/01JZZZZZZZZZZZZZZZZZZZZZZZ/retry`)).status,
        404,
      );

      const lead = (await owner.get(`/api/pages/${pageId}/leads`)).body.items[0];
      const patched = await owner.patch(`/api/pages/${pageId}/leads/${lead.id}`, {
        status: "won",
        tags: ["vip"],
      });
      assert.equal(patched.status, 200, patched.text);
      const updated = await eventually(() =>
        receiver.on("/ok").map((h) => JSON.parse(h.body)).find((e) => e.type === "lead.updated")
      );
      assert.equal(updated.data.lead.id, lead.id);
      assert.equal(updated.data.lead.status, "won");
      assert.deepEqual(updated.data.lead.tags, ["vip"]);
    });

    await t.step("the delivery log pages by cursor; bad input is a 4xx", async () => {
      const hook = (await owner.get(base)).body.items[0];
      const first = await owner.get(`${base}/${hook.id}/deliveries?limit=1`);
      assert.equal(first.body.items.length, 1);
      assert.ok(first.body.cursor);
      const second = await owner.get(
        `${base}/${hook.id}/deliveries?limit=1&cursor=${encodeURIComponent(first.body.cursor)}`,
      );
      assert.equal(second.body.items.length, 1);
      assert.notEqual(second.body.items[0].id, first.body.items[0].id);
      assert.equal(
        (await owner.get(`${base}/${hook.id}/deliveries?cursor=%F0%9F%98%80`)).status,
        400,
      );
      assert.equal(
        (await owner.post(base, { type: "zapier", url: receiver.url("/ok") })).status,
        422,
      );
      assert.equal(
        (await owner.post(base, { type: "webhook", url: "ftp://127.0.0.1/" })).status,
        422,
      );
      assert.equal(
        (await owner.post(base, {
          type: "webhook",
          url: receiver.url("/ok"),
          events: ["lead.deleted"],
        })).status,
        422,
      );
    });

    await t.step(
      "the settings page: add (secret shown once), test event, log, delete",
      async () => {
        const form = (data: Record<string, string>) => ({
          body: new URLSearchParams(data).toString(),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        });
        const ui = `/pages/${pageId}/integrations`;
        const added = await owner.request(
          "POST",
          ui,
          form({
            url: receiver.url("/ui"),
            "event_lead.created": "1",
          }),
        );
        assert.equal(added.status, 200, added.text);
        const secret = /whsec_[0-9a-f]{48}/.exec(added.text)?.[0];
        assert.ok(secret, "the secret is on the page that answers the form");
        const list = await owner.get(ui);
        assert.match(list.text, new RegExp(receiver.url("/ui").replace(/[.]/g, "\\.")));
        assert.ok(!list.text.includes(secret), "and never again");
        const hook = (await owner.get(base)).body.items.find((i: any) => i.url.endsWith("/ui"));
        const test = await owner.request("POST", `${ui}/${hook.id}/test`, form({}));
        assert.equal(test.status, 303);
        await eventually(() => receiver.on("/ui").length === 1);
        const log = await eventually(async () => {
          const page = await owner.get(`${ui}/${hook.id}`);
          return page.text.includes(`data-status="succeeded"`) ? page : null;
        });
        assert.match(log!.text, /<td class="px-3 py-2">test<\/td>/);
        const refused = await owner.request("POST", ui, form({ url: "ftp://x/" }));
        assert.equal(refused.status, 303);
        assert.match(String(refused.headers.get("location")), /error=/);
        assert.equal(
          (await owner.request("POST", `${ui}/${hook.id}/delete`, form({}))).status,
          303,
        );
        assert.equal((await owner.get(`${base}/${hook.id}`)).status, 404);
      },
    );
  } finally {
    await server.close();
    await receiver.close();
  }
});

Deno.test("webhooks: failing for the whole window → delivery failed, webhook disabled, owner emailed", async () => {
  const receiver = startReceiver();
  const server = await startTestServer({
    ALLOW_PRIVATE_WEBHOOKS: "1",
    FORM_RATE_PER_MINUTE: "0",
    WEBHOOK_BACKOFF_MS: "100",
    WEBHOOK_RETRY_WINDOW_MS: "1000",
  });
  try {
    const { owner, pageId, submit } = await publishedFormPage(server, "hooks-down");
    const base = `/api/pages/${pageId}/integrations`;
    const hook = (await owner.post(base, { type: "webhook", url: receiver.url("/down") })).body
      .integration;
    await submit("eve@example.com");
    const d = await eventually(async () => {
      const items = (await owner.get(`${base}/${hook.id}/deliveries`)).body.items;
      return items[0]?.status === "failed" && items[0];
    }, 8000);
    assert.ok(d.attempts >= 3, `attempts: ${d.attempts}`);
    assert.equal(d.lastStatusCode, 503);
    assert.equal(receiver.on("/down").length, d.attempts);
    const disabled = (await owner.get(`${base}/${hook.id}`)).body.integration;
    assert.equal(disabled.active, false);
    assert.match(disabled.disabledReason, /failed/);
    const mail = await eventually(async () =>
      (await listMail({ limit: 50 })).items.find((m) => /webhook.*disabled/i.test(m.subject))
    );
    assert.match(mail!.text, /\/down/);
    // A disabled webhook gets no new deliveries; enabling it again does.
    const seen = receiver.on("/down").length;
    await submit("fay@example.com");
    await sleep(300);
    assert.equal(receiver.on("/down").length, seen);
    assert.equal((await owner.get(`${base}/${hook.id}/deliveries`)).body.items.length, 1);
    const enabled = await owner.patch(`${base}/${hook.id}`, { active: true });
    assert.equal(enabled.status, 200, enabled.text);
    assert.equal(enabled.body.integration.active, true);
    await submit("gus@example.com");
    await eventually(() => receiver.on("/down").length > seen);
  } finally {
    await server.close();
    await receiver.close();
  }
});

Deno.test("webhooks: without the override, loopback and local targets are refused (422)", async () => {
  const server = await startTestServer({ FORM_RATE_PER_MINUTE: "0" });
  try {
    const owner = server.client();
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "Guarded" })).body.page;
    for (
      const url of [
        "http://127.0.0.1:8080/hook",
        "http://127.1/hook",
        "http://2130706433/hook",
        "http://0x7f.1/hook",
        "http://0.0.0.0/hook",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://localhost/hook",
        "http://foo.localhost/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/hook",
        "http://[fd00::1]/hook",
        "file:///etc/passwd",
      ]
    ) {
      const res = await owner.post(`/api/pages/${page.id}/integrations`, { type: "webhook", url });
      assert.equal(res.status, 422, `${url}: ${res.text}`);
      assert.ok(res.body.error.fields.url, url);
    }
    assert.deepEqual((await owner.get(`/api/pages/${page.id}/integrations`)).body.items, []);
  } finally {
    await server.close();
  }
});

Deno.test("webhook backoff doubles from the base and is capped at 6 hours", () => {
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffMs(n, 60_000)), [
    60_000,
    120_000,
    240_000,
    480_000,
  ]);
  assert.equal(backoffMs(12, 60_000), 6 * 3600_000);
  assert.equal(backoffMs(500, 60_000), 6 * 3600_000);
  // With the default base, a day holds about a dozen attempts.
  let at = 0, attempts = 1;
  while (at + backoffMs(attempts, 60_000) <= 24 * 3600_000) at += backoffMs(attempts++, 60_000);
  assert.ok(attempts >= 10 && attempts <= 14, `attempts in 24 h: ${attempts}`);
});
