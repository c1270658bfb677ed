// The pages a visitor sees after posting a published site's form without JavaScript: in the
// site's own look, with what they typed kept (escaped) and each problem at its field.
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";

const formBlock = {
  id: "signup",
  type: "form",
  props: {
    title: "Join the list",
    fields: [
      { name: "name", label: "Your name", type: "text", required: true },
      { name: "email", label: "Email", type: "email", required: true },
      { name: "note", label: "Note", type: "textarea", required: false },
      { name: "plan", label: "Plan", type: "select", required: false, options: ["Basic", "Pro"] },
    ],
    submitText: "Join",
    successMessage: "Welcome aboard!",
  },
};

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

Deno.test("a published form's error and rate-limit pages keep the visitor's input in the site's look", async (t) => {
  const server = await startTestServer({ FORM_RATE_PER_MINUTE: "3" });
  const host = `forms-look.${server.sitesDomain}`;
  try {
    const owner = server.client();
    await owner.register("forms-owner@example.com");
    const created = await owner.post("/api/pages", { name: "Forms", slug: "forms-look" });
    const pageId = created.body.page.id;
    const put = await owner.put(`/api/pages/${pageId}`, {
      version: 1,
      content: { theme: { primaryColor: "#12ab34" }, blocks: [formBlock] },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal((await owner.post(`/api/pages/${pageId}/publish`)).status, 200);

    await t.step("422: the form again, values escaped, errors at their fields", async () => {
      const res = await hostRequest(
        server.port,
        host,
        "/forms/signup",
        form({
          name: `<b>Al & "x"</b>`,
          email: "not-an-email",
          note: "</textarea><i>hi",
          plan: "Pro",
        }),
      );
      assert.equal(res.status, 422);
      assert.match(res.headers["content-security-policy"] as string, /default-src 'none'/);
      assert.match(res.text, /--p:#12ab34/, "the site's own theme");
      assert.match(res.text, /<title>Please check the form<\/title>/);
      // The typed values come back, escaped (never as markup).
      assert.ok(res.text.includes(`value="&#60;b&#62;Al &#38; &#34;x&#34;&#60;/b&#62;"`), res.text);
      assert.ok(!res.text.includes("<b>Al"));
      assert.ok(res.text.includes("&#60;/textarea&#62;&#60;i&#62;hi</textarea>"));
      assert.match(res.text, /<option value="Pro" selected>/);
      assert.match(res.text, /value="not-an-email"/);
      // The email field points at its own error.
      assert.match(
        res.text,
        /name="email"[^>]*aria-invalid="true"[^>]*aria-describedby="err-email"/,
      );
      assert.match(res.text, /id="err-email"[^>]*>Enter a valid email</);
      assert.match(res.text, /action="\/forms\/signup"/);
      assert.ok(!/<script/i.test(res.text), "no script");
    });

    await t.step("429: titled for what happened, Retry-After, the input still there", async () => {
      let last = { status: 0, text: "", headers: {} as Record<string, unknown> };
      for (let i = 0; i < 4; i++) {
        last = await hostRequest(
          server.port,
          host,
          "/forms/signup",
          form({ name: "Rita", email: `rita${i}@example.com` }),
        );
        if (last.status === 429) break;
      }
      assert.equal(last.status, 429);
      assert.match(last.text, /<title>Too many submissions<\/title>/);
      assert.ok(!last.text.includes("Please check the form"));
      assert.match(String(last.headers["retry-after"]), /^\d+$/);
      assert.match(last.text, /--p:#12ab34/);
      assert.match(last.text, /value="Rita"/);
    });

    await t.step("an oversized plain post gets a page saying so, not JSON", async () => {
      const res = await hostRequest(
        server.port,
        host,
        "/forms/signup",
        form({ name: "Big", email: "big@example.com", note: "x".repeat(70 * 1024) }),
      );
      assert.equal(res.status, 413);
      assert.match(String(res.headers["content-type"]), /text\/html/);
      assert.match(res.text, /<title>Your message is too long<\/title>/);
    });

    await t.step("/favicon.ico on a site host is not a 404", async () => {
      const res = await hostRequest(server.port, host, "/favicon.ico");
      assert.ok(res.status === 204 || res.status === 200, String(res.status));
    });
  } finally {
    await server.close();
  }
});
