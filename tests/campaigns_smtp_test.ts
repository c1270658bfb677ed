// Campaigns and mail over real SMTP (a minimal SMTP server on 127.0.0.1; nothing leaves this
// machine): each message arrives as multipart/alternative with its text and HTML parts and the
// List-Unsubscribe headers, a refused recipient is counted as failed (not retried, not sent), and
// the other recipients get one message each. Also the /campaigns pages (plain forms).
import assert from "node:assert/strict";
import { eventually, startTestServer } from "./_helpers.ts";
import { keys, kv, newId, nowIso } from "../lib/kv/index.ts";
import type { Lead } from "../lib/leads/index.ts";

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** An SMTP server that accepts every message, except recipients containing "reject". */
function startSmtp() {
  const received: Received[] = [];
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const serve = async (conn: Deno.Conn) => {
    conns.add(conn);
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    const say = (line: string) => conn.write(enc.encode(line + "\r\n"));
    let buf = "";
    let inData = false;
    let cur: Received = { from: "", to: [], data: "" };
    try {
      await say("220 localhost test SMTP");
      const chunk = new Uint8Array(65536);
      while (true) {
        const n = await conn.read(chunk);
        if (n === null) break;
        buf += dec.decode(chunk.subarray(0, n));
        while (true) {
          if (inData) {
            const end = buf.indexOf("\r\n.\r\n");
            if (end < 0) break;
            cur.data = buf.slice(0, end);
            buf = buf.slice(end + 5);
            inData = false;
            received.push(cur);
            cur = { from: "", to: [], data: "" };
            await say("250 OK queued");
            continue;
          }
          const nl = buf.indexOf("\r\n");
          if (nl < 0) break;
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 2);
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === "EHLO" || verb === "HELO") await say("250 localhost");
          else if (verb === "MAIL") {
            cur.from = line;
            await say("250 OK");
          } else if (verb === "RCPT") {
            if (/reject/i.test(line)) await say("550 No such user");
            else {
              cur.to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, "$1"));
              await say("250 OK");
            }
          } else if (verb === "DATA") {
            inData = true;
            await say("354 End data with <CR><LF>.<CR><LF>");
          } else if (verb === "RSET") {
            cur = { from: "", to: [], data: "" };
            await say("250 OK");
          } else if (verb === "QUIT") {
            await say("221 Bye");
            conn.close();
            return;
          } else await say("250 OK");
        }
      }
    } catch {
      /* closed */
    } finally {
      conns.delete(conn);
      try {
        conn.close();
      } catch { /* already closed */ }
    }
  };
  const accepting = (async () => {
    try {
      for await (const conn of listener) serve(conn);
    } catch { /* closed */ }
  })();
  return {
    received,
    url: `smtp://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    close: async () => {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* closed */ }
      }
      await accepting;
    },
  };
}

Deno.test("campaign over SMTP: multipart/alternative, unsubscribe headers, refusals counted", async () => {
  const smtp = startSmtp();
  const server = await startTestServer({
    SMTP_URL: smtp.url,
    CAMPAIGN_RATE_PER_SECOND: "1000",
  });
  try {
    const owner = server.client();
    const me = await owner.register("smtp-owner@example.com", "Sam");
    const page = (await owner.post("/api/pages", { name: "Smtp" })).body.page;
    const op = kv().atomic();
    const consent = { text: "Yes", at: nowIso() };
    for (let i = 0; i < 30; i++) {
      const email = i === 5 ? "reject-me@x.test" : `s${i}@x.test`;
      const lead: Lead = {
        id: newId(),
        pageId: page.id,
        blockId: "f",
        data: { name: `S${i}`, email },
        status: "new",
        tags: i < 10 ? ["vip"] : [],
        submittedAt: nowIso(),
        consent,
      };
      op.set(keys.lead(page.id, lead.id), lead);
    }
    assert.ok((await op.commit()).ok);
    assert.equal((await owner.get("/api/audience?tag=vip")).body.count, 10);

    // The plain-form UI: create, see it with its audience, preview in a sandboxed frame.
    const form = await owner.request("POST", "/campaigns", {
      body: new URLSearchParams({ subject: "Hi {{name}}", body: "Hello **there**", tag: "vip" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(form.status, 303, form.text);
    const at = form.headers.get("location")!;
    const view = await owner.get(at, { headers: { accept: "text/html" } });
    assert.equal(view.status, 200);
    assert.match(view.text, /10 leads match, 10\s*can be emailed/);
    const preview = await owner.get(`${at}/preview`);
    assert.match(preview.headers.get("content-security-policy")!, /sandbox/);
    assert.match(preview.text, /<strong>there<\/strong>/);
    const list = await owner.get("/campaigns", { headers: { accept: "text/html" } });
    assert.match(list.text, /data-testid="campaign"/);

    const id = at.split("/").pop()!;
    const send = await owner.request("POST", `${at}/send`, {
      body: "",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(send.status, 303);
    const done = await eventually(async () => {
      const c = (await owner.get(`/api/campaigns/${id}`)).body.campaign;
      return c.status === "sent" ? c : null;
    }, 20_000);
    assert.deepEqual(done!.counts, { sent: 9, failed: 1, unsubscribed: 0 });
    const campaignMail = smtp.received.filter((m) => /Subject: Hi S/.test(m.data));
    assert.equal(campaignMail.length, 9);
    assert.equal(new Set(campaignMail.map((m) => m.to[0])).size, 9);
    const one = campaignMail[0].data;
    assert.match(one, /Content-Type: multipart\/alternative/);
    assert.match(one, /Content-Type: text\/plain/);
    assert.match(one, /Content-Type: text\/html/);
    assert.match(one, /List-Unsubscribe:\s+<http:\/\/[^>]+\/email\/unsubscribe\/[\w.-]+>/);
    assert.match(one, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);

    // Ordinary mail (the sign-up verification) is multipart too.
    await eventually(() => smtp.received.some((m) => m.to.includes(me.email)));
    const verify = smtp.received.find((m) => m.to.includes(me.email))!;
    assert.match(verify.data, /multipart\/alternative/);
  } finally {
    await server.close();
    await smtp.close();
  }
});
