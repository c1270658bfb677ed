// The console's plain-form pages: a refused post keeps what was typed and says what is wrong at
// each field in words; done actions confirm themselves; destructive ones take two steps.
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

const formBlock = {
  id: "f",
  type: "form",
  props: {
    title: "Talk to us",
    fields: [{ name: "email", label: "Email", type: "email", required: true }],
    submitText: "Send",
    successMessage: "Thanks",
  },
};

Deno.test("console forms keep input, confirm actions and ask before destructive ones", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const seller = server.client();
    await seller.register("console-seller@example.com");
    const created = await seller.post("/api/pages", { name: "Console kit", slug: "console-kit" });
    const pageId = created.body.page.id;
    assert.equal(
      (await seller.put(`/api/pages/${pageId}`, {
        version: 1,
        content: { blocks: [{ id: "h", type: "hero", props: { headline: "Hi" } }, formBlock] },
      })).status,
      200,
    );
    assert.equal((await seller.post(`/api/pages/${pageId}/publish`)).status, 200);

    let listingId = "";
    await t.step("Sell: a refused post keeps every value, errors at fields in words", async () => {
      const res = await seller.request(
        "POST",
        "/marketplace/sell",
        form({
          pageId,
          title: "ab",
          description: `<b>tiny</b>`,
          category: "portfolio",
          price: "0.5",
        }),
      );
      assert.equal(res.status, 422, res.text.slice(0, 300));
      assert.match(res.text, /name="title"[^>]*value="ab"/);
      assert.match(res.text, /&lt;b>tiny&lt;\/b><\/textarea>/, "kept, escaped");
      assert.ok(!res.text.includes("<b>tiny"));
      assert.match(res.text, /value="0.5"/);
      assert.match(res.text, /<option value="portfolio" selected/);
      assert.match(res.text, new RegExp(`<option value="${pageId}" selected`));
      assert.match(res.text, /aria-describedby="title-error"/);
      assert.match(res.text, /id="title-error"[^>]*>Use at least 3 characters</);
      assert.match(res.text, /id="price-error"[^>]*>Prices in USD are from \$1.00/);
      assert.doesNotMatch(res.text, /title: |description: /, "no raw keys");

      const ok = await seller.request(
        "POST",
        "/marketplace/sell",
        form({
          pageId,
          title: "Console kit",
          description: "A page for consoles and more.",
          category: "portfolio",
          price: "12.50",
        }),
      );
      assert.equal(ok.status, 303);
      const location = ok.headers.get("location")!;
      assert.match(location, /^\/marketplace\/[\w-]+\?done=submitted$/);
      listingId = location.split("/")[2].split("?")[0];
      assert.match((await seller.get(location)).text, /role="status"[^>]*>Listing submitted/);
    });

    await t.step(
      "Sell in VND: the typed price is whole dong, and editing keeps it so",
      async () => {
        const vn = await seller.post("/api/pages", { name: "Trang VN", slug: "trang-vn" });
        const vnId = vn.body.page.id;
        assert.equal(
          (await seller.put(`/api/pages/${vnId}`, {
            version: 1,
            content: { blocks: [{ id: "h", type: "hero", props: { headline: "Xin chào" } }] },
          })).status,
          200,
        );
        assert.equal((await seller.post(`/api/pages/${vnId}/publish`)).status, 200);
        const sold = await seller.request(
          "POST",
          "/marketplace/sell",
          form({
            pageId: vnId,
            title: "Mẫu trang Việt",
            description: "Một trang đích cho cửa hàng.",
            category: "portfolio",
            price: "199000",
            currency: "vnd",
          }),
        );
        assert.equal(sold.status, 303, sold.text.slice(0, 300));
        const id = sold.headers.get("location")!.split("/")[2].split("?")[0];
        const stored = (await seller.get(`/api/marketplace/${id}`)).body.listing;
        assert.equal(stored.currency, "vnd");
        assert.equal(stored.price, 199000, "199,000 ₫, not 19,900,000");
        const editForm = (await seller.get(`/marketplace/${id}/edit`)).text;
        assert.match(editForm, /name="price"[^>]*value="199000"/);
        assert.match(editForm, /Price \(VND\)/);
        const edited = await seller.request(
          "POST",
          `/marketplace/${id}/edit`,
          form({ title: "Mẫu trang Việt", price: "250000", currency: "usd" }),
        );
        assert.equal(edited.status, 303, edited.text.slice(0, 300));
        const after = (await seller.get(`/api/marketplace/${id}`)).body.listing;
        assert.equal(after.price, 250000);
        assert.equal(after.currency, "vnd", "a posted currency does not change the listing's");
      },
    );

    await t.step("approve confirms itself; an unknown ?done= says nothing", async () => {
      const res = await admin.request("POST", `/admin/marketplace/${listingId}/approve`);
      // The audit log words the approval with names and readable times, not raw ids.
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/admin/marketplace?done=approved");
      const shown = await admin.get("/admin/marketplace?done=approved");
      assert.match(shown.text, /role="status"[^>]*>Listing approved/);
      const audit = (await admin.get("/admin/audit")).text;
      assert.match(audit, /<time datetime="[^"]+">[A-Z][a-z]{2} \d+, \d{4}/);
      assert.match(audit, /Status:<\/span> pending → approved/);
      const spoof = await admin.get("/admin/marketplace?done=%3Cb%3Eyou+won");
      assert.doesNotMatch(spoof.text, /role="status"/);
    });

    await t.step(
      "FAQ save and delete confirm; a refused FAQ names the field in words",
      async () => {
        const add = await admin.request(
          "POST",
          "/admin/faqs",
          form({ question: "How long is the refund window?", answer: "Fourteen days." }),
        );
        assert.equal(add.headers.get("location"), "/admin/faqs?done=faq_added");
        assert.match((await admin.get("/admin/faqs?done=faq_added")).text, /FAQ entry added/);
        const faqs = (await admin.get("/admin/faqs")).text;
        const id = faqs.match(/action="\/admin\/faqs\/([\w-]+)"/)![1];
        const save = await admin.request(
          "POST",
          `/admin/faqs/${id}`,
          form({ question: "How long is the refund window?", answer: "Two weeks." }),
        );
        assert.equal(save.headers.get("location"), "/admin/faqs?done=faq_saved");
        const del = await admin.request("POST", `/admin/faqs/${id}/delete`);
        assert.equal(del.headers.get("location"), "/admin/faqs?done=faq_deleted");
        // A refused entry comes back with what was typed and the error at its field.
        const bad = await admin.request(
          "POST",
          "/admin/faqs",
          form({ question: "Hm?", answer: "A <i>fine</i> answer." }),
        );
        assert.equal(bad.status, 422);
        assert.match(
          bad.text,
          /name="question"[^>]*value="Hm\?"[^>]*aria-describedby="new-question-error"/,
        );
        assert.match(bad.text, /A &lt;i>fine&lt;\/i> answer.<\/textarea>/);
        assert.doesNotMatch(bad.text, /question: /);
        // An edit of an existing entry opens that entry, with its own error.
        const kept = await admin.request(
          "POST",
          "/admin/faqs",
          form({ question: "Where are my payouts?", answer: "On the Sales page." }),
        );
        assert.equal(kept.status, 303);
        const keptId = (await admin.get("/admin/faqs")).text
          .match(/action="\/admin\/faqs\/([\w-]+)"/)![1];
        const badEdit = await admin.request(
          "POST",
          `/admin/faqs/${keptId}`,
          form({ question: "Wh", answer: "On the Sales page." }),
        );
        assert.equal(badEdit.status, 422);
        assert.match(
          badEdit.text,
          new RegExp(`<details[^>]*open[^>]*>[\\s\\S]*?id="${keptId}-question-error"`),
        );
        const missing = await admin.request(
          "POST",
          "/admin/faqs/01NOPE0000000000000000000",
          form({ question: "What now?", answer: "Nothing here." }),
        );
        assert.equal(missing.status, 404);
      },
    );

    await t.step("lead status save confirms", async () => {
      const posted = await hostRequest(
        server.port,
        `console-kit.${server.sitesDomain}`,
        "/forms/f",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "lead@example.com" }),
        },
      );
      assert.equal(posted.status, 201);
      const leadId = (await seller.get(`/api/pages/${pageId}/leads`)).body.items[0].id;
      // The lead's notification says when it came (the bell shows it).
      const notes = (await seller.get("/api/notifications")).body.items;
      const lead = notes.find((n: { type: string }) => n.type === "lead");
      assert.ok(lead, JSON.stringify(notes));
      assert.ok(Math.abs(Date.parse(lead.at) - Date.now()) < 60_000, lead.at);
      const res = await seller.request(
        "POST",
        `/pages/${pageId}/leads/${leadId}`,
        form({ status: "won", tags: "vip" }),
      );
      assert.equal(res.headers.get("location"), `/pages/${pageId}/leads?done=lead_saved`);
      assert.match((await seller.get(res.headers.get("location")!)).text, /Lead saved/);
    });

    await t.step("unpublish and suspend take two steps (no one-click button)", async () => {
      const dash = (await seller.get("/dashboard")).text;
      assert.match(
        dash,
        /<details[^>]*>\s*<summary[^>]*>Unpublish<\/summary>[\s\S]*?action="\/pages\/[\w-]+\/unpublish"[\s\S]*?Yes, unpublish/,
      );
      const users = (await admin.get("/admin/users")).text;
      // Every suspend button sits inside a <details> whose summary asks first.
      for (const m of users.matchAll(/value="suspended"[^>]*>([^<]*)</g)) {
        if (m[1].trim() === "Restore") continue;
        assert.equal(m[1].trim(), "Yes, suspend");
      }
      assert.match(users, /<summary[^>]*>Suspend…<\/summary>/);
      const unpublish = await seller.request("POST", `/pages/${pageId}/unpublish`);
      assert.equal(unpublish.headers.get("location"), "/dashboard?done=unpublished");
      assert.match((await seller.get("/dashboard?done=unpublished")).text, /Page unpublished/);
    });

    await t.step("a listing edit confirms on the Sales page", async () => {
      const res = await seller.request(
        "POST",
        `/marketplace/${listingId}/edit`,
        form({
          title: "Console kit",
          description: "A page for consoles and more.",
          category: "portfolio",
          price: "14.00",
        }),
      );
      assert.equal(res.headers.get("location"), "/sales?done=saved");
      assert.match(
        (await seller.get("/sales?done=saved")).text,
        /role="status"[^>]*>Listing saved/,
      );
    });

    await t.step("the app serves a real /favicon.ico", async () => {
      const res = await fetch(`${server.origin}/favicon.ico`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "image/x-icon");
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 4)], [0, 0, 1, 0], "an ICO header");
    });
  } finally {
    await server.close();
  }
});
