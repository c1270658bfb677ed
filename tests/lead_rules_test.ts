// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// What a form's settings do around a lead: a required consent box (refused without it, with the
// error on the no-script page; its text and time stored), the autoresponder (placeholders filled
// and escaped, through the queue), double opt-in (subscribed only after the link), extra lead
// recipients (mailed only after they confirm), the daily digest (one per address and day), and
// every message with an HTML and a text part (the dev mailbox shows both).
import assert from "node:assert/strict";
import { eventually, hostRequest, startTestServer, type TestServer } from "./_helpers.ts";
import { keys, kv } from "../lib/kv/index.ts";
import type { MailRecord } from "../lib/mail/index.ts";
import { sendLeadDigest } from "../lib/leads/index.ts";

async function allMail(): Promise<MailRecord[]> {
  const out: MailRecord[] = [];
  for await (const e of kv().list<MailRecord>({ prefix: keys.mailAll() })) out.push(e.value);
  return out;
}
const mailTo = async (to: string) => (await allMail()).filter((m) => m.to === to);
/** The mail to `to` once there are at least `n` (fails on timeout). */
async function waitMail(to: string, n: number): Promise<MailRecord[]> {
  return (await eventually(async () => {
    const m = await mailTo(to);
    return m.length >= n ? m : null;
  }))!;
}

function formBlock(id: string, extra: Record<string, unknown>) {
  return {
    id,
    type: "form",
    props: {
      title: "Join",
      fields: [
        { name: "name", label: "Name", type: "text", required: true },
        { name: "email", label: "Email", type: "email", required: true },
      ],
      submitText: "Join",
      successMessage: "Thanks",
      ...extra,
    },
  };
}

async function publish(server: TestServer, owner: any, slug: string, blocks: unknown[]) {
  const page = (await owner.post("/api/pages", { name: `Page ${slug}`, slug })).body.page;
  const put = await owner.put(`/api/pages/${page.id}`, { version: 1, content: { blocks } });
  assert.equal(put.status, 200, put.text);
  assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
  const submit = (form: string, body: Record<string, unknown>, formEncoded = false) =>
    hostRequest(server.port, `${slug}.${server.sitesDomain}`, `/forms/${form}`, {
      method: "POST",
      headers: {
        "content-type": formEncoded ? "application/x-www-form-urlencoded" : "application/json",
      },
      body: formEncoded
        ? new URLSearchParams(body as Record<string, string>).toString()
        : JSON.stringify(body),
    });
  return { page, submit };
}

const linkIn = (text: string, path: string) => {
  const m = text.match(new RegExp(`https?://\\S+/email/${path}/[\\w.-]+`));
  assert.ok(m, `no /email/${path} link in:\n${text}`);
  return m[0];
};

Deno.test("lead rules: consent, autoresponder, double opt-in, extra recipients, digest", async (t) => {
  const server = await startTestServer({ FORM_RATE_PER_MINUTE: "0", DEV_PAGES: "1" });
  try {
    const owner = server.client();
    await owner.register("boss@example.com", "Boss");
    const { page, submit } = await publish(server, owner, "rules", [
      formBlock("signup", {
        consentText: "Send me the newsletter",
        consentRequired: true,
        autoReply: true,
        autoReplySubject: "Welcome {{name}}",
        autoReplyBody: "Hi {{name}},\n\nYou wrote from {{email}}. {{unknown}}Bye.",
        doubleOptIn: true,
        notifyEmails: ["team@example.com"],
      }),
      formBlock("digest", { notifyMode: "digest" }),
    ]);
    const leads = async () => (await owner.get(`/api/pages/${page.id}/leads`)).body.items;

    await t.step(
      "no consent tick: 422 and nothing stored; the page says so at the box",
      async () => {
        const json = await submit("signup", { name: "Ann", email: "ann@example.com" });
        assert.equal(json.status, 422, json.text);
        assert.ok(JSON.parse(json.text).error.fields._consent);
        const html = await submit("signup", { name: "Ann", email: "ann@example.com" }, true);
        assert.equal(html.status, 422);
        assert.match(html.text, /name="_consent"/);
        assert.match(html.text, /Send me the newsletter/);
        assert.match(html.text, /Tick this box to agree before sending/);
        assert.match(html.text, /value="ann@example.com"/);
        assert.equal((await leads()).length, 0);
        // The published form itself shows the box (required in the browser too).
        const site = await hostRequest(server.port, `rules.${server.sitesDomain}`, "/");
        assert.match(site.text, /<input type="checkbox" name="_consent" value="yes" required/);
        assert.match(site.text, /Send me the newsletter/);
      },
    );

    const evil = `<script>alert(1)</script>`;
    let lead: any;
    await t.step("with the tick: consent text and time stored, opt-in pending", async () => {
      const res = await submit("signup", { name: evil, email: "ann@example.com", _consent: "yes" });
      assert.equal(res.status, 201, res.text);
      [lead] = await leads();
      assert.equal(lead.consent.text, "Send me the newsletter");
      assert.ok(Date.now() - Date.parse(lead.consent.at) < 60_000);
      assert.equal(lead.optIn, "pending");
    });

    await t.step(
      "autoresponder: placeholders filled, escaped in HTML, with the opt-in link",
      async () => {
        const [reply] = await waitMail("ann@example.com", 1);
        assert.equal(reply.subject, `Welcome ${evil}`);
        assert.ok(reply.text.includes(`Hi ${evil},`));
        assert.ok(reply.text.includes("You wrote from ann@example.com. Bye."));
        assert.ok(!reply.html!.includes("<script>"), "the lead's input is escaped in HTML");
        assert.ok(reply.html!.includes("Hi &lt;script&gt;alert(1)&lt;/script&gt;,"));
        // The dev mailbox shows both parts; the raw message is multipart/alternative.
        const box = await owner.get("/dev/mailbox");
        assert.equal(box.status, 200);
        assert.ok(box.text.includes(`/dev/mailbox/${reply.id}/html`));
        const raw = await owner.get(`/dev/mailbox/${reply.id}/raw`);
        assert.match(raw.text, /multipart\/alternative/);
        assert.match(raw.text, /text\/plain/);
        assert.match(raw.text, /text\/html/);

        const link = linkIn(reply.text, "confirm");
        const page = await fetch(link); // GET only shows a button (link scanners change nothing)
        assert.equal(page.status, 200);
        await page.body?.cancel();
        assert.equal((await leads())[0].optIn, "pending");
        const confirm = await fetch(link, { method: "POST" });
        assert.equal(confirm.status, 200, await confirm.text());
        assert.equal((await leads())[0].optIn, "confirmed");
        // A changed MAC character in the middle (the last one also has unused bits, see
        // tests/mail_links_test.ts).
        const forgedLink = link.replace(
          /(.)(.{5})$/,
          (_, c, tail) => `${c === "A" ? "B" : "A"}${tail}`,
        );
        assert.notEqual(forgedLink, link);
        const forged = await fetch(forgedLink, { method: "POST" });
        assert.equal(forged.status, 404);
        await forged.body?.cancel();
      },
    );

    await t.step("the owner gets the lead; the extra address only a confirmation", async () => {
      const leadMail = async () =>
        (await mailTo("boss@example.com")).filter((m) => /New lead/.test(m.subject));
      const boss = (await eventually(async () => {
        const m = await leadMail();
        return m.length ? m : null;
      }))!;
      assert.equal(boss.length, 1);
      assert.match(boss[0].subject, /New lead/);
      assert.ok(!boss[0].html!.includes("<script>"));
      const team = await waitMail("team@example.com", 1);
      assert.equal(team.length, 1);
      assert.match(team[0].subject, /Receive leads/);
      // A second lead before confirming: still nothing for the team (and no second request).
      assert.equal(
        (await submit("signup", { name: "Bob", email: "bob@example.com", _consent: "yes" }))
          .status,
        201,
      );
      await eventually(async () => (await leadMail()).length === 2);
      assert.equal((await mailTo("team@example.com")).length, 1);

      const confirm = await fetch(linkIn(team[0].text, "recipient"), { method: "POST" });
      assert.equal(confirm.status, 200, await confirm.text());
      assert.equal(
        (await submit("signup", { name: "Cy", email: "cy@example.com", _consent: "yes" })).status,
        201,
      );
      const after = await waitMail("team@example.com", 2);
      assert.ok(after.some((m) => /New lead/.test(m.subject) && m.text.includes("cy@example.com")));
    });

    await t.step("digest: no mail per lead; one digest per address and day", async () => {
      const before = (await mailTo("boss@example.com")).length;
      for (const name of ["D1", "D2", "D3"]) {
        const res = await submit("digest", { name, email: `${name}@example.com` });
        assert.equal(res.status, 201, res.text);
      }
      const day = new Date().toISOString().slice(0, 10);
      await eventually(async () => {
        let n = 0;
        for await (
          const _ of kv().list({ prefix: keys.leadDigestItems(day, "boss@example.com") })
        ) {
          n++;
        }
        return n === 3;
      });
      assert.equal((await mailTo("boss@example.com")).length, before);
      assert.equal(await sendLeadDigest(day, "boss@example.com"), true);
      assert.equal(await sendLeadDigest(day, "boss@example.com"), false);
      const mails = await mailTo("boss@example.com");
      assert.equal(mails.length, before + 1);
      const digest = mails.find((m) => /3 new leads/.test(m.subject))!;
      for (const name of ["D1", "D2", "D3"]) assert.ok(digest.text.includes(`${name}@example.com`));
    });
  } finally {
    await server.close();
  }
});
