// Accounts against strangers: parallel guessing, lockouts, the hashing cap, open redirects after
// sign-in, reset-link reuse and flooding. (Sign-up, chat and upload limits: limits_test.ts.)
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { hashLoad, safeNext } from "../lib/auth/index.ts";
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
      "one IPv6 /64 is one address: 20 guesses from 20 of its addresses, then the right one waits",
      async () => {
        await server.client().register("v6@example.com");
        const statuses: number[] = [];
        for (let i = 1; i <= 20; i++) {
          const res = await server.client().post("/api/auth/login", {
            email: "v6@example.com",
            password: `wrong-${i}`,
          }, from(`2001:db8:77:1::${i.toString(16)}`));
          statuses.push(res.status);
        }
        assert.ok(statuses.filter((s) => s === 401).length <= 5, `tried: ${statuses}`);
        const right = await server.client().post("/api/auth/login", {
          email: "v6@example.com",
          password: "password123",
        }, from("2001:db8:77:1:ffff:ffff:ffff:ffff"));
        assert.equal(right.status, 429, right.text);
        // Another /64 (another client) is not held back by it.
        const elsewhere = await server.client().post("/api/auth/login", {
          email: "v6@example.com",
          password: "password123",
        }, from("2001:db8:77:2::1"));
        assert.equal(elsewhere.status, 200, elsewhere.text);
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
