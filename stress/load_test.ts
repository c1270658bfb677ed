// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Load: 200 concurrent clients for 30 s (LOAD_SECONDS) mixing page, marketplace and API reads,
// lead submissions and chat messages against the server in another process. No error response
// is allowed, and every accepted write must be found afterwards.
import assert from "node:assert/strict";
import { Client, hostRequest } from "../tests/_helpers.ts";
import { mulberry32 } from "../tests/_random.ts";
import { freePort, spawnServer } from "./_server.ts";

const CLIENTS = 200;
const SECONDS = Number(Deno.env.get("LOAD_SECONDS") ?? 30);

Deno.test({
  name: "load: 200 clients mixing reads, leads and chat for 30 s — no errors, no lost writes",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const port = freePort();
    const server = await spawnServer(`${dir}/landinghub.kv`, port, { SEED_DEMO: "1" });
    try {
      const origin = server.origin;
      const seller = new Client(origin);
      await seller.login("sam@landinghub.local", "demo-password");
      const formPage = (await seller.get("/api/pages")).body.items
        .find((p: any) =>
          p.status === "published" && p.content.blocks.some((b: any) => b.type === "form")
        );
      assert.ok(formPage, "a demo page with a form");
      const formBlock = formPage.content.blocks.find((b: any) => b.type === "form");
      const emailField = formBlock.props.fields.find((f: any) => f.type === "email").name;
      const site = `${formPage.slug}.localhost:${port}`;
      const leadBody = (email: string) =>
        Object.fromEntries(formBlock.props.fields.map((f: any) => [
          f.name,
          f.type === "email" ? email : f.type === "checkbox" ? "on" : f.options?.[0] ?? "Load test",
        ]));

      const users = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
        const c = new Client(origin);
        await c.register(`load${i}@example.com`, `Load ${i}`);
        const room = (await c.post("/api/chat/rooms", { subject: "Load", message: "Hello" })).body
          .room;
        return { c, room, random: mulberry32(i + 1) };
      }));

      const counts: Record<string, number> = {};
      const errors: string[] = [];
      const leads: string[] = [];
      const messages = new Map<string, string[]>();
      const deadline = Date.now() + SECONDS * 1000;
      const note = (what: string, status: number, ok: boolean) => {
        counts[what] = (counts[what] ?? 0) + 1;
        if (!ok) errors.push(`${what} → ${status}`);
      };
      await Promise.all(users.map(async ({ c, room, random }, i) => {
        for (let n = 0; Date.now() < deadline; n++) {
          const dice = random();
          try {
            if (dice < 0.25) {
              const res = await hostRequest(port, site, "/");
              note("site", res.status, res.status === 200);
            } else if (dice < 0.4) {
              const res = await c.get("/marketplace");
              note("marketplace", res.status, res.status === 200);
            } else if (dice < 0.55) {
              const res = await c.get("/api/marketplace?q=landing");
              note("api", res.status, res.status === 200);
            } else if (dice < 0.8) {
              const email = `lead-${i}-${n}@example.com`;
              const res = await hostRequest(port, site, `/forms/${formBlock.id}`, {
                method: "POST",
                body: JSON.stringify(leadBody(email)),
                headers: { "content-type": "application/json" },
              });
              note("lead", res.status, res.status === 201);
              if (res.status === 201) leads.push(email);
            } else {
              const res = await c.post(`/api/chat/rooms/${room.id}/messages`, {
                message: `How do I publish? (${n})`,
              });
              note("chat", res.status, res.status === 201);
              if (res.status === 201) {
                messages.set(room.id, [...(messages.get(room.id) ?? []), res.body.message.id]);
              }
            }
          } catch (err) {
            errors.push(`network: ${err}`);
          }
        }
      }));
      const total = Object.values(counts).reduce((s, n) => s + n, 0);
      console.log(
        `load: ${CLIENTS} clients, ${SECONDS} s, ${total} requests ${JSON.stringify(counts)}, ` +
          `${errors.length} errors`,
      );
      assert.deepEqual(errors.slice(0, 10), [], "no error responses");

      // Every accepted write is there.
      const stored = new Set<string>();
      for (let cursor = "";;) {
        const res = (await seller.get(
          `/api/pages/${formPage.id}/leads?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
        )).body;
        for (const l of res.items) stored.add(l.data[emailField]);
        if (!res.cursor) break;
        cursor = res.cursor;
      }
      const lostLeads = leads.filter((e) => !stored.has(e));
      let lostMessages = 0;
      for (const { c, room } of users) {
        const seen = new Set<string>();
        for (let after = "0"; after;) {
          const batch =
            (await c.get(`/api/chat/rooms/${room.id}/messages?after=${after}&limit=100`))
              .body.items;
          for (const m of batch) seen.add(m.id);
          after = batch.at(-1)?.id;
        }
        lostMessages += (messages.get(room.id) ?? []).filter((id) => !seen.has(id)).length;
      }
      console.log(
        `load: ${leads.length} leads and ${[...messages.values()].flat().length} messages ` +
          `accepted; lost: ${lostLeads.length} leads, ${lostMessages} messages`,
      );
      assert.equal(lostLeads.length, 0);
      assert.equal(lostMessages, 0);
    } finally {
      server.child.kill("SIGKILL");
      await server.child.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
