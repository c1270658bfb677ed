// deno-lint-ignore-file no-explicit-any -- test replies are loosely typed JSON
// The marketplace's text index across a restart on a file store: it is built from the store on
// first use (not at start), finds what was listed before the restart, and stays current with
// listings approved, edited or withdrawn after it.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";

Deno.test("text search after a restart: old listings found, a listing approved afterwards found too", async () => {
  const dir = await Deno.makeTempDir();
  const env = { ...ADMIN_ENV, DENO_KV_PATH: `${dir}/store.kv` };
  const search = async (server: { client: () => any }, q: string) => {
    const res = await server.client().get(`/api/marketplace?q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200, res.text);
    return (res.body.items as { id: string }[]).map((l) => l.id);
  };
  try {
    let server = await startTestServer(env);
    let before: { id: string };
    try {
      const admin = await adminClient(server);
      ({ listing: before } = await approvedListing(server, admin, 4900, "Quartz harbour kit"));
      assert.deepEqual(await search(server, "quartz"), [before.id]);
    } finally {
      await server.close();
    }

    server = await startTestServer(env);
    try {
      const admin = await adminClient(server);
      // The first search after the restart builds the index from the store.
      assert.deepEqual(await search(server, "quartz harb"), [before.id]);
      const { seller, listing: after } = await approvedListing(
        server,
        admin,
        2900,
        "Quartz meadow kit",
      );
      assert.deepEqual((await search(server, "quartz")).sort(), [before.id, after.id].sort());
      assert.deepEqual(await search(server, "meadow"), [after.id]);
      // A withdrawn listing leaves the results at once.
      const off = await seller.delete(`/api/marketplace/${after.id}`);
      assert.equal(off.status, 200, off.text);
      assert.deepEqual(await search(server, "meadow"), []);
      assert.deepEqual(await search(server, "quartz"), [before.id]);
    } finally {
      await server.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
