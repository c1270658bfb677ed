// The leads CSV as a stream over many leads: every lead exactly once, oldest first, across KV
// page boundaries, and no reading ahead of a slow reader (issue 14: memory flat whatever the count).
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { keys, kv, newId } from "../lib/kv/index.ts";
import { type Lead, leadsCsvStream, noteLeadFields } from "../lib/leads/index.ts";

const COUNT = 1050; // not a multiple of the default page (200), a multiple of 105 and 50

const form = {
  id: "f",
  type: "form",
  props: {
    title: "Join",
    fields: [
      { name: "name", label: "Name", type: "text", required: true },
      { name: "email", label: "Email", type: "email", required: true },
    ],
    submitText: "Join",
    successMessage: "Thanks",
  },
};

/** Write `n` leads straight to KV (the form path costs ~2 ms a lead), oldest first. */
async function seedLeads(pageId: string, n: number) {
  const start = Date.now() - n * 1000;
  for (let i = 0; i < n; i += 100) {
    const op = kv().atomic();
    for (let j = i; j < Math.min(n, i + 100); j++) {
      const at = start + j * 1000;
      const data = { name: `lead ${j}`, email: `l${j}@example.com` };
      const lead: Lead = {
        id: newId(at),
        pageId,
        blockId: "f",
        data,
        status: "new",
        tags: j % 7 === 0 ? ["vip", "b,c"] : [],
        submittedAt: new Date(at).toISOString(),
        ...(j % 3 === 0
          ? {
            source: {
              referrer: "news.example",
              utmSource: "Mail",
              utmMedium: null,
              utmCampaign: "=cmd",
              utmContent: null,
              utmTerm: null,
              variantId: null,
            },
          }
          : {}),
      };
      op.set(keys.lead(pageId, lead.id), lead);
      noteLeadFields(op, pageId, data);
    }
    assert.ok((await op.commit()).ok);
  }
}

/** The row a lead `j` of seedLeads gives (after submittedAt). */
function expectedTail(j: number) {
  const tags = j % 7 === 0 ? `"vip;b,c"` : "";
  const source = j % 3 === 0 ? `mail,news.example,Mail,,'=cmd,,,` : ",,,,,,,";
  return `,lead ${j},l${j}@example.com,new,${tags},${source}`;
}

function assertEveryLeadOnce(csv: string, n: number) {
  const lines = csv.split("\r\n");
  assert.equal(lines.pop(), ""); // ends with a line break
  assert.equal(
    lines[0],
    "submittedAt,name,email,status,tags,source,referrer,utmSource,utmMedium,utmCampaign," +
      "utmContent,utmTerm,variantId",
  );
  assert.equal(lines.length, n + 1);
  for (let j = 0; j < n; j++) {
    const line = lines[j + 1];
    assert.ok(line.endsWith(expectedTail(j)), `row ${j}: ${line}`);
  }
}

/** Count the leads KV hands out under `prefix` (wrapping this process's KV handle's list). */
function countListed(prefix: Deno.KvKey) {
  const store = kv();
  const list = store.list.bind(store);
  const counter = { read: 0, restore: () => void (store.list = list) };
  store.list = ((selector: Deno.KvListSelector, options?: Deno.KvListOptions) => {
    const iter = list(selector, options);
    const mine = "prefix" in selector &&
      JSON.stringify(selector.prefix) === JSON.stringify(prefix);
    if (!mine) return iter;
    const next = iter.next.bind(iter);
    iter.next = async () => {
      const r = await next();
      if (!r.done) counter.read++;
      return r;
    };
    return iter;
  }) as typeof store.list;
  return counter;
}

Deno.test("leads CSV streams many leads in pages, once each, without reading ahead", async (t) => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    const user = await owner.register();
    const pageId = (await owner.post("/api/pages", { name: "Many", slug: "many-leads" })).body
      .page.id;
    const put = await owner.put(`/api/pages/${pageId}`, {
      version: 1,
      content: { blocks: [form] },
    });
    assert.equal(put.status, 200, put.text);
    await seedLeads(pageId, COUNT);

    await t.step("the route gives every lead once, oldest first (pages of 200)", async () => {
      const res = await owner.get(`/api/pages/${pageId}/leads.csv`);
      assert.equal(res.status, 200);
      assertEveryLeadOnce(res.text, COUNT);
    });

    for (const pageSize of [105, 50, 1, 1000, 5000]) {
      await t.step(`pages of ${pageSize} give the same rows (KV's limit: 1,000)`, async () => {
        const csv = await new Response(await leadsCsvStream(user.id, pageId, { pageSize }))
          .text();
        assertEveryLeadOnce(csv, COUNT);
      });
    }

    await t.step(
      "a slow reader: at most two pages read while it holds the first chunk",
      async () => {
        const counter = countListed(keys.leads(pageId));
        try {
          const reader = (await leadsCsvStream(user.id, pageId, { pageSize: 100 })).getReader();
          const first = await reader.read();
          assert.ok(!first.done && first.value.length > 0);
          await new Promise((r) => setTimeout(r, 300)); // time enough to read all 1,050 if it would
          assert.ok(counter.read <= 200, `${counter.read} leads read ahead of the reader`);
          let rows = new TextDecoder().decode(first.value).split("\r\n").length - 2;
          for (let c = await reader.read(); !c.done; c = await reader.read()) {
            rows += new TextDecoder().decode(c.value).split("\r\n").length - 1;
            // Each chunk taken lets the stream read one more page, never more.
            assert.ok(counter.read <= rows + 200, `${counter.read} read, ${rows} rows taken`);
          }
          assert.equal(rows, COUNT);
          assert.equal(counter.read, COUNT);
        } finally {
          counter.restore();
        }
      },
    );

    await t.step("a page without leads gives the header line only", async () => {
      const other = (await owner.post("/api/pages", { name: "None", slug: "no-leads" })).body.page;
      const res = await owner.get(`/api/pages/${other.id}/leads.csv`);
      assert.equal(res.status, 200);
      assert.equal(res.text.split("\r\n").length, 2);
      assert.match(res.text, /^submittedAt,/);
    });
  } finally {
    await server.close();
  }
});
