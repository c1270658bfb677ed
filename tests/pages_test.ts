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
