import assert from "node:assert/strict";
import { eventually, startTestServer } from "./_helpers.ts";

Deno.test("accounts over HTTP", async (t) => {
  const server = await startTestServer({
    ADMIN_EMAIL: "root@example.com",
    ADMIN_PASSWORD: "rootpassword",
  });
  try {
    await t.step("health", async () => {
      const res = await server.client().get("/api/health");
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { ok: true, kv: "ok" });
    });

    await t.step(
      "register returns the user without secrets; duplicate email in any case is 409",
      async () => {
        const c = server.client();
        const res = await c.post("/api/auth/register", {
          email: "Jane@Example.com",
          password: "password123",
          name: "Jane",
        });
        assert.equal(res.status, 201);
        assert.equal(res.body.user.email, "Jane@Example.com");
        assert.equal(res.body.user.role, "user");
        assert.deepEqual(res.body.user.balance, {
          available: 0,
          held: 0,
          currency: "usd",
        });
        assert.ok(res.body.accessToken);
        for (const secret of ["passwordHash", "password", "tokenVersion"]) {
          assert.ok(!(secret in res.body.user), `${secret} leaked`);
        }
        assert.ok(!res.text.includes("scrypt$"));
        const cookies = res.headers.getSetCookie().join("\n");
        assert.match(cookies, /lh_rt=.*HttpOnly/i);
        assert.match(cookies, /SameSite=Lax/i);
        assert.doesNotMatch(cookies, /Domain=/i);

        const dup = await server.client().post("/api/auth/register", {
          email: "jane@EXAMPLE.com",
          password: "password123",
          name: "J",
        });
        assert.equal(dup.status, 409);
        assert.equal(dup.body.error.code, "email_taken");
      },
    );

    await t.step("bad input is a clear 4xx", async () => {
      const c = server.client();
      const bad = await c.post("/api/auth/register", {
        email: "nope",
        password: "short",
        name: "",
      });
      assert.equal(bad.status, 422);
      assert.ok(bad.body.error.fields.email);
      assert.ok(bad.body.error.fields.password);
      const malformed = await c.request("POST", "/api/auth/register", {
        body: "{not json",
        headers: { "content-type": "application/json" },
      });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error.code, "malformed_json");
      const huge = await c.request("POST", "/api/auth/register", {
        body: JSON.stringify({
          email: "x@y.z",
          password: "p".repeat(2_000_000),
          name: "x",
        }),
        headers: { "content-type": "application/json" },
      });
      assert.equal(huge.status, 413);
    });

    await t.step(
      "verification email goes out and its link verifies",
      async () => {
        const c = server.client();
        const user = await c.register("verify-me@example.com");
        const { kv } = await import("../lib/kv.ts");
        const link: string = await eventually(async () => {
          for await (
            const e of kv().list<{ to: string; text: string; status: string }>({
              prefix: ["mail"],
            })
          ) {
            if (
              e.value.to === "verify-me@example.com" &&
              e.value.status === "dev_mailbox"
            ) {
              return e.value.text.match(/https?:\/\/\S+/)![0];
            }
          }
          return "";
        });
        const res = await c.get(new URL(link).pathname + new URL(link).search);
        assert.equal(res.status, 200);
        assert.equal(res.body.user.id, user.id);
        assert.equal(res.body.user.emailVerified, true);
        const again = await c.get(
          new URL(link).pathname + new URL(link).search,
        );
        assert.equal(again.status, 422);
      },
    );

    await t.step(
      "wrong password and unknown email give the same 401; the 6th failure is 429",
      async () => {
        const c = server.client();
        await c.register("throttle@example.com");
        const wrong = await c.post("/api/auth/login", {
          email: "throttle@example.com",
          password: "wrong-password",
        });
        const unknown = await c.post("/api/auth/login", {
          email: "ghost@example.com",
          password: "wrong-password",
        });
        assert.equal(wrong.status, 401);
        assert.equal(unknown.status, 401);
        assert.deepEqual(wrong.body, unknown.body);
        for (let i = 0; i < 4; i++) {
          assert.equal(
            (await c.post("/api/auth/login", {
              email: "throttle@example.com",
              password: "bad",
            })).status,
            401,
          );
        }
        const sixth = await c.post("/api/auth/login", {
          email: "throttle@example.com",
          password: "password123",
        });
        assert.equal(sixth.status, 429);
        assert.ok(Number(sixth.headers.get("retry-after")) > 0);
        assert.equal(sixth.body.error.code, "rate_limited");
      },
    );

    await t.step(
      "refresh rotates; replaying an old token revokes the family",
      async () => {
        const c = server.client();
        await c.register("rotate@example.com");
        const login = await c.post("/api/auth/login", {
          email: "rotate@example.com",
          password: "password123",
        });
        const first = login.body.refreshToken;
        const r1 = await c.post("/api/auth/refresh", { refreshToken: first });
        assert.equal(r1.status, 200);
        assert.ok(r1.body.accessToken);
        const second = r1.body.refreshToken;
        assert.notEqual(second, first);
        const replay = await c.post("/api/auth/refresh", {
          refreshToken: first,
        });
        assert.equal(replay.status, 401);
        const newer = await c.post("/api/auth/refresh", {
          refreshToken: second,
        });
        assert.equal(
          newer.status,
          401,
          "the newer token must die with its family",
        );
      },
    );

    await t.step("refresh by cookie", async () => {
      const c = server.client();
      await c.register("cookie@example.com");
      c.token = null;
      const res = await c.post("/api/auth/refresh");
      assert.equal(res.status, 200);
      const me = await c.get("/api/auth/me");
      assert.equal(me.status, 200, "the rotated access cookie signs in");
      assert.equal(me.body.user.email, "cookie@example.com");
    });

    await t.step(
      "me with the access token; without it 401; logout ends the cookie session",
      async () => {
        const c = server.client();
        const user = await c.register("me@example.com");
        const me = await c.get("/api/auth/me");
        assert.equal(me.status, 200);
        assert.equal(me.body.user.id, user.id);
        const anon = await server.client().get("/api/auth/me");
        assert.equal(anon.status, 401);
        assert.equal(anon.body.error.code, "unauthorized");
        const forged = server.client();
        forged.token = c.token!.slice(0, -4) + "AAAA";
        assert.equal((await forged.get("/api/auth/me")).status, 401);
        c.token = null;
        assert.equal((await c.request("POST", "/api/auth/logout")).status, 204);
        assert.equal((await c.get("/api/auth/me")).status, 401);
      },
    );

    await t.step(
      "cookie-authenticated unsafe requests from another origin are refused",
      async () => {
        const c = server.client();
        await c.register("csrf@example.com");
        c.token = null;
        const res = await c.request("POST", "/api/auth/logout", {
          headers: { origin: "http://evil.example" },
        });
        assert.equal(res.status, 403);
        assert.equal(
          (await c.get("/api/auth/me")).status,
          200,
          "still signed in",
        );
      },
    );

    await t.step("password reset by emailed link", async () => {
      const c = server.client();
      await c.register("reset@example.com");
      assert.equal(
        (await c.post("/api/auth/reset/request", {
          email: "reset@example.com",
        })).status,
        202,
      );
      assert.equal(
        (await c.post("/api/auth/reset/request", {
          email: "nobody@example.com",
        })).status,
        202,
      );
      const { kv } = await import("../lib/kv.ts");
      let token = "";
      for await (
        const e of kv().list<{ to: string; subject: string; text: string }>({
          prefix: ["mail"],
        })
      ) {
        if (
          e.value.to === "reset@example.com" &&
          e.value.subject.includes("Reset")
        ) {
          token = decodeURIComponent(e.value.text.match(/token=(\S+)/)![1]);
        }
      }
      assert.ok(token);
      const oldAccess = c.token;
      assert.equal(
        (await c.post("/api/auth/reset", { token, password: "brand-new-pass" }))
          .status,
        200,
      );
      assert.equal(
        (await c.get("/api/auth/me")).status,
        401,
        "old access tokens stop working",
      );
      c.token = oldAccess;
      const fresh = server.client();
      await fresh.login("reset@example.com", "brand-new-pass");
      assert.equal((await fresh.get("/api/auth/me")).status, 200);
    });

    await t.step(
      "admin-only routes: a user gets 403, the bootstrapped admin passes",
      async () => {
        const admin = server.client();
        const me = await admin.login("root@example.com", "rootpassword");
        assert.equal(me.role, "admin");
        const user = server.client();
        const u = await user.register("plain@example.com");
        const denied = await user.get("/api/admin/users");
        assert.equal(denied.status, 403);
        assert.equal(denied.body.error.code, "forbidden");
        assert.equal(
          (await server.client().get("/api/admin/users")).status,
          401,
        );
        const found = await admin.get("/api/admin/users?q=plain@");
        assert.equal(found.status, 200);
        assert.deepEqual(found.body.items.map((x: { id: string }) => x.id), [
          u.id,
        ]);
        const admins = await admin.get("/api/admin/users?role=admin");
        assert.deepEqual(
          admins.body.items.map((x: { email: string }) => x.email),
          ["root@example.com"],
        );
      },
    );

    await t.step("a suspended user loses access at once", async () => {
      const admin = server.client();
      await admin.login("root@example.com", "rootpassword");
      const user = server.client();
      const u = await user.register("suspend-me@example.com");
      assert.equal((await user.get("/api/auth/me")).status, 200);
      const res = await admin.patch(`/api/admin/users/${u.id}`, {
        suspended: true,
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.user.suspended, true);
      assert.equal((await user.get("/api/auth/me")).status, 401);
      const relogin = await server.client().post("/api/auth/login", {
        email: "suspend-me@example.com",
        password: "password123",
      });
      assert.equal(relogin.status, 403);
      await admin.patch(`/api/admin/users/${u.id}`, { suspended: false });
      assert.equal((await user.get("/api/auth/me")).status, 200, "restored");
    });

    await t.step("auth pages work without JavaScript", async () => {
      const c = server.client();
      const form = await c.get("/auth/register");
      assert.equal(form.status, 200);
      assert.doesNotMatch(form.text, /<script/);
      const res = await c.request("POST", "/auth/register", {
        body: new URLSearchParams({
          name: "Form User",
          email: "form@example.com",
          password: "password123",
        }),
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/dashboard?welcome=1");
      assert.equal(
        (await c.get("/api/auth/me")).body.user.email,
        "form@example.com",
      );
      const again = await server.client().request("POST", "/auth/login", {
        body: new URLSearchParams({
          email: "form@example.com",
          password: "nope-nope",
        }),
      });
      assert.equal(again.status, 401);
      assert.match(again.text, /Email or password is incorrect/);
    });
  } finally {
    await server.close();
  }
});

Deno.test("an expired access cookie is renewed in passing, also for concurrent requests", async () => {
  const server = await startTestServer();
  try {
    const c = server.client();
    await c.register("renew@example.com");
    c.token = null;
    // Drop the access cookie, as the browser does when it expires.
    for (const name of [...c.cookies.keys()]) if (name.endsWith("lh_at")) c.cookies.delete(name);
    const replies = await Promise.all([
      c.get("/api/pages"),
      c.get("/api/pages"),
      c.get("/api/pages"),
    ]);
    assert.deepEqual(replies.map((r) => r.status), [200, 200, 200]);
    const after = await c.get("/api/pages");
    assert.equal(after.status, 200, "the session survives the concurrent renewals");
    assert.equal((await c.get("/api/auth/me")).status, 200);
    // The explicit refresh endpoint keeps strict reuse detection (tested above).
  } finally {
    await server.close();
  }
});
