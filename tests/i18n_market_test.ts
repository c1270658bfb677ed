// The public side in Vietnamese and Thai (issue 16 item 4, lib/i18n/areas/market.ts): the
// marketplace, a listing page, a storefront, the auth pages, the VNPay and MoMo test gateways,
// the support page and the email-link pages follow ?lang / Accept-Language, with prices in the
// reader's format and no English left from the market catalogue.
import assert from "node:assert/strict";
import { type Client, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { listingIn, startCheckout } from "./_vn.ts";
import { market } from "../lib/i18n/areas/market.ts";
import { formatMoneyIn, type Locale } from "../lib/i18n/index.ts";
import { unsubscribeUrl } from "../lib/campaigns/index.ts";

type Key = keyof typeof market.en;
const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/** The page shows `keys` in `locale` and none of them in English. */
function speaks(html: string, locale: Exclude<Locale, "en">, keys: Key[], where: string) {
  assert.equal(htmlLang(html), locale, `${where}: <html lang>`);
  for (const key of keys) {
    const text = market[locale][key] as string;
    assert.ok(html.includes(escape(text)), `${where}: ${key} in ${locale} ("${text}")`);
    const english = market.en[key] as string;
    assert.ok(!html.includes(escape(english)), `${where}: ${key} left in English ("${english}")`);
  }
}

const get = (client: Client, path: string, lang?: string) =>
  client.get(path, lang ? { headers: { "accept-language": lang, accept: "text/html" } } : {});

Deno.test("guests: marketplace, listing, storefront and auth pages in Vietnamese and Thai", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 199000, "vnd");
    assert.equal((await seller.put("/api/sellers/me", { handle: "da-nang" })).status, 200);

    // Browse: ?lang=vi, then Accept-Language th; the same URL in English stays English.
    let res = await get(server.client(), "/marketplace?lang=vi");
    speaks(res.text, "vi", [
      "market.browse.title",
      "market.browse.lead",
      "market.browse.allCategories",
      "market.sort.newest",
      "market.sort.price_desc",
      "market.browse.search",
    ], "browse vi");
    assert.ok(res.text.includes("Thương mại điện tử"), "categories in Vietnamese");
    assert.ok(res.text.includes(formatMoneyIn(199000, "vnd", "vi")), "199.000 ₫ on the card");
    assert.ok(res.text.includes("Đã bán 0"));

    // A signed-out browse page is cached per URL: the cache must not hand one language's page to
    // a reader of another (same URL, different Accept-Language).
    res = await get(server.client(), "/marketplace?sort=newest", "en");
    assert.ok(res.text.includes("Template marketplace"));
    res = await get(server.client(), "/marketplace?sort=newest", "th-TH,th;q=0.9");
    speaks(
      res.text,
      "th",
      ["market.browse.title", "market.sort.popular"],
      "browse th (cached URL)",
    );

    // The listing page for a guest.
    res = await get(server.client(), `/marketplace/${listing.id}`, "th");
    speaks(res.text, "th", [
      "market.listing.back",
      "market.listing.livePreview",
      "market.listing.signInToBuy",
      "market.listing.reviews",
      "market.listing.usePersonal",
      "market.licence.personal",
    ], "listing th");
    assert.ok(res.text.includes(formatMoneyIn(199000, "vnd", "th")), "the price as Thai read it");
    assert.ok(res.text.includes("ยังไม่มีรีวิว"), "no reviews yet, in Thai");
    assert.ok(res.text.includes("เข้าชม"), "views in Thai");

    // The storefront.
    res = await get(server.client(), "/s/da-nang?lang=vi");
    speaks(res.text, "vi", ["market.store.templates"], "storefront vi");
    assert.match(res.text, /bán từ \d+ tháng \d+, \d{4}/, "the date in Vietnamese");
    assert.match(res.text, /<meta name="description" content="Mẫu trang đích của /);

    // Auth pages.
    res = await get(server.client(), "/auth/reset?lang=th");
    speaks(
      res.text,
      "th",
      ["market.reset.heading", "market.reset.send", "market.reset.back"],
      "reset",
    );
    res = await get(server.client(), "/auth/reset?token=x", "vi");
    speaks(res.text, "vi", ["market.reset.choose", "market.reset.set"], "new password");
    res = await get(server.client(), "/auth/verify?token=not-a-token", "vi");
    assert.equal(res.status, 422);
    speaks(res.text, "vi", [
      "market.verify.expired",
      "market.verify.expiredLead",
      "market.verify.signInForNew",
    ], "verify");
    res = await get(server.client(), "/auth/register", "th");
    assert.match(res.text, /<meta name="description" content="สร้างบัญชี LandingHub ฟรี/);

    // lib/auth's known errors in the reader's language, on the form and at its fields.
    const form = (path: string, fields: Record<string, string>, lang: string) =>
      server.client().request("POST", path, {
        body: new URLSearchParams(fields),
        headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": lang },
      });
    res = await form("/auth/login", { email: "nobody@example.com", password: "wrong-pass" }, "vi");
    assert.equal(res.status, 401);
    assert.ok(res.text.includes("Email hoặc mật khẩu không đúng"), "login error in Vietnamese");
    res = await form("/auth/register", { name: "", email: "not-an-email", password: "x" }, "th");
    assert.equal(res.status, 422);
    for (const text of ["โปรดแก้ไขช่องด้านล่าง", "กรอกอีเมลให้ถูกต้อง", "ใช้อย่างน้อย 8 ตัวอักษร"]) {
      assert.ok(res.text.includes(text), `register error in Thai: ${text}`);
    }
    res = await form("/auth/login", { email: "nobody@example.com", password: "wrong-pass" }, "en");
    assert.ok(res.text.includes("Email or password is incorrect"));

    // English is unchanged.
    res = await get(server.client(), `/marketplace/${listing.id}`);
    assert.equal(htmlLang(res.text), "en");
    assert.ok(res.text.includes("Sign in to buy") && res.text.includes("Live preview"));
  } finally {
    await server.close();
  }
});

Deno.test("signed in: buying, the test gateways, selling, support and email links in vi and th", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 99000, "vnd");

    const buyer = server.client();
    await buyer.register();
    let res = await get(buyer, `/marketplace/${listing.id}?lang=vi`);
    speaks(res.text, "vi", ["market.listing.addToCart", "market.listing.code"], "buy form");
    assert.ok(res.text.includes(`Mua với giá ${formatMoneyIn(99000, "vnd", "vi")}`));
    assert.ok(
      res.text.includes("Thanh toán qua VNPay") && res.text.includes("Thanh toán qua MoMo"),
    );

    // The gateways speak the buyer's language: Thai, Vietnamese, English.
    const vnpay = await startCheckout(server, listing.id, "vnpay");
    const vnpayPath = new URL(vnpay.url, server.origin).pathname + new URL(vnpay.url).search;
    res = await get(vnpay.buyer, vnpayPath, "th");
    assert.equal(res.status, 200, res.text.slice(0, 300));
    speaks(res.text, "th", [
      "market.vnpay.heading",
      "market.vnpay.card",
      "market.vnpay.pay",
      "market.vnpay.cancel",
      "market.gw.sandbox",
    ], "vnpay th");
    res = await get(vnpay.buyer, vnpayPath, "en");
    assert.ok(res.text.includes("Pay through NCB Bank") && res.text.includes("Cardholder name"));
    const momo = await startCheckout(server, listing.id, "momo");
    res = await get(momo.buyer, new URL(momo.url, server.origin).pathname, "vi");
    assert.equal(res.status, 200, res.text.slice(0, 300));
    speaks(res.text, "vi", ["market.momo.heading", "market.momo.pay", "market.gw.amount"], "momo");
    assert.ok(res.text.includes(formatMoneyIn(99000, "vnd", "vi")));

    // The sell page (the seller has no page left to list) and the edit page (a ?lang is
    // remembered, so each switch of language below is a ?lang too).
    res = await get(seller, "/marketplace/sell?lang=th");
    speaks(
      res.text,
      "th",
      ["market.browse.sell", "market.sell.yours", "market.sell.publishLink"],
      "sell",
    );
    res = await get(seller, `/marketplace/${listing.id}/edit?lang=vi`);
    speaks(res.text, "vi", [
      "market.field.title",
      "market.field.licence",
      "market.edit.priceAtOnce",
      "market.edit.withdrawYes",
    ], "edit");
    res = await get(seller, "/sales", "vi");
    speaks(
      res.text,
      "vi",
      ["market.disc.title", "market.disc.create", "market.disc.allMine"],
      "codes",
    );

    // Support (no conversation yet) and a signed-in, unconfirmed account's verify page.
    res = await get(buyer, "/support?lang=th");
    speaks(res.text, "th", ["market.support.start", "market.support.empty"], "support");
    res = await get(buyer, "/auth/verify?lang=vi");
    speaks(res.text, "vi", ["market.verify.title", "market.verify.resend"], "verify");

    // An unsubscribe link, opened by a Thai reader.
    const sellerId = (await seller.get("/api/auth/me")).body.user.id;
    const link = new URL(await unsubscribeUrl(sellerId, "lead@example.com"));
    res = await get(server.client(), link.pathname, "th");
    assert.equal(res.status, 200, res.text.slice(0, 300));
    speaks(res.text, "th", ["market.email.unsubscribe"], "unsubscribe");
    assert.ok(res.text.includes("หยุดส่งอีเมลแคมเปญไปที่ lead@example.com หรือไม่?"));
  } finally {
    await server.close();
  }
});
