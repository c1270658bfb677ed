import assert from "node:assert/strict";
import { eventually, startTestServer } from "./_helpers.ts";

/** The links in verification emails sent to `to`, oldest first. */
async function mailedLinks(to: string): Promise<string[]> {
  const { kv } = await import("../lib/kv/index.ts");
  const links: string[] = [];
  for await (
    const e of kv().list<{ to: string; subject: string; text: string }>({ prefix: ["mail"] })
  ) {
    if (e.value.to === to && e.value.subject.includes("Confirm")) {
      links.push(e.value.text.match(/https?:\/\/\S+/)![0]);
    }
  }
  return links;
}

Deno.test("accounts over HTTP", async (t) => {
  const server = await startTestServer({
    ADMIN_EMAIL: "root@example.com",
    ADMIN_PASSWORD: "rootpassword",
    TRUST_PROXY: "1",
    DEV_PAGES: "1",
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
      "verification email goes out; its link verifies, and GET /api/auth/verify keeps its JSON",
      async () => {
        const c = server.client();
        const user = await c.register("verify-me@example.com");
        const link = new URL(
          await eventually(async () => (await mailedLinks("verify-me@example.com"))[0]),
        );
        assert.equal(link.pathname, "/auth/verify", "the email links to the page, not the API");
        const token = link.searchParams.get("token")!;
        const res = await c.get(`/api/auth/verify?token=${encodeURIComponent(token)}`);
        assert.equal(res.status, 200);
        assert.equal(res.body.user.id, user.id);
        assert.equal(res.body.user.emailVerified, true);
        const again = await c.get(`/api/auth/verify?token=${encodeURIComponent(token)}`);
        assert.equal(again.status, 422);
        assert.equal(again.body.error.code, "validation_failed");
        const bogus = await c.get("/api/auth/verify?token=nope");
        assert.equal(bogus.status, 422);
        // A browser opening an older email's API link lands on the page for people.
        const old = await c.get("/api/auth/verify?token=nope", {
          headers: { accept: "text/html" },
        });
        assert.equal(old.status, 303);
        assert.equal(old.headers.get("location"), "/auth/verify?token=nope");
        // Opened by a script rather than a browser, the emailed link answers as the API does.
        const scripted = await server.client().get(link.pathname + link.search);
        assert.equal(scripted.status, 422);
        assert.equal(scripted.body.error.code, "validation_failed");
      },
    );

    await t.step(
      "email verification in the browser: banner, friendly link pages, resend with limits",
      async () => {
        const { kv, keys } = await import("../lib/kv/index.ts");
        const html = { headers: { accept: "text/html" } };
        const email = "verify-page@example.com";
        const c = server.client();
        const form = await c.request("POST", "/auth/register", {
          body: new URLSearchParams({ name: "Vera", email, password: "password123" }),
        });
        assert.equal(form.status, 303);
        const me = (await c.get("/api/auth/me")).body.user;
        assert.equal(me.emailVerified, false);

        // Every page of the app shell says so, with a resend button that needs no script.
        for (const path of ["/dashboard", "/", "/marketplace"]) {
          const res = await c.get(path, html);
          assert.equal(res.status, 200, path);
          assert.match(res.text, /data-testid="verify-banner"/, path);
          assert.match(res.text, /Confirm your email/, path);
          assert.match(res.text, /verify-page@example\.com/, path);
          assert.match(res.text, /<form method="post" action="\/auth\/verify\/resend"/, path);
        }
        assert.doesNotMatch(
          (await server.client().get("/", html)).text,
          /verify-banner/,
          "not for visitors",
        );

        // Resend: not within a minute of the last email (registration sent one).
        const tooSoon = await c.request("POST", "/auth/verify/resend", html);
        assert.equal(tooSoon.status, 429);
        assert.ok(Number(tooSoon.headers.get("retry-after")) > 0);
        assert.ok(Number(tooSoon.headers.get("retry-after")) <= 60);
        assert.match(tooSoon.text, /We just sent you a link/);
        assert.equal((await mailedLinks(email)).length, 1, "no second email");

        // A minute later it sends a fresh link and says so (post, then redirect, then the page).
        const sendLog = keys.rateLimit("verify_email", me.id, 0);
        await kv().set(sendLog, [Date.now() - 61_000]);
        const resent = await c.request("POST", "/auth/verify/resend", html);
        assert.equal(resent.status, 303);
        assert.equal(resent.headers.get("location"), "/auth/verify?sent=1");
        const sentPage = await c.get("/auth/verify?sent=1", html);
        assert.equal(sentPage.status, 200);
        assert.match(sentPage.text, /We sent a new link to/);
        assert.doesNotMatch(sentPage.text, /verify-banner/, "the page itself is the reminder");
        const links = await mailedLinks(email);
        assert.equal(links.length, 2);

        // Five a day at most: then the wait is counted in hours.
        const hour = 3600_000;
        await kv().set(sendLog, [5, 4, 3, 2, 1].map((h) => Date.now() - h * hour));
        const capped = await c.request("POST", "/auth/verify/resend", html);
        assert.equal(capped.status, 429);
        assert.ok(Number(capped.headers.get("retry-after")) > 60);
        assert.match(capped.text, /several confirmation links today/);
        await kv().delete(sendLog);

        // A link that is not (or no longer) valid: a friendly page offering a new link.
        const bad = await c.get("/auth/verify?token=not-a-real-token", html);
        assert.equal(bad.status, 422);
        assert.match(bad.text, /This link has expired or was already used/);
        assert.match(bad.text, /action="\/auth\/verify\/resend"/);
        assert.doesNotMatch(bad.text, /"error"/, "no raw JSON");
        const badAnon = await server.client().get("/auth/verify?token=not-a-real-token", html);
        assert.equal(badAnon.status, 422);
        assert.match(badAnon.text, /Sign in to get a new link/);

        // The first link still works (both do, for 48 hours); it confirms, and says so.
        const first = new URL(links[0]);
        const ok = await c.get(first.pathname + first.search, html);
        assert.equal(ok.status, 200);
        assert.match(ok.text, /Email confirmed/);
        assert.match(ok.text, /verify-page@example\.com/);
        assert.doesNotMatch(ok.text, /verify-banner/);
        assert.equal((await c.get("/api/auth/me")).body.user.emailVerified, true);
        assert.doesNotMatch((await c.get("/dashboard", html)).text, /verify-banner/);

        // Opened again (a second click, or after a mail scanner): already confirmed, not an error.
        const reused = await server.client().get(first.pathname + first.search, html);
        assert.equal(reused.status, 200);
        assert.match(reused.text, /already confirmed/);
        // The API keeps its contract: a used link is a 422 there.
        assert.equal((await c.get("/api/auth/verify?" + first.searchParams)).status, 422);

        // Confirmed: resend sends nothing and the page says all is well.
        const after = await c.request("POST", "/auth/verify/resend", html);
        assert.equal(after.status, 303);
        assert.match((await c.get("/auth/verify?sent=1", html)).text, /Your email is confirmed/);
        assert.equal((await mailedLinks(email)).length, 2);

        // Signed out, resend leads to sign-in; from another site it is refused.
        const anon = await server.client().request("POST", "/auth/verify/resend", html);
        assert.equal(anon.status, 303);
        assert.equal(anon.headers.get("location"), "/auth/login?next=%2Fauth%2Fverify");
        const csrf = await c.request("POST", "/auth/verify/resend", {
          headers: { accept: "text/html", origin: "https://evil.example" },
        });
        assert.equal(csrf.status, 403);
        const noToken = await server.client().get("/auth/verify", html);
        assert.equal(noToken.status, 303);
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
      const { kv } = await import("../lib/kv/index.ts");
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
      // The dev mailbox that held the link opens to this machine only (tests/dev_pages_test.ts).
      const far = { headers: { accept: "text/html", "x-forwarded-for": "203.0.113.9" } };
      assert.equal((await server.client().get("/dev/mailbox", far)).status, 404);
      assert.equal(
        (await server.client().get("/dev/mailbox", { headers: { accept: "text/html" } })).status,
        200,
      );
      const root = server.client();
      await root.login("root@example.com", "rootpassword");
      assert.equal((await root.get("/dev/mailbox", far)).status, 404, "not even for an admin");
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
      "without an Origin: scripts with cookies pass; Sec-Fetch-Site cross-site or same-site is refused",
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

        // Session cookies without an Origin (a script keeping cookies): accepted, unless
        // Sec-Fetch-Site says a browser sent it from another site.
        for (
          const [path, headers] of [
            ["/api/pages", { cookie, "sec-fetch-site": "cross-site" }],
            ["/api/pages", { cookie, "sec-fetch-site": "same-site" }],
            ["/api/auth/refresh", { cookie: refreshOnly, "sec-fetch-site": "cross-site" }],
          ] as const
        ) {
          const res = await fetch(`${server.origin}${path}`, json(headers, { name: "CSRF" }));
          assert.equal(res.status, 403, `${path} with ${Object.keys(headers).join(", ")}`);
          assert.equal((await res.json()).error.code, "forbidden");
        }
        const scripted = await fetch(
          `${server.origin}/api/pages`,
          json({ cookie }, { name: "Scripted" }),
        );
        assert.equal(scripted.status, 201);
        await scripted.body?.cancel();
        const refreshed = await fetch(
          `${server.origin}/api/auth/refresh`,
          json({ cookie: refreshOnly }),
        );
        assert.equal(refreshed.status, 200, "refresh by cookie from a script");
        await refreshed.body?.cancel();
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
          ["By API", "Same origin", "Scripted", "With Origin"],
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
