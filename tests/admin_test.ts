// deno-lint-ignore-file no-explicit-any -- test replies are loosely typed JSON
// The admin dashboard's figures against a fresh count of the records, live stats on purchase,
// the audit log, and the seller's own live figures.
import assert from "node:assert/strict";
import { type Client, eventually, hostRequest, readEvents, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";

const FORM_PAGE = {
  blocks: [
    { id: "hero", type: "hero", props: { headline: "Join the beta" } },
    {
      id: "signup",
      type: "form",
      props: {
        fields: [{ name: "email", label: "Email", type: "email", required: true }],
        submitText: "Join",
        successMessage: "Thanks!",
      },
    },
  ],
};

async function buy(server: Awaited<ReturnType<typeof startTestServer>>, buyer: Client, id: string) {
  const created = await buyer.post("/api/payment/create", { listingId: id });
  assert.equal(created.status, 201, created.text);
  const res = await deliver(
    server,
    checkoutCompleted(`evt_${crypto.randomUUID()}`, created.body.transactionId),
  );
  assert.equal(res.status, 200);
}

Deno.test("admin dashboard: figures equal a fresh count after a scripted mix of activity", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    // Sellers with listings: four approved, one rejected, one left pending.
    const sold = [];
    for (let i = 0; i < 4; i++) sold.push(await approvedListing(server, admin, 1000 + i * 500));
    const { seller } = sold[0];
    const extraPage = (await seller.post("/api/pages", { name: "Second" })).body.page;
    await seller.post(`/api/pages/${extraPage.id}/publish`);
    const rejected = (await seller.post("/api/marketplace", {
      pageId: extraPage.id,
      title: "Rejected kit",
      description: "Will be turned down.",
      category: "saas",
      price: 900,
    })).body.listing;
    assert.equal(
      (await admin.post(`/api/admin/marketplace/${rejected.id}/reject`, { reason: "Too thin" }))
        .status,
      200,
    );
    const pendingPage = (await seller.post("/api/pages", { name: "Third" })).body.page;
    await seller.post(`/api/pages/${pendingPage.id}/publish`);
    await seller.post("/api/marketplace", {
      pageId: pendingPage.id,
      title: "Pending kit",
      description: "Waiting for review.",
      category: "saas",
      price: 700,
    });
    // A published page with a form, then unpublished; a deleted draft.
    const draft = (await seller.post("/api/pages", { name: "Scratch" })).body.page;
    assert.equal((await seller.delete(`/api/pages/${draft.id}`)).status, 204);
    await seller.post(`/api/pages/${extraPage.id}/unpublish`);

    // Buyers: five purchases, two refunded.
    const buyers = [server.client(), server.client(), server.client()];
    for (const b of buyers) await b.register();
    await buy(server, buyers[0], sold[0].listing.id);
    await buy(server, buyers[0], sold[1].listing.id);
    await buy(server, buyers[1], sold[1].listing.id);
    await buy(server, buyers[1], sold[2].listing.id);
    await buy(server, buyers[2], sold[3].listing.id);
    const orders = (await admin.get("/api/admin/orders")).body.items;
    for (const o of orders.slice(0, 2)) {
      assert.equal((await admin.post(`/api/admin/orders/${o.id}/refund`)).status, 200);
    }
    // Support rooms: two opened, one resolved.
    const rooms: any[] = [];
    for (const b of buyers.slice(0, 2)) {
      rooms.push(
        (await b.post("/api/chat/rooms", { subject: "Hi", message: "What is a slug?" }))
          .body.room,
      );
    }
    await eventually(async () =>
      (await buyers[0].get(`/api/chat/rooms/${rooms[0].id}/messages`)).body.items
        .some((m: any) => m.senderType === "ai")
    );
    await admin.post(`/api/admin/chat/rooms/${rooms[0].id}/resolve`);

    // A fresh count through the API.
    const users = (await admin.get("/api/admin/users")).body.items;
    const everyone = [admin, ...sold.map((s) => s.seller), ...buyers];
    const pages = (await Promise.all(everyone.map((c) => c.get("/api/pages?limit=100"))))
      .flatMap((r) => r.body.items);
    const allOrders = (await admin.get("/api/admin/orders")).body.items;
    const delivered = allOrders.filter((o: any) => o.status === "delivered");
    const approved = (await admin.get("/api/admin/marketplace?status=approved")).body.items;
    const pending = (await admin.get("/api/admin/marketplace?status=pending")).body.items;
    const allRooms = (await admin.get("/api/chat/rooms")).body.items;
    const fresh = {
      users: users.length,
      pages: pages.length,
      publishedPages: pages.filter((p: any) => p.status === "published").length,
      listings: approved.length,
      pendingListings: pending.length,
      orders: delivered.length,
      revenue: delivered.reduce((s: number, o: any) => s + o.price, 0),
      platformFees: delivered.reduce((s: number, o: any) => s + Math.round(o.price * 0.1), 0),
      openChats: allRooms.filter((r: any) => r.status !== "resolved").length,
    };
    // And what the script did, so the fresh count itself is checked.
    assert.deepEqual(
      { ...fresh, revenue: undefined, platformFees: undefined },
      {
        users: 1 + 4 + 3,
        pages: 4 + 2 + 5, // listed pages, two more, five copies bought
        publishedPages: 4 + 1,
        listings: 4,
        pendingListings: 1,
        orders: 3,
        revenue: undefined,
        platformFees: undefined,
        openChats: 1,
      },
    );
    const stats = (await admin.get("/api/dashboard/stats")).body;
    for (const [name, value] of Object.entries(fresh)) {
      assert.equal(stats[name], value, `stats.${name}`);
    }
    assert.equal(stats.currency, "usd");

    // The audit log records every admin action with before/after.
    const audit = (await admin.get("/api/admin/audit")).body.items;
    const actions = audit.map((a: any) => a.action);
    assert.equal(actions.filter((a: string) => a === "listing.approve").length, 4);
    assert.equal(actions.filter((a: string) => a === "order.refund").length, 2);
    assert.ok(actions.includes("listing.reject"));
    const refund = audit.find((a: any) => a.action === "order.refund");
    assert.equal(refund.actorId, (await admin.get("/api/auth/me")).body.user.id);
    assert.deepEqual(refund.after, { status: "refunded" });
    const page = await admin.get("/admin/audit");
    assert.equal(page.status, 200);
    assert.match(page.text, /order\.refund/);
    assert.match(page.text, /Too thin/);
    // Targets read as names with console links, not bare ids.
    assert.match(
      page.text,
      /<a[^>]+href="\/marketplace\/[0-9A-Z]{26}"[^>]*>listing “Rejected kit”/,
    );
    assert.match(page.text, /order of “Rocket SaaS”/);
  } finally {
    await server.close();
  }
});

Deno.test("admin dashboard: a purchase reaches /api/dashboard/events within a second", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { listing } = await approvedListing(server, admin, 4900);
    const buyer = server.client();
    await buyer.register();
    const stream = await fetch(`${server.origin}/api/dashboard/events`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    assert.match(stream.headers.get("content-type")!, /^text\/event-stream/);
    let boughtAt = 0;
    const purchase = (async () => {
      await new Promise((r) => setTimeout(r, 100)); // the snapshot is read first
      const created = await buyer.post("/api/payment/create", { listingId: listing.id });
      boughtAt = performance.now();
      await deliver(server, checkoutCompleted("evt_live", created.body.transactionId));
    })();
    const events = await readEvents(
      stream,
      (evs) => evs.some((e) => e.event === "stats" && e.data.revenue === 4900),
      3000,
    );
    const seenAt = performance.now();
    await purchase;
    assert.equal(events[0].event, "stats");
    assert.equal(events[0].data.revenue, 0, "the stream opens with a snapshot");
    const live = events.find((e) => e.data.revenue === 4900)!;
    assert.equal(live.data.platformFees, 490);
    assert.equal(live.data.orders, 1);
    assert.ok(seenAt - boughtAt < 1000, `delivered in ${Math.round(seenAt - boughtAt)} ms`);
  } finally {
    await server.close();
  }
});

Deno.test("seller dashboard: views, leads and sales per page, live", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, page, listing } = await approvedListing(server, admin, 2500);
    const { version } = (await seller.get(`/api/pages/${page.id}`)).body.page;
    const saved = await seller.put(`/api/pages/${page.id}`, { version, content: FORM_PAGE });
    assert.equal(saved.status, 200, saved.text);
    await seller.post(`/api/pages/${page.id}/publish`);
    const other = server.client();
    await other.register();
    const stream = await fetch(`${server.origin}/api/seller/events`, {
      headers: { authorization: `Bearer ${seller.token}` },
    });
    const host = `${page.slug}.${server.sitesDomain}`;
    const lead = await hostRequest(server.port, host, "/forms/signup", {
      method: "POST",
      body: JSON.stringify({ email: "fan@example.com" }),
      headers: { "content-type": "application/json" },
    });
    assert.equal(lead.status, 201);
    await buy(server, other, listing.id);
    const events = await readEvents(
      stream,
      (evs) => evs.some((e) => e.data[`${page.id}:sales`] === 1 && e.data.leads === 1),
    );
    const last = events.at(-1)!;
    assert.equal(last.event, "stats");
    assert.equal(last.data[`${page.id}:leads`], 1);
    assert.equal(last.data.leads, 1, "the Leads total counts the lead");
    assert.equal(last.data[`${page.id}:revenue`], 2500);
    assert.equal(last.data.balance, 2250, "90% of the sale, held");

    // Another user's stream carries none of it.
    const theirs = (await other.get("/api/seller/stats")).body;
    assert.equal(theirs.figures.leads, 0);
    assert.equal(theirs.figures[`${page.id}:sales`], undefined);

    const html = await seller.get("/dashboard");
    assert.match(html.text, new RegExp(`data-stat="${page.id}:revenue"[^>]*>\\$25\\.00<`));
    assert.match(html.text, /data-testid="chart-sales"/);
  } finally {
    await server.close();
  }
});

Deno.test("admin consoles: a user gets a friendly 403 page, an admin gets the consoles", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const user = server.client();
    await user.register();
    const admin = await adminClient(server);
    for (
      const path of [
        "/admin",
        "/admin/users",
        "/admin/marketplace",
        "/admin/orders",
        "/admin/payouts",
        "/admin/audit",
        "/admin/outbox",
        "/admin/support",
        "/admin/faqs",
      ]
    ) {
      const denied = await user.get(path, { headers: { accept: "text/html" } });
      assert.equal(denied.status, 403, path);
      assert.match(denied.text, /You can.t open this page/);
      const ok = await admin.get(path, { headers: { accept: "text/html" } });
      assert.equal(ok.status, 200, path);
    }
    const dash = await admin.get("/admin");
    assert.match(dash.text, /data-stat="users"[^>]*>2</);
    assert.match(dash.text, /<svg[^>]*aria-label="Revenue per day, last 30 days"/);
    // A user's detail shows what they sell and their balance, beside pages, orders and chats.
    const { sellerUser } = await approvedListing(server, admin, 1200, "Detail kit");
    const detail = await admin.get(`/admin/users/${sellerUser.id}`);
    assert.match(detail.text, /Listings \(1\)/);
    assert.match(detail.text, /Detail kit<\/a> · \$12\.00 · approved · 0 sold/);
    assert.match(detail.text, /Balance: \$0\.00 held/);
    assert.equal((await user.get(`/admin/users/${sellerUser.id}`)).status, 403);
    // A form that fails validation comes back saying which field is wrong.
    const faq = await admin.request("POST", "/admin/faqs", {
      body: new URLSearchParams({ question: "Hm?", answer: "A fine answer." }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(faq.status, 422);
    assert.match(faq.text, /id="new-question-error"[^>]*>[^<]+</);
    assert.match(faq.text, /value="Hm\?"/, "what was typed stays");
  } finally {
    await server.close();
  }
});
