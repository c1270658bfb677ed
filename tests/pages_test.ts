// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";

const hero = (headline: string) => ({
  id: "hero1",
  type: "hero",
  props: { headline, subheadline: "Sub", ctaText: "Go", ctaHref: "#signup" },
});

Deno.test("pages: create, edit with version, publish on a subdomain, unpublish", async (t) => {
  const server = await startTestServer();
  const siteHost = (slug: string) => `${slug}.${server.sitesDomain}`;
  try {
    const owner = server.client();
    await owner.register();
    const other = server.client();
    await other.register();

    let page: any;
    await t.step("create and edit with the right version", async () => {
      const created = await owner.post("/api/pages", {
        name: "Launch",
        slug: "launch-day",
      });
      assert.equal(created.status, 201);
      page = created.body.page;
      assert.equal(page.status, "draft");
      assert.equal(page.url, null);
      assert.equal(page.version, 1);
      assert.deepEqual(page.content.blocks, []);
      const edited = await owner.put(`/api/pages/${page.id}`, {
        version: 1,
        content: {
          theme: { primaryColor: "#ff0066" },
          blocks: [hero("Ship faster")],
        },
      });
      assert.equal(edited.status, 200, edited.text);
      assert.equal(edited.body.page.version, 2);
      assert.equal(edited.body.page.content.theme.primaryColor, "#ff0066");
      page = edited.body.page;
    });

    await t.step(
      "a stale version is 409 with the current page, and nothing changes",
      async () => {
        const stale = await owner.put(`/api/pages/${page.id}`, {
          version: 1,
          content: { blocks: [hero("Overwritten")] },
        });
        assert.equal(stale.status, 409);
        assert.equal(stale.body.error.code, "version_conflict");
        assert.equal(stale.body.page.version, 2);
        const stored = await owner.get(`/api/pages/${page.id}`);
        assert.equal(
          stored.body.page.content.blocks[0].props.headline,
          "Ship faster",
        );
      },
    );

    await t.step("unknown block types and bad props are 422", async () => {
      for (
        const blocks of [[{ id: "x", type: "marquee", props: {} }], [{
          id: "x",
          type: "hero",
          props: { headline: 5 },
        }]]
      ) {
        const res = await owner.put(`/api/pages/${page.id}`, {
          version: 2,
          content: { blocks },
        });
        assert.equal(res.status, 422);
        assert.equal(res.body.error.code, "validation_failed");
      }
    });

    await t.step(
      "another user's page is a 404 for GET, PUT, DELETE and publish",
      async () => {
        assert.equal((await other.get(`/api/pages/${page.id}`)).status, 404);
        assert.equal(
          (await other.put(`/api/pages/${page.id}`, {
            version: 2,
            name: "mine",
          })).status,
          404,
        );
        assert.equal((await other.delete(`/api/pages/${page.id}`)).status, 404);
        assert.equal(
          (await other.post(`/api/pages/${page.id}/publish`)).status,
          404,
        );
        assert.deepEqual((await other.get("/api/pages")).body.items, []);
      },
    );

    await t.step(
      "publish serves the headline on {slug}.{SITES_DOMAIN} with CSP and ETag",
      async () => {
        const published = await owner.post(`/api/pages/${page.id}/publish`);
        assert.equal(published.status, 200);
        assert.equal(published.body.page.status, "published");
        assert.equal(
          published.body.page.url,
          `http://${siteHost("launch-day")}/`,
        );
        const site = await hostRequest(
          server.port,
          siteHost("launch-day"),
          "/",
        );
        assert.equal(site.status, 200);
        assert.match(site.text, /Ship faster/);
        assert.doesNotMatch(site.text, /<script/i);
        assert.match(
          String(site.headers["content-security-policy"]),
          /default-src 'none'/,
        );
        assert.ok(site.headers.etag);
        const again = await hostRequest(
          server.port,
          siteHost("launch-day"),
          "/",
          {
            headers: { "if-none-match": String(site.headers.etag) },
          },
        );
        assert.equal(again.status, 304);
        assert.equal(site.headers["set-cookie"], undefined);
      },
    );

    await t.step(
      "If-None-Match uses weak comparison: W/, lists and * give 304, other tags 200",
      async () => {
        const get = (inm: string) =>
          hostRequest(server.port, siteHost("launch-day"), "/", {
            headers: { "if-none-match": inm },
          });
        const etag = String((await get('"nothing"')).headers.etag);
        assert.match(etag, /^"[^"]+"$/);
        for (
          const inm of [
            etag,
            `W/${etag}`,
            `"abc", ${etag}`,
            `"abc",W/${etag}`,
            `W/"abc" , ${etag} , "def"`,
            "*",
            " * ",
          ]
        ) {
          const res = await get(inm);
          assert.equal(res.status, 304, `If-None-Match: ${inm}`);
          assert.equal(res.headers.etag, etag);
          assert.equal(res.text, "");
        }
        for (
          const inm of [
            '"abc"',
            `W/"abc", "def"`,
            etag.slice(1, -1),
            `${etag.slice(0, -2)}"`,
            `"${etag}"`,
            "",
          ]
        ) {
          const res = await get(inm);
          assert.equal(res.status, 200, `If-None-Match: ${inm}`);
          assert.match(res.text, /Ship faster/);
        }
      },
    );

    await t.step(
      "slugs: taken → 409, reserved and malformed → 422",
      async () => {
        const second = await other.post("/api/pages", { name: "Copycat" });
        assert.equal(second.status, 201);
        const taken = await other.put(`/api/pages/${second.body.page.id}`, {
          version: 1,
          slug: "launch-day",
        });
        assert.equal(taken.status, 409);
        assert.equal(taken.body.error.code, "slug_taken");
        assert.equal(
          (await other.post("/api/pages", { name: "x", slug: "launch-day" }))
            .status,
          409,
        );
        assert.equal(
          (await other.post("/api/pages", { name: "x", slug: "admin" })).status,
          422,
        );
        assert.equal(
          (await other.post("/api/pages", { name: "x", slug: "-bad-" })).status,
          422,
        );
      },
    );

    await t.step(
      "changing a slug frees the old one and moves the site",
      async () => {
        const current = (await owner.get(`/api/pages/${page.id}`)).body.page;
        const moved = await owner.put(`/api/pages/${page.id}`, {
          version: current.version,
          slug: "launch-week",
        });
        assert.equal(moved.status, 200);
        assert.equal(
          (await hostRequest(server.port, siteHost("launch-day"), "/")).status,
          404,
        );
        const freed = await other.post("/api/pages", {
          name: "Took it",
          slug: "launch-day",
        });
        assert.equal(freed.status, 201);
        await owner.post(`/api/pages/${page.id}/publish`);
        assert.match(
          (await hostRequest(server.port, siteHost("launch-week"), "/")).text,
          /Ship faster/,
        );
      },
    );

    await t.step("unpublish → the site answers 404", async () => {
      const res = await owner.post(`/api/pages/${page.id}/unpublish`);
      assert.equal(res.status, 200);
      assert.equal(res.body.page.status, "draft");
      const site = await hostRequest(server.port, siteHost("launch-week"), "/");
      assert.equal(site.status, 404);
    });

    await t.step(
      "script in text and html blocks never reaches the published page",
      async () => {
        const current = (await owner.get(`/api/pages/${page.id}`)).body.page;
        const evil = "<script>alert(1)</script>";
        const res = await owner.put(`/api/pages/${page.id}`, {
          version: current.version,
          content: {
            blocks: [
              hero(evil),
              {
                id: "h",
                type: "html",
                props: {
                  html:
                    `<p>ok</p>${evil}<img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>`,
                },
              },
            ],
          },
        });
        assert.equal(res.status, 200, res.text);
        await owner.post(`/api/pages/${page.id}/publish`);
        const site = await hostRequest(
          server.port,
          siteHost("launch-week"),
          "/",
        );
        assert.doesNotMatch(site.text, /<script/i);
        assert.doesNotMatch(site.text, /onerror/i);
        assert.doesNotMatch(site.text, /javascript:/i);
        assert.match(
          site.text,
          /&lt;script>alert\(1\)&lt;\/script>/,
          "shown as text",
        );
      },
    );

    await t.step("delete", async () => {
      assert.equal((await owner.delete(`/api/pages/${page.id}`)).status, 204);
      assert.equal((await owner.get(`/api/pages/${page.id}`)).status, 404);
      assert.equal(
        (await hostRequest(server.port, siteHost("launch-week"), "/")).status,
        404,
      );
    });
  } finally {
    await server.close();
  }
});

Deno.test("pages: starters, generate, duplicate, revisions, uploads", async (t) => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register();
    await t.step(
      "at least six starter layouts; a page from each is valid and editable",
      async () => {
        const templates = (await owner.get("/api/templates")).body.items;
        assert.ok(templates.filter((s: any) => s.id !== "blank").length >= 6);
        for (const s of templates) {
          const res = await owner.post("/api/pages", { name: `From ${s.name}`, templateId: s.id });
          assert.equal(res.status, 201, res.text);
          assert.deepEqual(res.body.page.content.blocks.map((b: any) => b.type), s.blocks);
          const again = await owner.put(`/api/pages/${res.body.page.id}`, {
            version: 1,
            content: res.body.page.content,
          });
          assert.equal(again.status, 200, "the starter content passes validation");
        }
        assert.equal(
          (await owner.post("/api/pages", { name: "x", templateId: "nope" })).status,
          422,
        );
      },
    );

    await t.step("generate from a description (local generator)", async () => {
      const res = await owner.post("/api/pages/generate", {
        description: "A conference for indie game developers in Berlin. Talks and workshops.",
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.source, "local");
      const types = res.body.page.content.blocks.map((b: any) => b.type);
      assert.ok(types.includes("countdown") && types.includes("form"), `an event layout: ${types}`);
      assert.match(
        res.body.page.content.blocks[0].props.headline,
        /conference for indie game developers/i,
      );
      assert.equal((await owner.post("/api/pages/generate", { description: "short" })).status, 422);
      // The product's name, a headline without the request around it, and its listed features.
      const app = await owner.post("/api/pages/generate", {
        description:
          "Make me a landing page for Listly, a to-do app with smart reminders, shared lists and offline mode.",
      });
      const blocks = app.body.page.content.blocks;
      assert.equal(app.body.page.name, "Listly");
      assert.equal(blocks[0].props.headline, "Listly — a to-do app");
      assert.equal(blocks[0].props.subheadline, "Smart reminders, shared lists and offline mode.");
      assert.deepEqual(
        blocks.find((b: any) => b.type === "features").props.items.map((i: any) => i.title),
        ["Smart reminders", "Shared lists", "Offline mode"],
      );
      assert.match(blocks.at(-1).props.text, /© \d{4} Listly\. All rights reserved\.$/);

      // The UX review's example: the name, a headline without the request, pricing in euros, a
      // plain email label (not a business page); the page is named and addressed after Pawsome.
      const dogs = await owner.post("/api/pages/generate", {
        description:
          "A waitlist page for a dog-walking app in Berlin called Pawsome, with pricing in euros",
      });
      assert.equal(dogs.status, 201, dogs.text);
      assert.equal(dogs.body.page.name, "Pawsome");
      assert.equal(dogs.body.page.slug, "pawsome");
      const made = dogs.body.page.content.blocks;
      assert.equal(made[0].props.headline, "Pawsome — a dog-walking app in Berlin");
      const pricing = made.find((b: any) => b.type === "pricing");
      assert.ok(pricing.props.plans.every((p: any) => p.price.startsWith("€")));
      const form = made.find((b: any) => b.type === "form");
      assert.deepEqual(form.props.fields.map((f: any) => f.label), ["Name", "Email"]);
      const again = await owner.put(`/api/pages/${dogs.body.page.id}`, {
        version: dogs.body.page.version,
        content: dogs.body.page.content,
      });
      assert.equal(again.status, 200, "the generated content passes validation");
    });

    await t.step("duplicate and revisions with restore", async () => {
      const page =
        (await owner.post("/api/pages", { name: "Versions", templateId: "newsletter" })).body.page;
      const id = page.id;
      let version = page.version;
      const edit = async (body: Record<string, unknown>) => {
        const res = await owner.put(`/api/pages/${id}`, { version, ...body });
        assert.equal(res.status, 200, res.text);
        version = res.body.page.version;
        return res.body.page;
      };
      const revisions = async () =>
        (await owner.get(`/api/pages/${id}/revisions`)).body.items.map((r: any) =>
          [r.kind, r.version, r.restoredVersion ?? undefined].filter((x) => x !== undefined)
        );
      // Autosaves in one stretch of editing keep one revision: the page before the first save.
      await edit({ name: "Versions v2" });
      await edit({ name: "Versions v3", content: { blocks: [] } });
      await edit({ name: "Versions v4" });
      assert.deepEqual(await revisions(), [["autosave", 1]]);

      // Once the last revision is older than the interval, the next save keeps another one.
      const { keys, kv, newId } = await import("../lib/kv/index.ts");
      const { REVISION_INTERVAL_MS } = await import("../lib/pages/index.ts");
      for await (const e of kv().list({ prefix: keys.pageRevisions(id) })) {
        const aged = newId(Date.now() - REVISION_INTERVAL_MS - 1000);
        await kv().atomic().delete(e.key).set(keys.pageRevision(id, aged), e.value).commit();
      }
      await edit({ name: "Versions v5" });
      await edit({ name: "Versions v6" });
      assert.deepEqual(await revisions(), [["autosave", 4], ["autosave", 1]]);

      // The published state is kept when the published page is first changed, whatever the time.
      assert.equal((await owner.post(`/api/pages/${id}/publish`)).status, 200);
      await edit({ name: "Versions v7" });
      await edit({ name: "Versions v8" });
      assert.deepEqual(await revisions(), [["published", 6], ["autosave", 4], ["autosave", 1]]);

      // Restoring keeps the state it replaces (so a restore can be undone), labelled.
      const first = (await owner.get(`/api/pages/${id}/revisions`)).body.items.at(-1);
      const stale = await owner.post(`/api/pages/${id}/revisions/${first.id}/restore`, {
        version: version - 1,
      });
      assert.equal(stale.status, 409, "a restore is checked against the version too");
      const restored = await owner.post(`/api/pages/${id}/revisions/${first.id}/restore`, {
        version,
      });
      assert.equal(restored.status, 200);
      assert.equal(restored.body.page.name, "Versions");
      assert.equal(restored.body.page.version, version + 1);
      assert.ok(restored.body.page.content.blocks.length > 0);
      assert.deepEqual((await revisions())[0], ["restore", 8, 1]);
      const items = (await owner.get(`/api/pages/${id}/revisions`)).body.items;
      assert.equal(items[0].name, "Versions v8");
      assert.equal(items.length, 4);

      const copy = await owner.post(`/api/pages/${id}/duplicate`);
      assert.equal(copy.status, 201);
      assert.equal(copy.body.page.name, "Versions (copy)");
      assert.notEqual(copy.body.page.slug, restored.body.page.slug);
    });

    await t.step(
      "image uploads are checked, stored in chunks and served with long caching",
      async () => {
        const png = new Uint8Array(200_000);
        png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        for (let i = 8; i < png.length; i++) png[i] = i % 251;
        const form = new FormData();
        form.append("file", new File([png], "big.png", { type: "image/png" }));
        const res = await owner.request("POST", "/api/uploads", { body: form });
        assert.equal(res.status, 201, res.text);
        assert.match(res.body.url, /^\/uploads\/[0-9A-Z]{26}$/);
        const file = await fetch(server.origin + res.body.url);
        assert.equal(file.headers.get("cache-control"), "public, max-age=31536000, immutable");
        assert.deepEqual(new Uint8Array(await file.arrayBuffer()), png);
        const fake = new FormData();
        fake.append("file", new File(["<svg onload=alert(1)>"], "x.png", { type: "image/png" }));
        assert.equal((await owner.request("POST", "/api/uploads", { body: fake })).status, 422);
        const huge = new FormData();
        huge.append("file", new File([new Uint8Array(6 * 1024 * 1024)], "huge.png"));
        assert.equal((await owner.request("POST", "/api/uploads", { body: huge })).status, 413);
        assert.equal(
          (await server.client().request("POST", "/api/uploads", { body: form })).status,
          401,
        );
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("published sites: gzip, robots.txt, sitemap.xml, batched view counts", async () => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register();
    const page =
      (await owner.post("/api/pages", { name: "Counted", slug: "counted", templateId: "saas" }))
        .body.page;
    await owner.post(`/api/pages/${page.id}/publish`);
    const host = `counted.${server.sitesDomain}`;
    for (let i = 0; i < 25; i++) {
      assert.equal((await hostRequest(server.port, host, "/")).status, 200);
    }
    const gz = await hostRequest(server.port, host, "/", {
      headers: { "accept-encoding": "gzip" },
    });
    assert.equal(gz.headers["content-encoding"], "gzip");
    // A client that refuses gzip (q=0) or names it in capitals is understood.
    const encodings: [string, string | undefined][] = [["gzip;q=0, identity", undefined], [
      "GZIP",
      "gzip",
    ]];
    for (const [given, expected] of encodings) {
      const res = await hostRequest(server.port, host, "/", {
        headers: { "accept-encoding": given },
      });
      assert.equal(res.headers["content-encoding"], expected, given);
    }
    const robots = await hostRequest(server.port, host, "/robots.txt");
    assert.match(robots.text, /Sitemap: http:\/\/counted\..*\/sitemap\.xml/);
    const sitemap = await hostRequest(server.port, host, "/sitemap.xml");
    assert.match(sitemap.text, /<loc>http:\/\/counted\.[^<]+\/<\/loc>/);
    assert.equal(
      (await hostRequest(server.port, `nope.${server.sitesDomain}`, "/sitemap.xml")).status,
      404,
    );
    // Views are counted in memory and written in batches.
    const { flushViews } = await import("../lib/sites/index.ts");
    await flushViews();
    const counted = (await owner.get(`/api/pages/${page.id}`)).body.page;
    assert.equal(counted.viewCount, 28);
    assert.equal(counted.version, page.version, "counting views is not an edit");
  } finally {
    await server.close();
  }
});
