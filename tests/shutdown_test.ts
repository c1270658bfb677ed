// Graceful shutdown of the real server process on SIGTERM: a request already being received
// completes (201) while new requests get a 503 to come back, then new connections are refused, an open event stream gets its `retry:` hint and
// ends, a queue job already running (a webhook held by its receiver) finishes and is logged "ok",
// and the process exits 0 within its grace period.
import assert from "node:assert/strict";
import { Client, hostRequest } from "./_helpers.ts";
import { ENV, freePort } from "../stress/_server.ts";

const formBlock = {
  id: "signup",
  type: "form",
  props: { fields: [{ name: "email", label: "Email", type: "email", required: true }] },
};

/** A webhook receiver that holds every request until `release()`. */
function holdingReceiver() {
  let arrived!: () => void;
  const hit = new Promise<void>((r) => arrived = r);
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    await req.text();
    arrived();
    await released;
    return Response.json({ received: true });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/hook`, hit, release, server };
}

/** Rejects after `ms` (a step that hangs fails the test instead of stalling it). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    }),
  ]);
}

Deno.test("SIGTERM: in-flight request, SSE stream and running job finish; new connections refused", async () => {
  const dir = await Deno.makeTempDir();
  const port = freePort();
  const origin = `http://localhost:${port}`;
  const receiver = holdingReceiver();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", new URL("../main.ts", import.meta.url).pathname],
    env: {
      ...ENV,
      PORT: String(port),
      DENO_KV_PATH: `${dir}/kv.sqlite`,
      LOG_LEVEL: "info",
      ALLOW_PRIVATE_WEBHOOKS: "1",
      WEBHOOK_TIMEOUT_MS: "20000",
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]).then(([out, err]) => out + err);
  let exited = false;
  try {
    const deadline = Date.now() + 30_000;
    while (!(await fetch(`${origin}/api/health`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
    // A published form page with a webhook: a lead starts a job the receiver keeps running.
    const owner = new Client(origin);
    await owner.register();
    const page = (await owner.post("/api/pages", { name: "Bye", slug: "bye-page" })).body.page;
    assert.equal(
      (await owner.put(`/api/pages/${page.id}`, { version: 1, content: { blocks: [formBlock] } }))
        .status,
      200,
    );
    assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
    const hook = await owner.post(`/api/pages/${page.id}/integrations`, {
      type: "webhook",
      url: receiver.url,
    });
    assert.equal(hook.status, 201, hook.text);
    const lead = await hostRequest(port, `bye-page.localhost:${port}`, "/forms/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "visitor@example.org" }),
    });
    assert.equal(lead.status, 201, lead.text);
    await within(receiver.hit, 15_000, "the webhook job reaching the receiver");

    // An open event stream.
    const sse = await fetch(`${origin}/api/notifications/events`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    assert.equal(sse.status, 200);
    const sseText = sse.text();

    // A request whose body is still arriving: its handler is running when the signal comes.
    let sendRest!: () => void;
    const rest = new Promise<void>((r) => sendRest = r);
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(ctl) {
        ctl.enqueue(enc.encode('{"email":"late@example.com",'));
        await rest;
        ctl.enqueue(enc.encode('"password":"password123","name":"Late"}'));
        ctl.close();
      },
    });
    const inFlight = fetch(`${origin}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body,
    });
    inFlight.catch(() => {}); // awaited below; a failure is reported there
    await new Promise((r) => setTimeout(r, 500));

    child.kill("SIGTERM");

    // The stream ends with its retry hint.
    const streamed = await within(sseText, 5000, "the event stream ending");
    assert.match(streamed, /retry: \d+\n\n$/);
    // While the request in flight runs, new requests are turned away (503, come back later).
    const turned = await fetch(`${origin}/api/health`);
    assert.equal(turned.status, 503, await turned.text());
    assert.equal(turned.headers.get("connection"), "close");
    assert.equal(turned.headers.get("retry-after"), "1");
    // The request in flight completes (its body was still arriving when the signal came).
    sendRest();
    const res = await within(inFlight, 5000, "the in-flight request");
    assert.equal(
      res.status,
      201,
      await res.text(),
    );
    // Then the listener closes: new connections are refused.
    await within(
      (async () => {
        for (;;) {
          const refused = await fetch(`${origin}/api/health`).then((r) => {
            r.body?.cancel();
            return false;
          }, () => true);
          if (refused) return;
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
      5000,
      "new connections being refused",
    );
    // The running job is let finish, then the process exits cleanly.
    await new Promise((r) => setTimeout(r, 300));
    receiver.release();
    const status = await within(child.status, 15_000, "the process exiting");
    exited = true;
    assert.equal(status.code, 0);
    const log = await output;
    const jobLines = log.split("\n").filter((l) => l.includes('"msg":"job"'))
      .map((l) => JSON.parse(l));
    assert.ok(
      jobLines.some((j) => j.type === "webhook.deliver" && j.outcome === "ok"),
      `the webhook job finished: ${log.slice(-3000)}`,
    );
    assert.match(log, /shutdown: done/);
  } finally {
    receiver.release();
    if (!exited) {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
    }
    await output.catch(() => "");
    await receiver.server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
