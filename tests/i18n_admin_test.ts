// The admin consoles in Vietnamese and Thai (issue 16 item 4): every console answers in the
// admin's language (?lang, then the remembered cookie, then Accept-Language), with <html lang>,
// translated headings, buttons, states and flash messages, money in the admin's locale, and no
// English word of the admin catalogue left in the page. English stays as it was.
import assert from "node:assert/strict";
import { type Client, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing } from "./_market.ts";
import { admin as messages } from "../lib/i18n/areas/admin.ts";
import { formatMoneyIn, type Locale } from "../lib/i18n/index.ts";

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

const CONSOLES = [
  "/admin",
  "/admin/users",
  "/admin/marketplace",
  "/admin/orders",
  "/admin/payouts",
  "/admin/support",
  "/admin/faqs",
  "/admin/audit",
  "/admin/outbox",
];

// English texts of the admin catalogue that would betray an untranslated string: whole texts
// (no placeholders) long enough not to be a data word, as a text node or a label, placeholder or
// title (form values such as value="suspended" are data, not words).
const ENGLISH = Object.values(messages.en).filter((v): v is string =>
  typeof v === "string" && !v.includes("{") && v.length >= 6
);
function englishLeaks(html: string): string[] {
  return ENGLISH.filter((en) =>
    html.includes(`>${en}<`) ||
    ["aria-label", "placeholder", "title"].some((attr) => html.includes(`${attr}="${en}"`))
  );
}

async function get(admin: Client, path: string, lang: Locale) {
  const res = await admin.get(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
  assert.equal(res.status, 200, `${path} ${lang}`);
  return res.text;
}

Deno.test("admin consoles speak Vietnamese and Thai; English is unchanged", async () => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { sellerUser, seller } = await approvedListing(server, admin, 1200, "Detail kit");
    // A listing waiting for review, so the moderation console has buttons to show.
    const page = (await seller.post("/api/pages", { name: "Second" })).body.page;
    await seller.post(`/api/pages/${page.id}/publish`);
    const pending = (await seller.post("/api/marketplace", {
      pageId: page.id,
      title: "Pending kit",
      description: "Waiting for review.",
      category: "saas",
      price: 700,
    })).body.listing;
    assert.ok(pending?.id, "a pending listing");

    // Every console, in both languages: <html lang>, and no English text of the catalogue.
    for (const lang of ["vi", "th"] as const) {
      for (const path of CONSOLES) {
        const html = await get(admin, path, lang);
        assert.equal(htmlLang(html), lang, `${path} ${lang}`);
        assert.deepEqual(englishLeaks(html), [], `${path} ${lang}: English left`);
      }
    }

    // Vietnamese: the dashboard's heading, tiles, live island and charts, and the title.
    let html = await get(admin, "/admin", "vi");
    assert.equal(title(html), "Quản trị · LandingHub");
    assert.match(html, /<h1 class="text-2xl font-semibold">Tổng quan<\/h1>/);
    assert.ok(html.includes("Hoạt động quản trị gần đây"));
    assert.ok(html.includes(">Khách hàng tiềm năng<"), "a tile in Vietnamese");
    assert.ok(html.includes("Đang kết nối…"), "the live island rendered in Vietnamese");
    assert.match(html, /aria-label="Doanh thu theo ngày, 30 ngày qua"/);
    assert.ok(!html.includes("Recent admin activity") && !html.includes(">Dashboard<"));
    assert.ok(!html.includes("in 30 days"));

    // The user's page: states in words, money in the Vietnamese way.
    html = await get(admin, `/admin/users/${sellerUser.id}`, "vi");
    assert.ok(html.includes("Mẫu đăng bán (2)"), "the listings heading");
    assert.ok(html.includes(`${formatMoneyIn(1200, "usd", "vi")} · đã duyệt · đã bán 0`));
    assert.ok(html.includes("Số dư:") && !html.includes("Balance:"));
    assert.ok(html.includes("Quyền dữ liệu") && !html.includes("Data rights"));

    // Thai: users, moderation and support consoles.
    html = await get(admin, "/admin/users", "th");
    assert.equal(title(html), "ผู้ใช้ · LandingHub");
    assert.ok(html.includes("วันที่สมัคร") && html.includes("ทุกบทบาท"));
    assert.ok(!html.includes("Joined") && !html.includes("All roles"));
    html = await get(admin, "/admin/marketplace", "th");
    assert.equal(title(html), "ตรวจสอบเทมเพลต · LandingHub");
    assert.ok(html.includes(">อนุมัติ<") || html.includes("อนุมัติ\n"), "Approve in Thai");
    assert.ok(html.includes('placeholder="เหตุผลที่ผู้ขายจะเห็น"'));
    assert.ok(!html.includes("Moderation") && !html.includes("Nothing to review"));
    html = await get(admin, "/admin/support", "th");
    assert.equal(title(html), "คอนโซลฝ่ายช่วยเหลือ · LandingHub");
    assert.ok(html.includes("ยังไม่มอบหมาย") && !html.includes("Unassigned"));
    html = await get(admin, "/admin/faqs", "th");
    assert.ok(html.includes("คำถามใหม่") && !html.includes("New entry"));

    // The choice is remembered (lang cookie): the flash after a form post is Vietnamese too.
    await get(admin, "/admin/orders", "vi");
    const posted = await admin.request("POST", `/admin/marketplace/${pending.id}/approve`, {
      body: new URLSearchParams({}),
    });
    assert.equal(posted.status, 303);
    html = (await admin.get(posted.headers.get("location")!)).text;
    assert.equal(htmlLang(html), "vi");
    assert.ok(html.includes("Đã duyệt mẫu: mẫu đang được bán."), "flash in Vietnamese");

    // Accept-Language alone, for an admin with no remembered choice.
    const fresh = await adminClient(server);
    html = (await fresh.get("/admin/payouts", { headers: { "accept-language": "th-TH,th" } }))
      .text;
    assert.equal(htmlLang(html), "th");
    assert.ok(html.includes("ไม่มีคำขอถอนเงิน") && !html.includes("No payout requests"));

    // English as before.
    html = await get(admin, "/admin", "en");
    assert.equal(htmlLang(html), "en");
    assert.equal(title(html), "Admin · LandingHub");
    assert.match(html, /<h1 class="text-2xl font-semibold">Dashboard<\/h1>/);
    assert.match(html, /<svg[^>]*aria-label="Revenue per day, last 30 days"/);
    html = await get(admin, `/admin/users/${sellerUser.id}`, "en");
    assert.match(html, /Detail kit<\/a> · \$12\.00 · approved · 0 sold/);
  } finally {
    await server.close();
  }
});
