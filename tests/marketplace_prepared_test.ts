// The browse page's prepared answer for signed-out visitors (lib/http/prepared.ts): served from
// memory without a session lookup or a KV read, dropped when a listing is approved, edited or
// withdrawn or its seller suspended; signed-in visitors, other languages and encodings get their
// own answer.
import assert from "node:assert/strict";
import { eventually, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";
import { acceptsGzip, preparedServed } from "../lib/http/prepared.ts";

Deno.test("acceptsGzip reads Accept-Encoding as RFC 9110 does", () => {
  const yes = [
    "gzip",
    "GZIP",
    "gzip, deflate, br",
    "br;q=1.0, gzip;q=0.8, *;q=0.1",
    "deflate, gzip;q=0.001",
    "x-gzip",
    "*",
    "br, *;q=0.5",
    "gzip ; q=1",
    "gzip;q=bogus", // a quality that is not a number counts as 1
  ];
  const no = [
    "",
    undefined,
    null,
    "identity",
    "br, deflate",
    "gzip;q=0",
    "gzip;q=0.0",
    "gzip;q=0.000, br",
    "GZIP; Q=0",
    "gzip;q=0, *", // refused by name: `*` does not bring it back
    "*;q=0",
    "gzipx, xgzip", // other codings that only contain the word
  ];
  for (const h of yes) assert.equal(acceptsGzip(h), true, `takes gzip: ${h}`);
  for (const h of no) assert.equal(acceptsGzip(h), false, `no gzip: ${h}`);
});

Deno.test("marketplace: signed-out visitors get a prepared page that follows listing changes", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const browse = async (headers: Record<string, string> = {}, path = "/marketplace") => {
      const res = await fetch(server.origin + path, {
        headers: { accept: "text/html", "accept-encoding": "identity", ...headers },
      });
      // fetch() unzips a gzipped body itself (and keeps the content-encoding header)
      return {
        status: res.status,
        headers: res.headers,
        gzip: res.headers.get("content-encoding") === "gzip",
        text: await res.text(),
      };
    };
    /**
     * The first answer after a change, and then a prepared one (once the change's market event
     * has also reached this process, the page is prepared again): the same document.
     */
    const prepared = async (headers: Record<string, string> = {}, path?: string) => {
      const fresh = await browse(headers, path);
      const served = await eventually(async () => {
        const before = preparedServed();
        const res = await browse(headers, path);
        return preparedServed() === before + 1 ? res : null;
      });
      assert.equal(served!.text, fresh.text);
      return served!;
    };

    const { seller, listing } = await approvedListing(server, admin, 2500, "Amber Launch");
    const first = await prepared();
    assert.equal(first.status, 200);
    assert.match(first.text, /Amber Launch/);
    assert.ok(first.headers.get("x-request-id"), "a request id on a prepared answer too");
    assert.match(first.headers.get("content-security-policy") ?? "", /default-src 'self'/);
    assert.equal(first.headers.get("x-content-type-options"), "nosniff");

    // Encodings: gzip only when taken (the prepared page has both).
    const zipped = await browse({ "accept-encoding": "br, GZIP;q=0.5" });
    assert.equal(zipped.gzip, true);
    assert.equal(zipped.text, first.text);
    assert.equal(zipped.headers.get("vary"), "Accept-Encoding");
    for (const refused of ["gzip;q=0", "gzip;q=0, *", "identity"]) {
      const plain = await browse({ "accept-encoding": refused });
      assert.equal(plain.gzip, false, refused);
      assert.equal(plain.text, first.text);
    }

    // Approving a listing drops the page at once.
    const second = await approvedListing(server, admin, 1500, "Basalt Studio");
    assert.match((await prepared()).text, /Basalt Studio/);

    // An edit (a new price is live at once, without review) shows on the next request.
    const repriced = await seller.put(`/api/marketplace/${listing.id}`, { price: 3100 });
    assert.equal(repriced.status, 200);
    assert.match((await prepared()).text, /\$31\.00/);

    // A suspended seller's listing leaves, and comes back when restored.
    const suspend = (suspended: boolean) =>
      admin.patch(`/api/admin/users/${second.sellerUser.id}`, { suspended });
    assert.equal((await suspend(true)).status, 200);
    assert.doesNotMatch((await prepared()).text, /Basalt Studio/);
    assert.equal((await suspend(false)).status, 200);
    assert.match((await prepared()).text, /Basalt Studio/);

    // Withdrawn: gone.
    assert.equal((await seller.delete(`/api/marketplace/${listing.id}`)).status, 200);
    assert.doesNotMatch((await prepared()).text, /Amber Launch/);

    // Another language is its own page (Accept-Language, or the lang cookie).
    const vi = await prepared({ "accept-language": "vi-VN,vi;q=0.9" });
    assert.match(vi.text, /<html lang="vi"/);
    const th = await prepared({ cookie: "lang=th" });
    assert.match(th.text, /<html lang="th"/);
    const en = await prepared();
    assert.match(en.text, /<html lang="en"/);
    // Cookies are read as the app reads them: the first `lang` wins, quoted values are unquoted.
    assert.match((await browse({ cookie: "lang=en; lang=th" })).text, /<html lang="en"/);
    assert.match((await browse({ cookie: 'lang="th"' })).text, /<html lang="th"/);

    // A signed-in visitor is never answered from it: their page offers "Sell a template".
    const before = preparedServed();
    for (const signedIn of [{ bearer: true }, { bearer: false }]) {
      const res = await seller.get("/marketplace", {
        headers: { accept: "text/html" },
        bearer: signedIn.bearer,
      });
      assert.equal(res.status, 200);
      assert.match(res.text, /href="\/marketplace\/sell"/, JSON.stringify(signedIn));
    }
    assert.equal(preparedServed(), before, "signed-in requests are rendered for them");
    assert.doesNotMatch(en.text, /href="\/marketplace\/sell"/);

    // The API's page is serialized and hashed once; its ETag moves with a listing change.
    const tagged = async () => {
      const res = await fetch(`${server.origin}/api/marketplace`);
      const body = await res.json();
      return {
        tag: res.headers.get("etag"),
        titles: body.items.map((l: { title: string }) => l.title),
      };
    };
    const v1 = await tagged();
    assert.ok(v1.tag);
    assert.deepEqual(v1.titles, ["Basalt Studio"]);
    const unchanged = await fetch(`${server.origin}/api/marketplace`, {
      headers: { "if-none-match": v1.tag! },
    });
    await unchanged.body?.cancel();
    assert.equal(unchanged.status, 304);
    await second.seller.put(`/api/marketplace/${second.listing.id}`, { price: 1700 });
    const v2 = await tagged();
    assert.notEqual(v2.tag, v1.tag);

    // Other URLs are pages of their own; ?lang= (which sets a cookie) is always rendered.
    assert.match((await prepared({}, "/marketplace?sort=price_asc")).text, /Basalt Studio/);
    const chosen = await browse({}, "/marketplace?lang=vi");
    assert.match(chosen.headers.get("set-cookie") ?? "", /lang=vi/);
    const again = preparedServed();
    await browse({}, "/marketplace?lang=vi");
    assert.equal(preparedServed(), again);

    // A stream of made-up query strings does not push out a page visitors keep asking for:
    // every time the hot page is asked for among them, it is answered prepared.
    await prepared();
    for (let i = 1; i <= 150; i++) {
      await browse({}, `/marketplace?utm_content=${i}`);
      if (i % 10 === 0) {
        const hot = preparedServed();
        await browse();
        assert.equal(preparedServed(), hot + 1, `the hot page is still prepared after ${i}`);
      }
    }
  } finally {
    await server.close();
  }
});
