import assert from "node:assert/strict";
import { eventually, startTestServer } from "./_helpers.ts";

Deno.test("accounts over HTTP", async (t) => {
  const server = await startTestServer({
    ADMIN_EMAIL: "root@example.com",
    ADMIN_PASSWORD: "rootpassword",
    TRUST_PROXY: "1",
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
        // Failures from one address do not lock the owner out from theirs.
        const own = await c.post("/api/auth/login", {
          email: "throttle@example.com",
          password: "password123",
        }, { headers: { "x-forwarded-for": "203.0.113.7" } });
        assert.equal(own.status, 200, own.text);
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
      // A session signed in elsewhere before the reset (a stolen refresh token, say).
      const elsewhere = (await c.post("/api/auth/login", {
        email: "reset@example.com",
        password: "password123",
      })).body.refreshToken;
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
      // The dev mailbox that held the link opens to this machine and to admins only.
      const far = { headers: { accept: "text/html", "x-forwarded-for": "203.0.113.9" } };
      assert.equal((await server.client().get("/dev/mailbox", far)).status, 404);
      assert.equal(
        (await server.client().get("/dev/mailbox", { headers: { accept: "text/html" } })).status,
        200,
      );
      const root = server.client();
      await root.login("root@example.com", "rootpassword");
      assert.equal((await root.get("/dev/mailbox", far)).status, 200);
      const stale = await server.client().post("/api/auth/refresh", { refreshToken: elsewhere });
      assert.equal(stale.status, 401, "sessions from before the reset end too");
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

    await t.step(
      "login trims and case-folds the email, as registration does",
      async () => {
        const c = server.client();
        const user = await c.register("Sam.Trim@Example.com");
        for (
          const email of [
            " sam.trim@example.com",
            "sam.trim@example.com  ",
            "\tSAM.TRIM@EXAMPLE.COM\n",
            "Sam.Trim@Example.com",
          ]
        ) {
          const res = await server.client().post("/api/auth/login", {
            email,
            password: "password123",
          });
          assert.equal(res.status, 200, `login as ${JSON.stringify(email)}: ${res.text}`);
          assert.equal(res.body.user.id, user.id);
        }
        const form = await server.client().request("POST", "/auth/login", {
          body: new URLSearchParams({ email: " SAM.trim@example.com ", password: "password123" }),
        });
        assert.equal(form.status, 303, "the no-JS form signs in too");
        const dup = await server.client().post("/api/auth/register", {
          email: " sam.trim@example.com ",
          password: "password123",
          name: "Dup",
        });
        assert.equal(dup.status, 409);
      },
    );

    await t.step(
      "logout ends the session's access tokens too (Bearer and cookie); other sessions live on",
      async () => {
        const me = (token: string, how: "bearer" | "cookie") =>
          fetch(`${server.origin}/api/auth/me`, {
            headers: how === "bearer" ? { authorization: `Bearer ${token}` } : {
              cookie: `lh_at=${token}`,
            },
          }).then(async (r) => (await r.body?.cancel(), r.status));

        // Logout by Bearer token alone (an API client): the token's own session ends.
        const api = server.client();
        await api.register("logout-bearer@example.com");
        const other = server.client();
        await other.login("logout-bearer@example.com", "password123");
        const apiToken = api.token!;
        assert.equal(await me(apiToken, "bearer"), 200);
        const out = await fetch(`${server.origin}/api/auth/logout`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiToken}` },
        });
        assert.equal(out.status, 204);
        assert.equal(await me(apiToken, "bearer"), 401, "the old access token is revoked");
        assert.equal(await me(apiToken, "cookie"), 401);
        assert.equal(await me(other.token!, "bearer"), 200, "another session is untouched");
        assert.equal((await other.request("GET", "/api/auth/me", { bearer: false })).status, 200);

        // Logout by cookie (the browser): the access cookie's token is revoked, by either route.
        const browser = server.client();
        await browser.register("logout-cookie@example.com");
        browser.token = null;
        const accessCookie = browser.cookies.get("lh_at")!;
        assert.ok(accessCookie);
        assert.equal(await me(accessCookie, "cookie"), 200);
        assert.equal((await browser.post("/api/auth/logout")).status, 204);
        assert.equal(await me(accessCookie, "cookie"), 401);
        assert.equal(await me(accessCookie, "bearer"), 401);

        const form = server.client();
        await form.register("logout-form@example.com");
        form.token = null;
        const formCookie = form.cookies.get("lh_at")!;
        const formOut = await form.request("POST", "/auth/logout", {
          body: new URLSearchParams({}),
        });
        assert.ok([302, 303].includes(formOut.status), `form logout: ${formOut.status}`);
        assert.equal(await me(formCookie, "cookie"), 401, "the no-JS logout revokes it too");

        // A replayed refresh token revokes its family, and with it the family's access tokens.
        const replayed = server.client();
        await replayed.register("logout-replay@example.com");
        const login = await replayed.post("/api/auth/login", {
          email: "logout-replay@example.com",
          password: "password123",
        });
        const access = login.body.accessToken;
        const first = login.body.refreshToken;
        assert.equal(
          (await replayed.post("/api/auth/refresh", { refreshToken: first })).status,
          200,
        );
        assert.equal(await me(access, "bearer"), 200);
        assert.equal(
          (await replayed.post("/api/auth/refresh", { refreshToken: first })).status,
          401,
        );
        assert.equal(await me(access, "bearer"), 401);
      },
    );

    await t.step(
      "without an Origin: sign-in works, but session cookies need Sec-Fetch-Site same-origin",
      async () => {
        // A script with no cookies (curl) signs in without an Origin, as before.
        const json = (headers: Record<string, string>, body: unknown = {}) => ({
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(body),
        });
        const reg = await fetch(
          `${server.origin}/api/auth/register`,
          json({}, { email: "no-origin@example.com", password: "password123", name: "N" }),
        );
        assert.equal(reg.status, 201);
        await reg.body?.cancel();
        const login = await fetch(
          `${server.origin}/api/auth/login`,
          json({}, { email: "no-origin@example.com", password: "password123" }),
        );
        assert.equal(login.status, 200);
        const body = await login.json();
        const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
        assert.match(cookie, /lh_at=.*lh_rt=/);
        const refreshOnly = cookie.split("; ").filter((c) => c.startsWith("lh_rt=")).join("");

        // A bearer-authenticated write needs no Origin.
        const bearerWrite = await fetch(
          `${server.origin}/api/pages`,
          json({ authorization: `Bearer ${body.accessToken}` }, { name: "By API" }),
        );
        assert.equal(bearerWrite.status, 201);
        await bearerWrite.body?.cancel();

        // Session cookies without an Origin: refused unless Sec-Fetch-Site says same-origin.
        for (
          const [path, headers] of [
            ["/api/pages", { cookie }],
            ["/api/pages", { cookie, referer: "https://evil.example/" }],
            ["/api/pages", { cookie, "sec-fetch-site": "none" }],
            ["/api/auth/logout", { cookie }],
            ["/api/auth/refresh", { cookie: refreshOnly }],
            ["/api/auth/logout", { cookie: refreshOnly }],
          ] as const
        ) {
          const res = await fetch(`${server.origin}${path}`, json(headers, { name: "CSRF" }));
          assert.equal(res.status, 403, `${path} with ${Object.keys(headers).join(", ")}`);
          assert.equal((await res.json()).error.code, "forbidden");
        }
        const sameOrigin = await fetch(
          `${server.origin}/api/pages`,
          json({ cookie, "sec-fetch-site": "same-origin" }, { name: "Same origin" }),
        );
        assert.equal(sameOrigin.status, 201);
        await sameOrigin.body?.cancel();
        const withOrigin = await fetch(
          `${server.origin}/api/pages`,
          json({ cookie, origin: server.origin }, { name: "With Origin" }),
        );
        assert.equal(withOrigin.status, 201);
        await withOrigin.body?.cancel();
        // A foreign Origin is refused even without a session (no login CSRF).
        const foreignLogin = await fetch(
          `${server.origin}/api/auth/login`,
          json(
            { origin: "https://evil.example" },
            { email: "no-origin@example.com", password: "password123" },
          ),
        );
        assert.equal(foreignLogin.status, 403);
        await foreignLogin.body?.cancel();
        const pages = await fetch(`${server.origin}/api/pages`, {
          headers: { authorization: `Bearer ${body.accessToken}` },
        }).then((r) => r.json());
        assert.deepEqual(
          pages.items.map((p: { name: string }) => p.name).sort(),
          ["By API", "Same origin", "With Origin"],
        );
      },
    );

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
      // After signing in, only a path on this app: never another host, never a 500.
      for (
        const [next, to] of [
          ["/pages?tab=1#top", "/pages?tab=1#top"],
          ["//evil.example/", "/dashboard"],
          ["/\\evil.example", "/dashboard"],
          ["/\t/evil.example", "/dashboard"],
          ["/\r\nSet-Cookie: x=1", "/dashboard"],
          ["https://evil.example/", "/dashboard"],
        ]
      ) {
        const signIn = await server.client().request(
          "POST",
          `/auth/login?next=${encodeURIComponent(next)}`,
          { body: new URLSearchParams({ email: "form@example.com", password: "password123" }) },
        );
        assert.equal(signIn.status, 303, next);
        assert.equal(signIn.headers.get("location"), to, next);
      }
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
