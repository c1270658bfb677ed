// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Access control: another user's objects are "not found", admin routes are admins only, suspended
// and demoted accounts lose access at once, forged or expired tokens are refused, and
// cookie-authenticated writes must come from the app's own origin.
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import {
  type Client,
  eventually,
  hostRequest,
  startTestServer,
  type TestServer,
} from "./_helpers.ts";
import { createApp } from "../main.ts";
import { routeTable, samplePath } from "./_routes.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";

const JWT_SECRET = "access-test-signing-secret-0123456789";
const EVIL = "https://evil.example";

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

/** Counts every status assertion, so the report can say how many access checks ran. */
let checks = 0;
function expectStatus(res: { status: number; text?: string }, expected: number, label: string) {
  checks++;
  assert.equal(
    res.status,
    expected,
    `${label}: expected ${expected}, got ${res.status} ${res.text ?? ""}`,
  );
}

/** A request whose body we do not read past the status (event streams must not hang the test). */
async function probe(
  server: TestServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  const res = await fetch(server.origin + path, {
    method,
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(3000),
  });
  const type = res.headers.get("content-type") ?? "";
  const text = type.includes("event-stream") ? "" : await res.text();
  if (type.includes("event-stream")) await res.body?.cancel();
  return { status: res.status, text, headers: res.headers };
}

/** The client's session cookies as one Cookie header (for requests without an Origin). */
const cookieHeader = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

const b64url = (v: unknown) =>
  btoa(JSON.stringify(v)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

Deno.test({
  name: "access control: other users' objects, admin routes, suspension, tokens, origin checks",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    const started = Date.now();
    const server = await startTestServer({
      ...ADMIN_ENV,
      JWT_SECRET,
      FORM_RATE_PER_MINUTE: "0",
    });
    try {
      const admin = await adminClient(server);
      const adminUser = (await admin.get("/api/auth/me")).body.user;

      // ---------- A's objects: an approved listing (fixture), a draft page with a revision, a
      // published page with a form and a lead, a pending listing, an order, a support room.
      const alpha = await approvedListing(server, admin, 4900, "Alpha Template");
      const a = alpha.seller;
      const aUser = alpha.sellerUser;
      const beta = await approvedListing(server, admin, 2900, "Beta Template");
      const b = beta.seller;
      const bUser = beta.sellerUser;

      const draft = (await a.post("/api/pages", { name: "Alpha Draft" })).body.page;
      expectStatus(
        await a.put(`/api/pages/${draft.id}`, {
          version: 1,
          content: { blocks: [{ id: "h", type: "hero", props: { headline: "Draft v2" } }] },
        }),
        200,
        "A edits the draft",
      );
      const revId = (await a.get(`/api/pages/${draft.id}/revisions`)).body.items[0].id;

      const site = (await a.post("/api/pages", { name: "Alpha Leads", slug: "alpha-leads" })).body
        .page;
      expectStatus(
        await a.put(`/api/pages/${site.id}`, { version: 1, content: { blocks: [formBlock] } }),
        200,
        "A adds a form",
      );
      expectStatus(await a.post(`/api/pages/${site.id}/publish`), 200, "A publishes");
      const siteHost = `alpha-leads.${server.sitesDomain}`;
      const lead = await hostRequest(server.port, siteHost, "/forms/signup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Lena", email: "lena@example.com" }),
      });
      expectStatus(lead, 201, "a visitor submits the form");
      const leadId = (await a.get(`/api/pages/${site.id}/leads`)).body.items[0].id;

      const pending = (await a.post("/api/marketplace", {
        pageId: site.id,
        title: "Alpha Leads Kit",
        description: "A lead capture page for agencies.",
        category: "agency",
        price: 1900,
      })).body.listing;
      assert.equal(pending.status, "pending");

      const pay = await a.post("/api/payment/create", { listingId: beta.listing.id });
      expectStatus(pay, 201, "A starts a checkout for B's listing");
      const txId = pay.body.transactionId;
      expectStatus(
        await deliver(server, checkoutCompleted("evt_access_1", txId)),
        200,
        "the signed webhook completes A's order",
      );
      const order = (await a.get("/api/orders")).body.items[0];
      assert.equal(order.status, "delivered");

      const room = (await a.post("/api/chat/rooms", {
        subject: "Custom domain",
        message: "Can I use my own domain for a page?",
      })).body.room;
      // The assistant answers asynchronously; wait so the snapshot below is stable.
      await eventually(async () =>
        (await a.get(`/api/chat/rooms/${room.id}/messages`)).body.items.length >= 2
      );

      const snapshot = async () => ({
        me: (await a.get("/api/auth/me")).body.user,
        draft: (await a.get(`/api/pages/${draft.id}`)).body.page,
        site: (await a.get(`/api/pages/${site.id}`)).body.page,
        copy: (await a.get(`/api/pages/${order.createdPageId}`)).body.page,
        pages: (await a.get("/api/pages")).body.items.map((p: any) => p.id).sort(),
        revisions: (await a.get(`/api/pages/${draft.id}/revisions`)).body.items,
        leads: (await a.get(`/api/pages/${site.id}/leads`)).body.items,
        listing: (await a.get(`/api/marketplace/${alpha.listing.id}`)).body.listing,
        pending: (await a.get(`/api/marketplace/${pending.id}`)).body.listing,
        reviews: (await a.get(`/api/marketplace/${alpha.listing.id}/reviews`)).body.items,
        orders: (await a.get("/api/orders")).body.items,
        room: (await a.get(`/api/chat/rooms/${room.id}`)).body.room,
        messages: (await a.get(`/api/chat/rooms/${room.id}/messages`)).body.items,
        faqs: (await a.get("/api/faqs")).body.items,
      });
      const before = await snapshot();
      assert.equal(before.draft.version, 2);
      assert.equal(before.site.status, "published");
      assert.equal(before.leads.length, 1);

      await t.step("B gets 404 for every route that names one of A's objects", async () => {
        const notFound: [string, string, unknown?][] = [
          ["GET", `/api/pages/${draft.id}`],
          ["GET", `/api/pages/${site.id}`],
          ["GET", `/api/pages/${order.createdPageId}`],
          ["PUT", `/api/pages/${draft.id}`, { version: 2, name: "Hijacked" }],
          ["PUT", `/api/pages/${site.id}`, { version: 3, slug: "stolen-slug" }],
          ["DELETE", `/api/pages/${draft.id}`],
          ["DELETE", `/api/pages/${site.id}`],
          ["POST", `/api/pages/${draft.id}/publish`, {}],
          ["POST", `/api/pages/${site.id}/unpublish`, {}],
          ["POST", `/api/pages/${site.id}/duplicate`, {}],
          ["GET", `/api/pages/${draft.id}/revisions`],
          ["POST", `/api/pages/${draft.id}/revisions/${revId}/restore`, { version: 2 }],
          ["GET", `/api/pages/${site.id}/leads`],
          ["GET", `/api/pages/${site.id}/leads?status=new`],
          ["GET", `/api/pages/${site.id}/leads.csv`],
          ["PATCH", `/api/pages/${site.id}/leads/${leadId}`, { status: "won", tags: ["x"] }],
          // B's own page id with A's lead or revision id does not reach A's data either.
          ["PATCH", `/api/pages/${beta.page.id}/leads/${leadId}`, { status: "lost" }],
          ["POST", `/api/pages/${beta.page.id}/revisions/${revId}/restore`, { version: 2 }],
          ["POST", "/api/marketplace", {
            pageId: site.id,
            title: "Stolen page",
            description: "Somebody else's page, listed by B.",
            category: "other",
            price: 500,
          }],
          ["GET", `/api/marketplace/${pending.id}`],
          ["GET", `/api/marketplace/${pending.id}/reviews`],
          ["PUT", `/api/marketplace/${alpha.listing.id}`, { price: 100 }],
          ["PUT", `/api/marketplace/${pending.id}`, { title: "Taken over" }],
          ["DELETE", `/api/marketplace/${alpha.listing.id}`],
          ["POST", "/api/payment/create", { listingId: pending.id }],
          ["GET", `/api/chat/rooms/${room.id}`],
          ["GET", `/api/chat/rooms/${room.id}/messages`],
          ["GET", `/api/chat/rooms/${room.id}/messages?after=0`],
          ["POST", `/api/chat/rooms/${room.id}/messages`, { message: "I can read this?" }],
          ["POST", `/api/chat/rooms/${room.id}/read`, {}],
          ["GET", `/api/chat/rooms/${room.id}/events`],
        ];
        for (const [method, path, json] of notFound) {
          const headers: Record<string, string> = {
            authorization: `Bearer ${b.token}`,
            origin: server.origin,
          };
          if (json !== undefined) headers["content-type"] = "application/json";
          const body = json === undefined ? undefined : JSON.stringify(json);
          const res = await probe(server, method, path, headers, body);
          expectStatus(res, 404, `B ${method} ${path}`);
          assert.equal(JSON.parse(res.text).error.code, "not_found");
        }
        // The same through the HTML pages and form posts (cookie session).
        const html = { accept: "text/html", origin: server.origin, cookie: cookieHeader(b) };
        for (
          const [method, path] of [
            ["GET", `/pages/${draft.id}/edit`],
            ["GET", `/pages/${draft.id}/preview`],
            ["GET", `/pages/${site.id}/leads`],
            ["POST", `/pages/${site.id}/publish`],
            ["POST", `/pages/${site.id}/unpublish`],
            ["POST", `/pages/${site.id}/duplicate`],
            ["POST", `/pages/${draft.id}/delete`],
            ["POST", `/pages/${site.id}/leads/${leadId}`],
            ["GET", `/marketplace/${alpha.listing.id}/edit`],
            ["POST", `/marketplace/${alpha.listing.id}/edit`],
            ["POST", `/marketplace/${alpha.listing.id}/withdraw`],
            ["GET", `/checkout/test/${txId}`],
            ["POST", `/checkout/test/${txId}/pay`],
            ["GET", `/checkout/success?tx=${txId}`],
          ]
        ) {
          const res = await probe(server, method, path, {
            ...html,
            ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
          }, method === "POST" ? "status=won&tags=mine" : undefined);
          expectStatus(res, 404, `B ${method} ${path} (HTML)`);
        }
        // Lists show only B's own things.
        const rooms = (await b.get("/api/chat/rooms")).body.items;
        assert.ok(!rooms.some((r: any) => r.id === room.id), "A's room is not in B's list");
        const bOrders = (await b.get("/api/orders")).body.items;
        assert.ok(!bOrders.some((o: any) => o.id === order.id), "A's order is not B's purchase");
        const bPages = (await b.get("/api/pages")).body.items.map((p: any) => p.id);
        assert.ok(!bPages.includes(draft.id) && !bPages.includes(site.id));
        checks += 3;
      });

      await t.step("reviews: only a buyer may review (403 per contract)", async () => {
        expectStatus(
          await b.post(`/api/marketplace/${alpha.listing.id}/reviews`, { rating: 1, comment: "x" }),
          403,
          "B reviews A's listing without buying it",
        );
        expectStatus(
          await b.post(`/api/marketplace/${beta.listing.id}/reviews`, { rating: 5, comment: "me" }),
          403,
          "B reviews B's own listing",
        );
        const stranger = server.client();
        await stranger.register();
        expectStatus(
          await stranger.post(`/api/marketplace/${beta.listing.id}/reviews`, { rating: 1 }),
          403,
          "a user who did not buy",
        );
        // The buyer can (so the 403s above are about who, not about the route).
        expectStatus(
          await a.post(`/api/marketplace/${beta.listing.id}/reviews`, {
            rating: 4,
            comment: "ok for me",
          }),
          201,
          "A reviews what A bought",
        );
        const listing = (await b.get(`/api/marketplace/${beta.listing.id}`)).body.listing;
        assert.equal(listing.reviewCount, 1, "only the buyer's review counted");
      });

      await t.step(
        "a signed-in user gets 403 from every admin route; anonymous gets 401",
        async () => {
          const faq = (await admin.post("/api/admin/faqs", {
            question: "What is LandingHub?",
            answer: "A landing page builder.",
          })).body.faq;
          const adminRoutes: [string, string, unknown?][] = [
            ["GET", "/api/admin/users"],
            ["GET", "/api/admin/users?role=admin"],
            ["PATCH", `/api/admin/users/${aUser.id}`, { suspended: true }],
            ["PATCH", `/api/admin/users/${bUser.id}`, { role: "admin" }],
            ["GET", "/api/admin/marketplace?status=pending"],
            ["POST", `/api/admin/marketplace/${pending.id}/approve`, {}],
            ["POST", `/api/admin/marketplace/${alpha.listing.id}/reject`, {
              reason: "Spam, sorry",
            }],
            ["GET", "/api/admin/orders"],
            ["POST", `/api/admin/orders/${order.id}/refund`, {}],
            ["GET", "/api/admin/payouts"],
            ["POST", "/api/admin/payouts/01JZZZZZZZZZZZZZZZZZZZZZZZ/paid", {}],
            ["POST", `/api/admin/chat/rooms/${room.id}/assign`, {}],
            ["POST", `/api/admin/chat/rooms/${room.id}/assign`, { adminId: bUser.id }],
            ["POST", `/api/admin/chat/rooms/${room.id}/resolve`, {}],
            ["POST", `/api/admin/chat/rooms/${room.id}/reopen`, {}],
            ["PATCH", `/api/admin/chat/rooms/${room.id}`, { priority: "high" }],
            ["GET", "/api/admin/chat/events"],
            ["POST", "/api/admin/faqs", { question: "Hijack?", answer: "Hijacked answer" }],
            ["PUT", `/api/admin/faqs/${faq.id}`, {
              question: "Hijack?",
              answer: "Hijacked answer",
            }],
            ["DELETE", `/api/admin/faqs/${faq.id}`],
            ["GET", "/api/admin/audit"],
            ["GET", "/api/dashboard/stats"],
            ["GET", "/api/dashboard/events"],
          ];
          for (const [method, path, json] of adminRoutes) {
            const body = json === undefined ? undefined : JSON.stringify(json);
            const headers: Record<string, string> = { origin: server.origin };
            if (body) headers["content-type"] = "application/json";
            const asUser = await probe(server, method, path, {
              ...headers,
              authorization: `Bearer ${b.token}`,
            }, body);
            expectStatus(asUser, 403, `user ${method} ${path}`);
            assert.equal(JSON.parse(asUser.text).error.code, "forbidden");
            const viaCookie = await probe(server, method, path, {
              ...headers,
              cookie: cookieHeader(b),
            }, body);
            expectStatus(viaCookie, 403, `user (cookie) ${method} ${path}`);
            expectStatus(
              await probe(server, method, path, headers, body),
              401,
              `anonymous ${method} ${path}`,
            );
          }
          // The admin consoles (HTML) refuse users too, including the support console.
          for (
            const path of [
              "/admin",
              "/admin/users",
              `/admin/users/${aUser.id}`,
              "/admin/marketplace",
              "/admin/orders",
              "/admin/payouts",
              "/admin/audit",
              "/admin/support",
              "/admin/faqs",
            ]
          ) {
            expectStatus(
              await probe(server, "GET", path, { accept: "text/html", cookie: cookieHeader(b) }),
              403,
              `user GET ${path}`,
            );
          }
          for (
            const [path, form] of [
              [`/admin/users/${bUser.id}`, "role=admin"],
              [`/admin/orders/${order.id}/refund`, ""],
              [`/admin/marketplace/${pending.id}/approve`, ""],
              [`/admin/support/${room.id}/resolve`, ""],
              [`/admin/support/${room.id}/tags`, "priority=high&tags=x"],
              ["/admin/faqs", "question=Hijack%3F&answer=Hijacked+answer"],
              [`/admin/faqs/${faq.id}/delete`, ""],
            ]
          ) {
            expectStatus(
              await probe(server, "POST", path, {
                accept: "text/html",
                origin: server.origin,
                cookie: cookieHeader(b),
                "content-type": "application/x-www-form-urlencoded",
              }, form),
              403,
              `user POST ${path}`,
            );
          }
          // Nothing the user tried took effect.
          const bMe = (await b.get("/api/auth/me")).body.user;
          assert.equal(bMe.role, "user", "B could not promote itself");
          const faqs = (await admin.get("/api/faqs")).body.items;
          assert.deepEqual(faqs.map((f: any) => f.question), ["What is LandingHub?"]);
          const orders = (await admin.get("/api/admin/orders")).body.items;
          assert.equal(orders.find((o: any) => o.id === order.id).status, "delivered");
          const queue = (await admin.get("/api/admin/marketplace?status=pending")).body.items;
          assert.deepEqual(queue.map((l: any) => l.id), [pending.id]);
          // And the admin can do what the user could not (so the 403s are about the role).
          expectStatus(await admin.get("/api/dashboard/stats"), 200, "admin reads the stats");
          expectStatus(await admin.get("/api/admin/users"), 200, "admin lists users");
          expectStatus(await admin.delete(`/api/admin/faqs/${faq.id}`), 204, "admin deletes a FAQ");
        },
      );

      await t.step("A's objects are unchanged after B's attempts", async () => {
        const after = await snapshot();
        // The FAQ created and deleted by the admin in the previous step is not A's.
        assert.deepEqual({ ...after, faqs: [] }, { ...before, faqs: [] });
        assert.equal(after.me.role, "user");
        assert.equal(after.me.suspended, false);
        const live = await hostRequest(server.port, siteHost, "/");
        expectStatus(live, 200, "A's site still answers");
      });

      await t.step("every route in the route table answers as its guard says", async () => {
        // Built from the mounted app (routes/manifest.ts), so a route added later is probed too.
        const table = routeTable(createApp());
        const guarded = table.filter((r) => r.access !== "public");
        assert.ok(guarded.length > 80, `${guarded.length} guarded routes`);
        for (const r of guarded) {
          const path = samplePath(r.path);
          const headers = { origin: server.origin, accept: "application/json" };
          const anon = await probe(server, r.method, path, headers);
          expectStatus(anon, r.access === "dev" ? 404 : 401, `anonymous ${r.method} ${r.path}`);
          if (r.access === "admin" || r.access === "dev") {
            const asUser = await probe(server, r.method, path, {
              ...headers,
              authorization: `Bearer ${b.token}`,
            });
            expectStatus(asUser, r.access === "dev" ? 404 : 403, `user ${r.method} ${r.path}`);
          }
          if (r.access === "signed-in" || r.access === "admin") {
            // A browser is sent to sign in, and comes back to where it was going.
            const page = await probe(server, r.method, path, { ...headers, accept: "text/html" });
            if (r.path.startsWith("/api/")) {
              expectStatus(page, 401, `anonymous browser ${r.method} ${r.path}`);
            } else {
              expectStatus(page, 303, `anonymous browser ${r.method} ${r.path}`);
              assert.ok(page.headers.get("location")?.startsWith("/auth/login?next="));
            }
          }
        }
      });

      await t.step("a suspended user's tokens and cookies stop working at once", async () => {
        const s = server.client();
        const sUser = await s.register();
        expectStatus(await s.get("/api/auth/me"), 200, "before suspension (Bearer)");
        expectStatus(
          await s.request("GET", "/api/auth/me", { bearer: false }),
          200,
          "before suspension (cookie)",
        );
        const refreshToken = (await s.post("/api/auth/login", {
          email: sUser.email,
          password: "password123",
        })).body.refreshToken;
        const suspended = await admin.patch(`/api/admin/users/${sUser.id}`, { suspended: true });
        expectStatus(suspended, 200, "admin suspends");
        assert.equal(suspended.body.user.suspended, true);

        expectStatus(await s.get("/api/auth/me"), 401, "suspended: Bearer /me");
        expectStatus(await s.get("/api/pages"), 401, "suspended: Bearer list pages");
        expectStatus(await s.post("/api/pages", { name: "x" }), 401, "suspended: Bearer create");
        expectStatus(
          await s.request("GET", "/api/auth/me", { bearer: false }),
          401,
          "suspended: cookie /me",
        );
        // The refresh cookie cannot renew the session on other routes either.
        const viaCookie = server.client();
        viaCookie.cookies = new Map(s.cookies);
        expectStatus(
          await viaCookie.request("GET", "/api/pages", { bearer: false }),
          401,
          "suspended: cookie list pages",
        );
        expectStatus(
          await viaCookie.request("POST", "/api/chat/rooms", {
            bearer: false,
            json: { subject: "x", message: "y" },
          }),
          401,
          "suspended: cookie create room",
        );
        expectStatus(
          await server.client().post("/api/auth/refresh", { refreshToken }),
          401,
          "suspended: refresh",
        );
        expectStatus(
          await server.client().post("/api/auth/login", {
            email: sUser.email,
            password: "password123",
          }),
          403,
          "suspended: login",
        );
        // Restored, the account works again with a new login.
        expectStatus(
          await admin.patch(`/api/admin/users/${sUser.id}`, { suspended: false }),
          200,
          "admin restores",
        );
        const back = server.client();
        await back.login(sUser.email, "password123");
        expectStatus(await back.get("/api/auth/me"), 200, "restored: /me");
      });

      await t.step("a demoted admin loses admin routes with the same token", async () => {
        const d = server.client();
        const dUser = await d.register();
        expectStatus(
          await admin.patch(`/api/admin/users/${dUser.id}`, { role: "admin" }),
          200,
          "promote",
        );
        expectStatus(await d.get("/api/admin/users"), 200, "promoted: admin route");
        expectStatus(
          await admin.patch(`/api/admin/users/${dUser.id}`, { role: "user" }),
          200,
          "demote",
        );
        expectStatus(await d.get("/api/admin/users"), 403, "demoted: same token");
        expectStatus(await d.get("/api/dashboard/stats"), 403, "demoted: stats");
      });

      await t.step("expired, forged and tampered access tokens are refused (401)", async () => {
        const key = new TextEncoder().encode(JWT_SECRET);
        const now = Math.floor(Date.now() / 1000);
        const sign = (
          claims: Record<string, unknown>,
          opts: { sub?: string; iat?: number; exp?: number; alg?: string; key?: Uint8Array } = {},
        ) =>
          new SignJWT({ role: "user", tv: 0, ...claims })
            .setProtectedHeader({ alg: opts.alg ?? "HS256" })
            .setSubject(opts.sub ?? aUser.id)
            .setIssuedAt(opts.iat ?? now)
            .setExpirationTime(opts.exp ?? now + 300)
            .sign(opts.key ?? key);
        const me = (token: string) =>
          probe(server, "GET", "/api/auth/me", { authorization: `Bearer ${token}` });

        // Control: a token built this way with the right key is accepted, so the refusals below
        // are about the one thing each changes.
        const good = await sign({});
        const ok = await me(good);
        expectStatus(ok, 200, "well-formed token");
        assert.equal(JSON.parse(ok.text).user.id, aUser.id);

        const [h, p, sig] = good.split(".");
        const tamperedPayload = b64url({
          role: "admin",
          tv: 0,
          sub: adminUser.id,
          iat: now,
          exp: now + 300,
        });
        const cases: [string, string][] = [
          ["expired", await sign({}, { iat: now - 3600, exp: now - 60 })],
          [
            "signed with another key",
            await sign({}, { key: new TextEncoder().encode("x".repeat(40)) }),
          ],
          ["HS512 with the right key", await sign({}, { alg: "HS512" })],
          ["alg none", `${b64url({ alg: "none", typ: "JWT" })}.${p}.`],
          ["alg none, admin subject", `${b64url({ alg: "none", typ: "JWT" })}.${tamperedPayload}.`],
          ["tampered payload", `${h}.${tamperedPayload}.${sig}`],
          ["tampered signature", `${h}.${p}.${sig.slice(0, -4)}AAAA`],
          ["revoked token version", await sign({ tv: 1 })],
          ["unknown subject", await sign({}, { sub: "01JZZZZZZZZZZZZZZZZZZZZZZZ" })],
          [
            "no subject",
            await new SignJWT({ tv: 0 }).setProtectedHeader({ alg: "HS256" })
              .setIssuedAt().setExpirationTime("5m").sign(key),
          ],
          ["garbage", "not.a.jwt"],
          ["empty", ""],
        ];
        for (const [label, token] of cases) {
          const res = await me(token);
          expectStatus(res, 401, `token: ${label}`);
          assert.equal(JSON.parse(res.text).error.code, "unauthorized");
        }
        // A forged token in the access cookie is refused the same way.
        expectStatus(
          await probe(server, "GET", "/api/auth/me", {
            cookie: `lh_at=${b64url({ alg: "none", typ: "JWT" })}.${tamperedPayload}.`,
          }),
          401,
          "token: alg none in the cookie",
        );
        // The role claim is not trusted: a valid token that says "admin" for a user is still a user.
        const claimsAdmin = await sign({ role: "admin" });
        expectStatus(
          await probe(server, "GET", "/api/admin/users", {
            authorization: `Bearer ${claimsAdmin}`,
          }),
          403,
          "token claiming role admin",
        );
      });

      await t.step("cookie-authenticated writes must come from the app's origin", async () => {
        const pagesOfA = async () => (await a.get("/api/pages")).body.items.length;
        const count = await pagesOfA();
        const json = (origin?: string, extra: Record<string, string> = {}) => ({
          cookie: cookieHeader(a),
          "content-type": "application/json",
          ...(origin ? { origin } : {}),
          ...extra,
        });
        const body = JSON.stringify({ name: "Cross-site page" });
        const refused: [string, Record<string, string>][] = [
          ["foreign Origin", json(EVIL)],
          ["Origin of a published site", json(`http://${siteHost}`)],
          ["Origin null", json("null")],
          ["same host, another port", json(server.origin.replace(/:\d+$/, ":1"))],
          [
            "no Origin, Sec-Fetch-Site cross-site",
            json(undefined, { "sec-fetch-site": "cross-site" }),
          ],
          [
            "no Origin, Sec-Fetch-Site same-site",
            json(undefined, { "sec-fetch-site": "same-site" }),
          ],
          [
            "app Origin but Sec-Fetch-Site cross-site",
            json(server.origin, { "sec-fetch-site": "cross-site" }),
          ],
        ];
        for (const [label, headers] of refused) {
          const res = await probe(server, "POST", "/api/pages", headers, body);
          expectStatus(res, 403, `cookie POST /api/pages, ${label}`);
          assert.equal(JSON.parse(res.text).error.code, "forbidden");
        }
        for (
          const [method, path] of [
            ["DELETE", `/api/pages/${draft.id}`],
            ["PUT", `/api/pages/${draft.id}`],
            ["POST", `/api/pages/${site.id}/unpublish`],
            ["POST", "/api/auth/logout"],
            ["POST", "/api/payouts"],
          ]
        ) {
          expectStatus(
            await probe(
              server,
              method,
              path,
              json(EVIL),
              JSON.stringify({ version: 2, amount: 100 }),
            ),
            403,
            `cookie ${method} ${path} from a foreign origin`,
          );
        }
        expectStatus(
          await probe(server, "POST", `/pages/${draft.id}/delete`, {
            cookie: cookieHeader(a),
            origin: EVIL,
            accept: "text/html",
            "content-type": "application/x-www-form-urlencoded",
          }, ""),
          403,
          "cookie form post (delete) from a foreign origin",
        );
        assert.equal(await pagesOfA(), count, "no page was created or deleted");
        expectStatus(await a.get(`/api/pages/${draft.id}`), 200, "the draft still exists");
        expectStatus(await hostRequest(server.port, siteHost, "/"), 200, "still published");
        expectStatus(
          await a.request("GET", "/api/auth/me", { bearer: false }),
          200,
          "still signed in",
        );

        // lib/http/session.ts originGuard: a request without an Origin is not a browser's cross-site
        // one (scripts and API clients keeping cookies); it passes unless Sec-Fetch-Site says
        // cross-site or same-site (refused above).
        for (
          const [label, headers] of [
            ["no Origin and no Sec-Fetch-Site", json(undefined)],
            ["no Origin, Sec-Fetch-Site none", json(undefined, { "sec-fetch-site": "none" })],
            [
              "no Origin, Sec-Fetch-Site same-origin",
              json(undefined, {
                "sec-fetch-site": "same-origin",
              }),
            ],
          ] as const
        ) {
          expectStatus(await probe(server, "POST", "/api/pages", headers, body), 201, label);
        }
        expectStatus(
          await probe(server, "POST", "/api/pages", json(server.origin), body),
          201,
          "cookie POST from the app's origin",
        );
        // A Bearer token is not ambient, so the Origin does not matter for it.
        expectStatus(
          await probe(server, "POST", "/api/pages", {
            authorization: `Bearer ${a.token}`,
            origin: EVIL,
            "content-type": "application/json",
          }, body),
          201,
          "Bearer POST from a foreign origin",
        );
        assert.equal(await pagesOfA(), count + 5);
      });

      console.log(`access: ${checks} access checks in ${Date.now() - started} ms`);
    } finally {
      await server.close();
    }
  },
});
