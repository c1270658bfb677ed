// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// The support widget of published pages over real HTTP: only opted-in pages carry its script
// (allowed by hash in their CSP, with the app origin in connect-src); other pages keep 0 B of
// JavaScript and the plain CSP. Widget routes answer the site's own Origin only; a guest token
// opens only its own room; the owner answers from /api/conversations and the visitor's stream
// gets the answer live; staff queues and other users never see widget rooms.
import assert from "node:assert/strict";
import { hostRequest, readEvents, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

Deno.test("site widget: opt-in script and CSP, origin check, token isolation, owner answers live", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const owner = server.client();
    await owner.register("owner@example.com", "Olga Owner");
    const mk = async (slug: string, widget: boolean) => {
      const page = (await owner.post("/api/pages", { name: slug, slug })).body.page;
      assert.ok(page, "page created");
      // The page setting (the editor's page panel sends it with the other seo fields).
      const put = await owner.put(`/api/pages/${page.id}`, {
        version: page.version,
        seo: { supportWidget: widget },
      });
      assert.equal(put.status, 200, put.text);
      const pub = await owner.post(`/api/pages/${page.id}/publish`);
      assert.equal(pub.status, 200, pub.text);
      return page;
    };
    const withW = await mk("with-widget", true);
    await mk("no-widget", false);
    await mk("other-widget", true);
    const siteOrigin = (slug: string) => `http://${slug}.${server.sitesDomain}`;
    const fromSite = (slug: string, token?: string) => ({
      origin: siteOrigin(slug),
      ...(token ? { authorization: `Guest ${token}` } : {}),
    });
    const api = (slug: string) => `/api/sites/${slug}/chat`;
    const call = (method: string, path: string, headers: Record<string, string>, json?: unknown) =>
      fetch(server.origin + path, {
        method,
        headers: { ...headers, ...(json ? { "content-type": "application/json" } : {}) },
        body: json ? JSON.stringify(json) : undefined,
      });

    await t.step(
      "the script and its hash only on opted-in pages; others keep 0 B of JS",
      async () => {
        const w = await hostRequest(server.port, `with-widget.${server.sitesDomain}`, "/");
        const n = await hostRequest(server.port, `no-widget.${server.sitesDomain}`, "/");
        assert.equal(w.status, 200);
        const scripts = [...w.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
        assert.equal(scripts.length, 1);
        assert.match(
          scripts[0][1],
          new RegExp(`data-api="${server.origin}/api/sites/with-widget/chat"`),
        );
        const hash = btoa(String.fromCharCode(
          ...new Uint8Array(
            await crypto.subtle.digest("SHA-256", new TextEncoder().encode(scripts[0][2])),
          ),
        ));
        const csp = String(w.headers["content-security-policy"]);
        assert.ok(csp.includes(`'sha256-${hash}'`), csp);
        assert.ok(csp.includes(`connect-src 'self' ${server.origin}`), csp);
        assert.ok(scripts[0][2].length < 6000, `script is ${scripts[0][2].length} B`);
        assert.doesNotMatch(n.text, /<script/);
        const ncsp = String(n.headers["content-security-policy"]);
        assert.ok(!ncsp.includes(hash) && ncsp.includes("connect-src 'self';"), ncsp);
      },
    );

    let tokenA = "", roomA = "", tokenB = "";
    await t.step(
      "another origin → 403 (preflight too); the site's own → 201 with CORS",
      async () => {
        for (const origin of [server.origin, siteOrigin("other-widget"), "https://evil.example"]) {
          const res = await call("POST", api("with-widget"), { origin }, { message: "hi" });
          assert.equal(res.status, 403, origin);
          assert.equal(res.headers.get("access-control-allow-origin"), null);
          await res.body?.cancel();
          const pre = await call("OPTIONS", api("with-widget"), {
            origin,
            "access-control-request-method": "POST",
          });
          assert.equal(pre.status, 403);
          await pre.body?.cancel();
        }
        const none = await call("POST", api("with-widget"), {}, { message: "hi" });
        assert.equal(none.status, 403);
        await none.body?.cancel();
        const pre = await call("OPTIONS", api("with-widget"), fromSite("with-widget"));
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get("access-control-allow-origin"), siteOrigin("with-widget"));
        assert.match(pre.headers.get("access-control-allow-headers") ?? "", /authorization/);
        const res = await call("POST", api("with-widget"), fromSite("with-widget"), {
          message: "Do you ship to Hanoi?",
        });
        assert.equal(res.status, 201);
        assert.equal(res.headers.get("access-control-allow-origin"), siteOrigin("with-widget"));
        const body = await res.json();
        tokenA = body.guestToken;
        roomA = body.room.id;
        assert.equal(body.room.ownerId, undefined);
        // A page without the widget has none to talk to; bad input is a 422.
        const off = await call("POST", api("no-widget"), fromSite("no-widget"), { message: "x" });
        assert.equal(off.status, 404);
        await off.body?.cancel();
        const bad = await call("POST", api("with-widget"), fromSite("with-widget"), {});
        assert.equal(bad.status, 422);
        await bad.body?.cancel();
        const b = await call("POST", api("other-widget"), fromSite("other-widget"), {
          message: "Other site question",
        });
        tokenB = (await b.json()).guestToken;
      },
    );

    await t.step("a guest token opens only its own room, on its own site", async () => {
      const mine = await call(
        "GET",
        `${api("with-widget")}/messages`,
        fromSite("with-widget", tokenA),
      );
      assert.equal(mine.status, 200);
      assert.deepEqual((await mine.json()).messages.map((m: any) => m.message), [
        "Do you ship to Hanoi?",
      ]);
      for (
        const [slug, token] of [["with-widget", tokenB], ["other-widget", tokenA], [
          "with-widget",
          "x".repeat(43),
        ]]
      ) {
        const res = await call("GET", `${api(slug)}/messages`, fromSite(slug, token));
        assert.equal(res.status, 404, `${slug} ${token.slice(0, 5)}`);
        await res.body?.cancel();
        const ev = await call("GET", `${api(slug)}/events?token=${token}`, fromSite(slug));
        assert.equal(ev.status, 404);
        await ev.body?.cancel();
      }
      // Nor does the token open the room on the support chat's routes (no assistant there).
      for (const path of [`/api/chat/rooms/${roomA}/messages`, `/api/chat/rooms/${roomA}`]) {
        const res = await call("GET", path, { authorization: `Guest ${tokenA}` });
        assert.equal(res.status, 404, path);
        await res.body?.cancel();
      }
      const viaChat = await call("POST", `/api/chat/rooms/${roomA}/messages`, {
        authorization: `Guest ${tokenA}`,
      }, { message: "hi" });
      assert.equal(viaChat.status, 404);
      await viaChat.body?.cancel();
      const post = await call(
        "POST",
        `${api("with-widget")}/messages`,
        fromSite("with-widget", tokenB),
        {
          message: "sneaky",
        },
      );
      assert.equal(post.status, 404);
      await post.body?.cancel();
    });

    await t.step(
      "the owner answers from the inbox; the visitor's stream gets it live",
      async () => {
        const list = await owner.get("/api/conversations");
        assert.equal(list.status, 200);
        // Both widget pages are this owner's: two conversations, the newest first.
        assert.equal(list.body.items.length, 2);
        const a = list.body.items.find((r: any) => r.id === roomA);
        assert.equal(a.site.pageId, withW.id);
        const stream = await call(
          "GET",
          `${api("with-widget")}/events?token=${encodeURIComponent(tokenA)}`,
          fromSite("with-widget"),
        );
        assert.equal(stream.status, 200);
        assert.equal(stream.headers.get("access-control-allow-origin"), siteOrigin("with-widget"));
        const reply = await owner.post(`/api/conversations/${roomA}/messages`, {
          message: "Yes, in two days.",
        });
        assert.equal(reply.status, 201, reply.text);
        const evs = await readEvents(
          stream,
          (e) => e.some((x) => x.event === "message" && x.data?.message === "Yes, in two days."),
          3000,
        );
        assert.ok(evs.length);
        await stream.body?.cancel().catch(() => {});
        const msgs = await owner.get(`/api/conversations/${roomA}/messages`);
        assert.deepEqual(msgs.body.messages.map((m: any) => m.senderType), ["user", "admin"]);
      },
    );

    await t.step(
      "nobody else sees widget rooms: another user 404, staff queues empty",
      async () => {
        const other = server.client();
        await other.register();
        assert.deepEqual((await other.get("/api/conversations")).body.items, []);
        assert.equal((await other.get(`/api/conversations/${roomA}/messages`)).status, 404);
        assert.equal(
          (await other.post(`/api/conversations/${roomA}/messages`, { message: "x" })).status,
          404,
        );
        const admin = await adminClient(server);
        const rooms = await admin.get("/api/admin/chat/rooms");
        assert.ok(!JSON.stringify(rooms.body).includes(roomA), "staff queue lists no widget room");
      },
    );
  } finally {
    await server.close();
  }
});
