// deno-lint-ignore-file no-explicit-any -- JSON replies are loosely typed
// Operations: X-Request-Id on every answer, one JSON log line per request (without secrets),
// /metrics behind its token, and the SSE retry hint at shutdown.
import assert from "node:assert/strict";
import { eventually, hostRequest, startTestServer } from "./_helpers.ts";
import { metricsSnapshot, setLogSink } from "../lib/ops/index.ts";
import { kv } from "../lib/kv/index.ts";
import { listMail } from "../lib/mail/index.ts";
import { retryAtomic } from "../lib/kv/atomic.ts";
import { openApiPath } from "../lib/ops/openapi.ts";
import { createApp } from "../main.ts";
import { routeTable } from "./_routes.ts";

const METRICS_TOKEN = "metrics-secret-token-123";

/** Lines captured by the running `captureLogs` (parsed). */
let captured: Record<string, unknown>[] = [];

/** Captures log lines written while `run` runs. */
async function captureLogs(run: () => Promise<void>): Promise<Record<string, unknown>[]> {
  captured = [];
  const restore = setLogSink((_level, line) => captured.push(JSON.parse(line)));
  try {
    await run();
  } finally {
    restore();
  }
  return captured;
}

Deno.test("request ids, request log lines and metrics", async (t) => {
  const server = await startTestServer({ LOG_LEVEL: "info", METRICS_TOKEN });
  const user = server.client();
  try {
    await t.step("X-Request-Id: a sane one is echoed, others replaced by a new ULID", async () => {
      const sane = await user.get("/api/health", { headers: { "x-request-id": "abc.DEF_1-2" } });
      assert.equal(sane.headers.get("x-request-id"), "abc.DEF_1-2");
      for (const bad of ["has space", "x".repeat(65), "semi;colon", ""]) {
        const res = await user.get("/api/health", { headers: { "x-request-id": bad } });
        assert.match(res.headers.get("x-request-id") ?? "", /^[0-9A-HJKMNP-TV-Z]{26}$/, bad);
      }
      // Errors, redirects and unknown routes carry one too.
      for (const path of ["/api/nothing-here", "/dashboard", "/api/pages", "/no/such/page"]) {
        const res = await user.get(path);
        assert.ok(res.headers.get("x-request-id"), `${path} → ${res.status}`);
      }
      // So do published-site hosts.
      const site = await hostRequest(server.port, `nosuch.${server.sitesDomain}`, "/", {
        headers: { "x-request-id": "site-req-1" },
      });
      assert.equal(site.status, 404);
      assert.equal(site.headers["x-request-id"], "site-req-1");
      // A published page's prepared answer carries none (below debug level no log line could
      // name it); the site's other answers still get one.
      const owner = server.client();
      await owner.register(undefined, "Site owner");
      const page = (await owner.post("/api/pages", { name: "Ids", slug: "ids-page" })).body.page;
      assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
      const host = `ids-page.${server.sitesDomain}`;
      const given = await hostRequest(server.port, host, "/", {
        headers: { "x-request-id": "page-req-1" },
      });
      assert.equal(given.status, 200);
      assert.equal(given.headers["x-request-id"], undefined);
      const plain = await hostRequest(server.port, host, "/");
      assert.equal(plain.status, 200);
      assert.ok(plain.text.includes("<html"), "the page itself was served");
      assert.equal(plain.headers["x-request-id"], undefined);
      const missing = await hostRequest(server.port, host, "/no-such-file.png");
      assert.equal(missing.status, 404);
      assert.match(String(missing.headers["x-request-id"]), /^[0-9A-HJKMNP-TV-Z]{26}$/);
      const echoed = await hostRequest(server.port, host, "/robots.txt", {
        headers: { "x-request-id": "robots-req-1" },
      });
      assert.equal(echoed.headers["x-request-id"], "robots-req-1");
    });

    await t.step("one JSON line per request, with the route pattern and no secrets", async () => {
      let me = "";
      const lines = await captureLogs(async () => {
        const u = await user.register(undefined, "Logger");
        me = u.id;
        await user.post("/api/auth/login", { email: u.email, password: "password123" });
        const page = (await user.post("/api/pages", { name: "Logged page" })).body.page;
        await user.get(`/api/pages/${page.id}`, { headers: { "x-request-id": "trace-me" } });
      });
      const requests = lines.filter((l) => l.msg === "request");
      assert.equal(requests.length, 4, JSON.stringify(lines));
      const read = requests.find((l) => l.requestId === "trace-me")!;
      assert.equal(read.route, "/api/pages/:id");
      assert.equal(read.method, "GET");
      assert.equal(read.status, 200);
      assert.equal(read.userId, me);
      assert.equal(read.ip, "127.0.0.1");
      assert.equal(typeof read.durationMs, "number");
      assert.ok(!Number.isNaN(Date.parse(read.time as string)));
      const all = JSON.stringify(lines);
      assert.ok(!all.includes("password123"), "a password in the log");
      assert.ok(!all.includes(user.token!), "an access token in the log");
      for (const v of user.cookies.values()) assert.ok(!all.includes(v), "a cookie in the log");
    });

    await t.step("/metrics: 401 without the right token, counts by route pattern", async () => {
      const anon = server.client();
      assert.equal((await anon.get("/metrics")).status, 401);
      const wrong = await anon.get("/metrics", { headers: { authorization: "Bearer nope" } });
      assert.equal(wrong.status, 401);
      const res = await anon.get("/metrics", {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0.0.4/);
      assert.match(
        res.text,
        /landinghub_http_requests_total\{method="GET",route="\/api\/pages\/:id",status="200"\} 1/,
      );
      assert.match(
        res.text,
        /landinghub_http_request_duration_seconds_bucket\{method="GET",route="\/api\/pages\/:id",le="\+Inf"\} 1/,
      );
      for (
        const name of [
          "landinghub_sse_streams_open",
          "landinghub_kv_commit_conflicts_total",
          "landinghub_site_cache_hits_total",
          "landinghub_queue_jobs_total",
        ]
      ) assert.ok(res.text.includes(name), name);
      // Raw paths (ids) never become labels; nor do tokens or passwords appear.
      assert.ok(!/route="[^"]*01[0-9A-Z]{24}/.test(res.text), "an id in a route label");
      assert.ok(!res.text.includes(user.token!));
      assert.ok(!res.text.includes("password123"));
      assert.ok(!res.text.includes(METRICS_TOKEN));
    });
  } finally {
    await server.close();
  }
});

Deno.test("/metrics is a 404 when METRICS_TOKEN is unset", async () => {
  const server = await startTestServer();
  try {
    const res = await server.client().get("/metrics", {
      headers: { authorization: "Bearer anything" },
    });
    assert.equal(res.status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("shutdown ends event streams with a retry hint", async () => {
  const server = await startTestServer();
  const user = server.client();
  await user.register();
  const res = await fetch(`${server.origin}/api/notifications/events`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
  assert.equal(res.status, 200);
  const text = res.text();
  await new Promise((r) => setTimeout(r, 100));
  await server.close();
  const body = await text;
  assert.match(body, /retry: 3000\n\n$/);
});

Deno.test("/api/openapi.json lists every /api route, with body schemas; /api/docs renders it", async () => {
  const server = await startTestServer();
  try {
    const anon = server.client();
    const res = await anon.get("/api/openapi.json");
    assert.equal(res.status, 200);
    const doc = res.body;
    assert.equal(doc.openapi, "3.1.0");
    const missing: string[] = [];
    for (const r of routeTable(createApp())) {
      // CORS preflights (the support widget's routes) are not operations of the API.
      if (!r.path.startsWith("/api/") || r.method === "OPTIONS") continue;
      const { path } = openApiPath(r.path);
      if (!doc.paths[path]?.[r.method.toLowerCase()]) missing.push(`${r.method} ${r.path}`);
    }
    assert.deepEqual(missing, [], "routes the document leaves out");
    const register = doc.paths["/api/auth/register"].post.requestBody.content["application/json"];
    assert.deepEqual(
      Object.keys(register.schema.properties).sort(),
      ["email", "name", "password"],
    );
    assert.ok(doc.paths["/api/pages/{id}"].put.parameters.some((p: any) => p.name === "id"));

    const html = await anon.get("/api/docs");
    assert.equal(html.status, 200);
    assert.match(html.headers.get("content-type") ?? "", /text\/html/);
    assert.ok(html.text.includes("/api/pages/{id}/publish"));
    assert.ok(!/<script/i.test(html.text), "no scripts on the docs page");
  } finally {
    await server.close();
  }
});

Deno.test("queue jobs are logged with their outcome; KV commit conflicts are counted", async () => {
  const server = await startTestServer({ LOG_LEVEL: "info" });
  try {
    const lines = await captureLogs(async () => {
      // Registering sends the verification email through the queue.
      await server.client().register();
      await eventually(() => captured.some((l) => l.msg === "job"));
    });
    const job = lines.find((l) => l.msg === "job")!;
    assert.equal(job.outcome, "ok");
    assert.equal(typeof job.type, "string");
    assert.ok(!JSON.stringify(lines).includes("password123"));

    // Two writers racing on one key: the loser's retry is counted.
    const before = metricsSnapshot().kvCommitConflicts;
    let gate!: () => void;
    const opened = new Promise<void>((r) => gate = r);
    const key = ["ops_test", "counter"];
    const slow = retryAtomic(async (op) => {
      const e = await kv().get<number>(key);
      await opened;
      op.check(e).set(key, (e.value ?? 0) + 1);
      return true;
    });
    await retryAtomic(async (op) => {
      const e = await kv().get<number>(key);
      op.check(e).set(key, (e.value ?? 0) + 1);
      return true;
    });
    gate();
    await slow;
    assert.equal((await kv().get<number>(key)).value, 2);
    assert.ok(metricsSnapshot().kvCommitConflicts > before);
  } finally {
    await server.close();
  }
});

Deno.test("log lines and metrics carry no email bodies, tokens, passwords or cookies", async () => {
  const server = await startTestServer({ LOG_LEVEL: "debug", METRICS_TOKEN });
  try {
    const user = server.client();
    const email = `secret${crypto.randomUUID().slice(0, 6)}@example.com`;
    let mails: { subject: string; text: string }[] = [];
    const lines = await captureLogs(async () => {
      await user.register(email, "Secretive");
      await user.post("/api/auth/login", { email, password: "password123" });
      // A reset link and a verification link go out by mail, through queue jobs.
      assert.equal((await user.post("/api/auth/reset/request", { email })).status, 202);
      await eventually(async () => {
        mails = (await listMail({ limit: 50 })).items.filter((m) => m.to === email);
        return mails.length >= 2 &&
          captured.filter((l) => l.msg === "job" && l.type === "mail.send").length >= 2;
      });
      await user.get("/api/auth/me");
      await user.get("/api/nothing-here"); // an error line too
    });
    const metrics = (await server.client().get("/metrics", {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    })).text;
    const secrets: [string, string][] = [
      ["the password", "password123"],
      ["the access token", user.token!],
      ["the metrics token", METRICS_TOKEN],
      ...[...user.cookies.values()].map((v) => ["a cookie", v] as [string, string]),
    ];
    for (const m of mails) {
      // The body, and every link token in it, line by line.
      for (const l of m.text.split("\n").filter((l) => l.trim().length > 12)) {
        secrets.push([`a line of the mail "${m.subject}"`, l.trim()]);
      }
      for (const t of m.text.match(/token=[^\s&]+/g) ?? []) secrets.push(["a mailed token", t]);
    }
    assert.ok(secrets.some(([what]) => what === "a mailed token"), "the mails carry tokens");
    const log = JSON.stringify(lines);
    assert.ok(lines.some((l) => l.msg === "request") && lines.some((l) => l.msg === "job"));
    for (const [what, value] of secrets) {
      assert.ok(!log.includes(value), `${what} is in the log`);
      assert.ok(!metrics.includes(value), `${what} is in the metrics`);
    }
  } finally {
    await server.close();
  }
});
