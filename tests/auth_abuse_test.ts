// Accounts against strangers: parallel guessing, lockouts, the hashing cap, open redirects after
// sign-in, reset-link reuse and flooding, and the rate limits on sign-up, chat and uploads.
import assert from "node:assert/strict";
import { type Client, startTestServer, type TestServer } from "./_helpers.ts";
import { ensureAdmin, hashLoad, safeNext } from "../lib/auth/index.ts";
import { HASH_SLOTS, resetHashPeak } from "../lib/auth/passwords.ts";
import { kv } from "../lib/kv/index.ts";

const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

async function mails(to: string, subject: string): Promise<string[]> {
  const out: string[] = [];
  for await (
    const e of kv().list<{ to: string; subject: string; text: string }>({ prefix: ["mail"] })
  ) {
    if (e.value.to === to && e.value.subject.includes(subject)) out.push(e.value.text);
  }
  return out;
}

const resetTokens = async (to: string) =>
  (await mails(to, "Reset")).map((t) => decodeURIComponent(t.match(/token=(\S+)/)![1]));

Deno.test("sign-in holds against parallel guessing and strangers", async (t) => {
  const server = await startTestServer({ TRUST_PROXY: "1" });
  try {
    await t.step(
      "25 parallel wrong passwords from one address: a later right one is still refused",
      async () => {
        await server.client().register("burst@example.com");
        resetHashPeak();
        const burst = await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            server.client().post("/api/auth/login", {
              email: "burst@example.com",
              password: `wrong-${i}`,
            }, from("198.51.100.1"))),
        );
        const statuses = burst.map((r) => r.status);
        assert.ok(statuses.every((s) => s === 401 || s === 429 || s === 503), String(statuses));
        assert.ok(
          statuses.filter((s) => s === 401).length <= 5,
          `at most 5 passwords were tried: ${statuses}`,
        );
        assert.ok(hashLoad().peak <= HASH_SLOTS, `peak ${hashLoad().peak} hashes at once`);
        const right = await server.client().post("/api/auth/login", {
          email: "burst@example.com",
          password: "password123",
        }, from("198.51.100.1"));
        assert.equal(right.status, 429, right.text);
        assert.ok(Number(right.headers.get("retry-after")) > 0);
      },
    );

    await t.step(
      "55 failures from 55 addresses do not lock the owner out",
      async () => {
        await server.client().register("owner@example.com");
        // One after another, so none of the failures is lost to a write conflict.
        for (let i = 1; i <= 55; i++) {
          const res = await server.client().post("/api/auth/login", {
            email: "owner@example.com",
            password: "guess-guess",
          }, from(`203.0.113.${i}`));
          assert.equal(res.status, 401);
        }
        const owner = await server.client().post("/api/auth/login", {
          email: "owner@example.com",
          password: "password123",
        }, from("192.0.2.200"));
        assert.equal(owner.status, 200, owner.text);
      },
    );

    await t.step("the wait between tries from one address on one account grows", async () => {
      await server.client().register("slow@example.com");
      const attempt = (password: string) =>
        server.client().post("/api/auth/login", {
          email: "slow@example.com",
          password,
        }, from("198.51.100.60"));
      for (let i = 0; i < 5; i++) assert.equal((await attempt("wrong-pass")).status, 401);
      const first = await attempt("password123");
      assert.equal(first.status, 429);
      const firstWait = Number(first.headers.get("retry-after"));
      assert.ok(firstWait > 0 && firstWait <= 60, String(firstWait));
      // Let the wait pass (as if a minute went by): one more try, then a longer wait.
      const key = ["login_failures", "email:slow@example.com|ip:198.51.100.60"];
      const rec = (await kv().get<{ attempts: number; notBefore: number }>(key)).value!;
      await kv().set(key, { ...rec, notBefore: Date.now() - 1 });
      assert.equal((await attempt("wrong-again")).status, 401);
      const second = await attempt("password123");
      assert.equal(second.status, 429);
      assert.ok(Number(second.headers.get("retry-after")) > 60, "the second wait is longer");
      // The owner elsewhere is not affected.
      const owner = await server.client().post("/api/auth/login", {
        email: "slow@example.com",
        password: "password123",
      }, from("192.0.2.61"));
      assert.equal(owner.status, 200);
    });

    await t.step("one address spraying many accounts is stopped after 20 tries", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) {
        statuses.push(
          (await server.client().post("/api/auth/login", {
            email: `spray${i}@example.com`,
            password: "password123",
          }, from("198.51.100.77"))).status,
        );
      }
      assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
      assert.deepEqual(statuses.slice(20), [429, 429]);
    });
  } finally {
    await server.close();
  }
});

Deno.test("password hashes are capped: beyond the cap a 503, never a pile of scrypt runs", async () => {
  // A costlier hash than the other tests (N=2^14, 16 MiB, tens of ms) so requests overlap.
  const server = await startTestServer({ TRUST_PROXY: "1", SCRYPT_LOG_N: "14" });
  try {
    resetHashPeak();
    const logins = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        server.client().post("/api/auth/login", {
          email: `nobody${i}@example.com`,
          password: "password123",
        }, from(`198.18.0.${i + 1}`))),
    );
    const registrations = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        server.client().post("/api/auth/register", {
          email: `new${i}@example.com`,
          password: "password123",
          name: "New",
        }, from(`198.18.1.${i + 1}`))),
    );
    const statuses = [...logins, ...registrations].map((r) => r.status);
    assert.ok(
      statuses.every((s) => s === 401 || s === 201 || s === 503),
      `only 401/201/503: ${statuses}`,
    );
    const busy = [...logins, ...registrations].filter((r) => r.status === 503);
    console.log(`hash cap: peak ${hashLoad().peak} at once, ${busy.length} of 70 told 503`);
    assert.ok(busy.length > 0, "the burst went over the cap and its queue");
    for (const r of busy) assert.ok(Number(r.headers.get("retry-after")) > 0);
    assert.ok(hashLoad().peak <= HASH_SLOTS, `peak ${hashLoad().peak} > ${HASH_SLOTS}`);
    assert.ok(statuses.includes(401) && statuses.includes(201), "the queue still serves some");
  } finally {
    await server.close();
  }
});

Deno.test("after sign-in, ?next= only ever leads to a path on the app", async (t) => {
  const origin = "http://localhost:8000";
  const refused = [
    "/.//evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/./..//evil.example/x",
    "///evil.example",
    "////evil.example",
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "https:evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "/\tevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: x=1",
    "/ /evil.example".replace(" ", "\u0000"),
    "evil.example",
    "",
  ];
  await t.step("unit: each variant falls back to /dashboard", () => {
    for (const next of refused) {
      const out = safeNext(next, origin);
      assert.equal(out, "/dashboard", JSON.stringify(next));
    }
    assert.equal(safeNext("/pages/1/edit?tab=seo#top", origin), "/pages/1/edit?tab=seo#top");
    assert.equal(safeNext("/a/../orders", origin), "/orders");
  });

  const server = await startTestServer();
  try {
    await server.client().register("next@example.com");
    await t.step(
      "over HTTP: the form sign-in redirects to a single-slash path or /dashboard",
      async () => {
        for (const next of [...refused, "/orders", "/a/./b"]) {
          const c = server.client();
          const res = await c.request("POST", `/auth/login?next=${encodeURIComponent(next)}`, {
            body: new URLSearchParams({ email: "next@example.com", password: "password123" }),
            headers: { "content-type": "application/x-www-form-urlencoded" },
          });
          assert.equal(
            res.status,
            303,
            `${JSON.stringify(next)}: ${res.status} ${res.text.slice(0, 200)}`,
          );
          const location = res.headers.get("location")!;
          assert.match(location, /^\/(?![\/\\])/, `${JSON.stringify(next)} → ${location}`);
          assert.equal(new URL(location, server.origin).origin, server.origin);
        }
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("password reset: one used link ends all others; requests are limited", async (t) => {
  const server = await startTestServer({ TRUST_PROXY: "1" });
  try {
    await t.step("using the newer link makes the older one invalid (and vice versa)", async () => {
      const c = server.client();
      await c.register("twolinks@example.com");
      for (const ip of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) {
        assert.equal(
          (await c.post("/api/auth/reset/request", { email: "twolinks@example.com" }, from(ip)))
            .status,
          202,
        );
      }
      const [first, second, third] = await resetTokens("twolinks@example.com");
      assert.ok(first && second && third);
      const used = await c.post("/api/auth/reset", { token: second, password: "second-pass-1" });
      assert.equal(used.status, 200, used.text);
      for (const stale of [first, third]) {
        const res = await c.post("/api/auth/reset", { token: stale, password: "attacker-pass" });
        assert.equal(res.status, 422, res.text);
      }
      await server.client().login("twolinks@example.com", "second-pass-1");
    });

    await t.step("40 requests in a second to one victim send at most 3 emails", async () => {
      await server.client().register("victim@example.com");
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          server.client().post(
            "/api/auth/reset/request",
            { email: "victim@example.com" },
            from(`198.51.100.${100 + (i % 20)}`),
          )),
      );
      const sent = (await mails("victim@example.com", "Reset")).length;
      assert.ok(sent <= 3, `${sent} reset emails`);
      assert.ok(replies.every((r) => r.status === 202 || r.status === 429));
      const limited = replies.find((r) => r.status === 429)!;
      assert.ok(Number(limited.headers.get("retry-after")) > 0);
      // Unknown addresses are limited alike, so a 429 tells nothing about who has an account.
      const ghost = [];
      for (let i = 0; i < 4; i++) {
        ghost.push(
          (await server.client().post(
            "/api/auth/reset/request",
            { email: "ghost@example.com" },
            from(`198.51.100.${200 + i}`),
          )).status,
        );
      }
      assert.deepEqual(ghost, [202, 202, 202, 429]);
    });

    await t.step("one address asking for many accounts is limited too", async () => {
      const statuses = [];
      for (let i = 0; i < 12; i++) {
        statuses.push(
          (await server.client().post(
            "/api/auth/reset/request",
            { email: `someone${i}@example.com` },
            from("198.51.100.250"),
          )).status,
        );
      }
      assert.deepEqual(statuses.slice(10), [429, 429]);
    });
  } finally {
    await server.close();
  }
});

function png(bytes: number): File {
  const data = new Uint8Array(bytes);
  data.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new File([data], "x.png", { type: "image/png" });
}

async function upload(c: Client, file: File) {
  const form = new FormData();
  form.append("file", file);
  return await c.request("POST", "/api/uploads", { body: form });
}

Deno.test("sign-up, chat messages and uploads are rate limited; uploads have a quota", async (t) => {
  const server: TestServer = await startTestServer({
    TRUST_PROXY: "1",
    REGISTER_RATE_PER_10MIN: "5",
    CHAT_RATE_PER_MINUTE: "4",
    UPLOAD_RATE_PER_MINUTE: "3",
    UPLOAD_QUOTA_MB: "2",
  });
  try {
    await t.step("at most 5 accounts per address in 10 minutes", async () => {
      const statuses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          server.client().post("/api/auth/register", {
            email: `signup${i}@example.com`,
            password: "password123",
            name: "S",
          }, from("198.51.100.9")).then((r) => r.status)),
      );
      assert.equal(statuses.filter((s) => s === 201).length, 5, String(statuses));
      assert.equal(statuses.filter((s) => s === 429).length, 3, String(statuses));
      const form = await server.client().request("POST", "/auth/register", {
        body: new URLSearchParams({
          email: "signup-form@example.com",
          password: "password123",
          name: "F",
        }),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-forwarded-for": "198.51.100.9",
        },
      });
      assert.equal(form.status, 429, "the HTML form says so too");
      assert.ok(Number(form.headers.get("retry-after")) > 0);
      assert.match(form.text, /Too many accounts created/);
      const elsewhere = await server.client().post("/api/auth/register", {
        email: "signup-elsewhere@example.com",
        password: "password123",
        name: "S",
      }, from("198.51.100.10"));
      assert.equal(elsewhere.status, 201);
    });

    await t.step("chat: a user's 5th message within a minute is a 429", async () => {
      const user = server.client();
      user.token = (await user.post("/api/auth/register", {
        email: "chatter@example.com",
        password: "password123",
        name: "C",
      }, from("198.51.100.11"))).body.accessToken;
      const room = await user.post("/api/chat/rooms", { subject: "Hi", message: "first" });
      assert.equal(room.status, 201);
      const id = room.body.room.id;
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await user.post(`/api/chat/rooms/${id}/messages`, { message: `m${i}` })).status,
        );
      }
      assert.deepEqual(statuses, [201, 201, 201, 429]);
      const res = await user.post(`/api/chat/rooms/${id}/messages`, { message: "again" });
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get("retry-after")) > 0);
      assert.equal(res.body.error.code, "rate_limited");
      // The no-script support form opens rooms through the same limit.
      const form = await user.request("POST", "/support", {
        body: new URLSearchParams({ message: "help" }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(form.status, 429);
    });

    await t.step(
      "uploads: 3 a minute, and 2 MB in all per user (413 with a clear message)",
      async () => {
        const a = server.client();
        a.token = (await a.post("/api/auth/register", {
          email: "uploader@example.com",
          password: "password123",
          name: "U",
        }, from("198.51.100.12"))).body.accessToken;
        const first = await upload(a, png(900_000));
        assert.equal(first.status, 201, first.text);
        const second = await upload(a, png(900_000));
        assert.equal(second.status, 201, second.text);
        const third = await upload(a, png(900_000));
        assert.equal(third.status, 413, third.text);
        assert.equal(third.body.error.code, "quota_exceeded");
        assert.match(third.body.error.message, /storage is full/);
        const fourth = await upload(a, png(1000));
        assert.equal(fourth.status, 429, "the 4th upload in a minute");

        const b = server.client();
        b.token = (await b.post("/api/auth/register", {
          email: "parallel@example.com",
          password: "password123",
          name: "P",
        }, from("198.51.100.13"))).body.accessToken;
        const burst = await Promise.all(Array.from({ length: 6 }, () => upload(b, png(100_000))));
        const ok = burst.filter((r) => r.status === 201).length;
        assert.equal(ok, 3, burst.map((r) => r.status).join());
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("punycode slugs are refused; the admin bootstrap never takes over an account", async (t) => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register("sluggy@example.com");
    await t.step("xn-- slugs are a 422", async () => {
      for (const slug of ["xn--pypal-4ve", "xn--80ak6aa92e", "XN--abc"]) {
        const res = await owner.post("/api/pages", { name: "Pay", slug });
        assert.equal(res.status, 422, `${slug}: ${res.text}`);
      }
      const page = (await owner.post("/api/pages", { name: "Pay" })).body.page;
      const res = await owner.put(`/api/pages/${page.id}`, { version: 1, slug: "xn--pypal-4ve" });
      assert.equal(res.status, 422);
      assert.equal((await owner.post("/api/pages", { name: "Pay", slug: "xnx-ok" })).status, 201);
      // A name that would slugify to a punycode label gets a plain one.
      const named = await owner.post("/api/pages", { name: "XN--pypal-4ve" });
      assert.equal(named.status, 201);
      assert.doesNotMatch(named.body.page.slug, /^xn--/);
    });

    await t.step("an existing account with another password is not promoted", async () => {
      const squatter = server.client();
      await squatter.register("boss@example.com");
      const logged: string[] = [];
      const result = await ensureAdmin(
        "boss@example.com",
        "the-real-admin-pass",
        (m) => logged.push(m),
      );
      assert.equal(result, null);
      assert.match(logged.join("\n"), /boss@example\.com.*NOT made an admin/);
      const me = await squatter.get("/api/auth/me");
      assert.equal(me.body.user.role, "user");
      assert.equal(
        (await server.client().post("/api/auth/login", {
          email: "boss@example.com",
          password: "the-real-admin-pass",
        })).status,
        401,
        "its password is unchanged",
      );
      // The account's own password: promoted, as before.
      const promoted = await ensureAdmin("boss@example.com", "password123", (m) => logged.push(m));
      assert.equal(promoted?.role, "admin");
    });
  } finally {
    await server.close();
  }
});
