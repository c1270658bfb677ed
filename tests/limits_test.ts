// Rate limits and quotas on sign-up, support chat and uploads (one limiter, lib/http/rate-limit.ts),
// punycode slugs, and the admin bootstrap facing an existing account.
import assert from "node:assert/strict";
import { type Client, startTestServer, type TestServer } from "./_helpers.ts";
import { ensureAdmin, signInWithGithub } from "../lib/auth/index.ts";

const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

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

Deno.test("punycode slugs are refused; neither the admin bootstrap nor GitHub linking hands over an account", async (t) => {
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

    await t.step(
      "GitHub sign-in to an unconfirmed account made by someone else ends their hold",
      async () => {
        const squatter = server.client();
        await squatter.register("gh-owner@example.com");
        const user = await signInWithGithub({
          id: "gh-1",
          email: "gh-owner@example.com",
          name: "O",
        });
        assert.equal(user.emailVerified, true);
        assert.equal((await squatter.get("/api/auth/me")).status, 401, "their session ended");
        const again = await server.client().post("/api/auth/login", {
          email: "gh-owner@example.com",
          password: "password123",
        });
        assert.equal(again.status, 401, "their password no longer works");
        // A confirmed account keeps its password when GitHub is linked.
        const confirmed = server.client();
        const me = await confirmed.register("gh-confirmed@example.com");
        const { kv } = await import("../lib/kv/index.ts");
        const rec = (await kv().get<Record<string, unknown>>(["users", me.id])).value!;
        await kv().set(["users", me.id], { ...rec, emailVerified: true });
        await signInWithGithub({ id: "gh-2", email: "gh-confirmed@example.com", name: "C" });
        await server.client().login("gh-confirmed@example.com", "password123");
      },
    );

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
