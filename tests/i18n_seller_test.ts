// The signed-in seller's pages in Vietnamese and Thai (issue 16 item 4): each page, asked for
// with ?lang=vi or ?lang=th, has <html lang> set, its headings and buttons in that language, and
// none of the English words of its catalogue left over.
import assert from "node:assert/strict";
import { type Client, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";
import { listingIn, postForm, startCheckout } from "./_vn.ts";

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
/** The page's visible text and attributes people read (no scripts, no island props). */
const readable = (html: string) =>
  html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/\s+/g, " ");

async function expectPage(
  who: Client,
  path: string,
  lang: "vi" | "th",
  want: string[],
  notEnglish: string[],
) {
  const sep = path.includes("?") ? "&" : "?";
  const res = await who.get(`${path}${sep}lang=${lang}`);
  assert.equal(res.status, 200, `${path}: ${res.text.slice(0, 300)}`);
  assert.equal(htmlLang(res.text), lang, `${path} <html lang>`);
  const text = readable(res.text);
  for (const w of want) assert.ok(text.includes(w), `${path} ${lang}: "${w}" missing`);
  for (const w of notEnglish) {
    assert.ok(!text.includes(w), `${path} ${lang}: English "${w}" left`);
  }
  return text;
}

Deno.test("the seller's pages speak Vietnamese and Thai", async (t) => {
  // A webhook to a local address is listed, never called (no lead is sent here).
  const server = await startTestServer({ ALLOW_PRIVATE_WEBHOOKS: "1" });
  try {
    const seller = server.client();
    await seller.register(undefined, "Minh");
    const created = await seller.post("/api/pages", { name: "Trang đích Đà Nẵng" });
    assert.equal(created.status, 201, created.text);
    const pageId = created.body.page.id;

    await t.step("dashboard", async () => {
      await expectPage(
        seller,
        "/dashboard?done=published",
        "vi",
        [
          "<title>Tổng quan · LandingHub</title>",
          "Trang mới",
          "Trang của bạn",
          "Bản nháp",
          "Chỉnh sửa",
          "Nhân bản",
          "Đã xuất bản trang.",
        ],
        ["<title>Dashboard", "New page", "Your pages", ">Draft<", ">Duplicate<", "Page published."],
      );
      await expectPage(
        seller,
        "/dashboard",
        "th",
        ["<title>แดชบอร์ด · LandingHub</title>", "หน้าใหม่", "หน้าของคุณ", "ฉบับร่าง", "ทำสำเนา"],
        ["New page", "Your pages", ">Draft<", "Yes, delete", "A/B tests"],
      );
    });

    await t.step("pages list", async () => {
      await expectPage(
        seller,
        "/pages",
        "vi",
        ["Tạo trang", "Tên trang", "Bắt đầu từ", "Trang trống", "Tạo trang tự động"],
        ["Create a page", "Page name", "Start from", "Blank page", "Generate page"],
      );
      await expectPage(
        seller,
        `/pages/${pageId}/leads`,
        "th",
        ["ลีด · Trang đích Đà Nẵng", "ส่งออก CSV", "ค้นหาลีด", "ทุกสถานะ", "ยังไม่มีลีด"],
        ["Export CSV", "Search leads", "All statuses", "No leads yet"],
      );
      await expectPage(
        seller,
        `/pages/${pageId}/edit`,
        "vi",
        ["Trình chỉnh sửa cần màn hình rộng hơn", "Xem trước trang"],
        ["The editor needs a wider screen", "Preview the page"],
      );
    });
    await t.step("analytics, experiments, domains and webhooks", async () => {
      await expectPage(
        seller,
        `/pages/${pageId}/analytics`,
        "vi",
        ["Phân tích · Trang đích Đà Nẵng", "Trang này chưa được xuất bản"],
        ["Analytics ·", "This page is not published", "← Dashboard"],
      );
      const exp = await seller.post(`/api/pages/${pageId}/experiments`, {
        name: "Tiêu đề",
        mode: "split",
        variants: [{ name: "A", weight: 50 }, { name: "B", weight: 50 }],
      });
      assert.equal(exp.status, 201, exp.text);
      await expectPage(
        seller,
        `/pages/${pageId}/experiments`,
        "th",
        ["การทดลองใหม่", "แบ่งตามน้ำหนัก", "สร้างการทดลอง", "2 เวอร์ชัน · แบ่งตามน้ำหนัก · ฉบับร่าง"],
        ["New experiment", "Split by the weights", "Create experiment", "2 variants"],
      );
      await expectPage(
        seller,
        `/pages/${pageId}/experiments/${exp.body.experiment.id}`,
        "vi",
        ["← Thử nghiệm của Trang đích Đà Nẵng", "Bắt đầu", "Áp dụng cho trang"],
        ["Experiments of", ">Start<", "Promote to the page", "Edit content"],
      );
      const domain = await seller.post(`/api/pages/${pageId}/domains`, {
        hostname: "www.da-nang-example.com",
      });
      assert.equal(domain.status, 201, domain.text);
      await expectPage(
        seller,
        `/pages/${pageId}/domains`,
        "vi",
        ["Tên miền riêng · Trang đích Đà Nẵng", "Đang chờ xác minh", "Xác minh", "Thêm tên miền"],
        ["Custom domains", "Pending verification", ">Verify<", "Add domain"],
      );
      const hook = await seller.post(`/api/pages/${pageId}/integrations`, {
        type: "webhook",
        url: "http://127.0.0.1:9/landinghub",
      });
      assert.equal(hook.status, 201, hook.text);
      await expectPage(
        seller,
        `/pages/${pageId}/integrations`,
        "th",
        ["เว็บฮุก · Trang đích Đà Nẵng", "เพิ่มเว็บฮุก", "บันทึกการส่ง", "ส่งอีเวนต์ทดสอบ"],
        ["Add webhook", "Delivery log", "Send test event", "Failed deliveries"],
      );
      await expectPage(
        seller,
        `/pages/${pageId}/integrations/${hook.body.integration.id}`,
        "vi",
        ["Lượt gửi", "Chưa có lượt gửi nào.", "Gửi sự kiện thử"],
        ["Deliveries", "No deliveries yet", "Send test event"],
      );
    });

    await t.step("campaigns", async () => {
      await expectPage(
        seller,
        "/campaigns",
        "vi",
        [
          "<title>Chiến dịch · LandingHub</title>",
          "Chiến dịch email",
          "Chưa có chiến dịch nào.",
          "Tất cả trang",
          "Đã đồng ý",
        ],
        ["Email campaigns", "No campaigns yet", "All pages", "Gave consent", ">Save<"],
      );
      const made = await postForm(seller, "/campaigns", {
        subject: "Ưu đãi tháng 12",
        body: "Xin chào {{name}}",
        consent: "yes",
      });
      assert.equal(made.status, 303, made.text);
      await expectPage(
        seller,
        made.headers.get("location")!,
        "th",
        ["แคมเปญ · Ưu đãi tháng 12", "ฉบับร่าง · ลีดที่ตรงเงื่อนไข 0 ราย", "ส่งทดสอบถึงฉัน", "ส่งถึงผู้รับ 0 คน"],
        ["leads match", "Send a test to me", "recipients", "Email preview"],
      );
    });

    await t.step("account", async () => {
      await expectPage(
        seller,
        "/account",
        "vi",
        [
          "<title>Tài khoản · LandingHub</title>",
          "Gian hàng",
          "Lưu gian hàng",
          "Thông tin nhận tiền",
          "Lưu thông tin ngân hàng",
          "Tải xuống dữ liệu của tôi",
          "Xóa tài khoản của tôi",
        ],
        [
          "Storefront",
          "Save storefront",
          "Payout details",
          "Save bank details",
          "Download my data",
          "Delete my account",
          "Your password",
        ],
      );
      await expectPage(
        seller,
        "/account",
        "th",
        ["หน้าร้าน", "ข้อมูลการรับเงิน", "บันทึกบัญชี Stripe", "ลบบัญชีของฉัน"],
        ["Storefront", "Payout details", "Save Stripe account", "Delete my account"],
      );
    });
  } finally {
    await server.close();
  }
});

Deno.test("sales, orders, checkout and cart in Vietnamese and Thai, money in the viewer's format", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    const admin = await adminClient(server);
    const { seller, listing } = await listingIn(server, admin, 150000, "vnd");
    const { buyer, transactionId, url } = await startCheckout(server, listing.id, "stripe");
    const testPath = new URL(url, server.origin).pathname;

    await t.step("test checkout", async () => {
      await expectPage(
        buyer,
        testPath,
        "vi",
        [
          "Thanh toán cho LandingHub",
          "Chế độ thử",
          "Số thẻ",
          "Thanh toán 150.000 ₫",
          "Hủy và quay lại",
        ],
        ["Pay LandingHub", "Test mode", "Card number", "Cancel and go back"],
      );
      const paid = await postForm(buyer, `${testPath}/pay`, {});
      assert.equal(paid.status, 303, paid.text);
      await expectPage(
        buyer,
        `/checkout/success?tx=${transactionId}`,
        "th",
        ["ขอบคุณ! เทมเพลตของคุณพร้อมใช้งานแล้ว", "แก้ไขสำเนาของฉัน", "ดูคำสั่งซื้อของฉัน"],
        ["Thank you!", "Edit my copy", "See my orders"],
      );
      await expectPage(
        buyer,
        "/checkout/cancel",
        "vi",
        ["<title>Đã hủy thanh toán · LandingHub</title>", "Bạn chưa bị trừ tiền."],
        ["Payment cancelled", "Nothing was charged"],
      );
    });

    await t.step("orders and sales", async () => {
      await expectPage(
        buyer,
        "/orders",
        "vi",
        ["Đơn mua của tôi", "Chỉnh sửa bản của tôi", "150.000 ₫", "đã giao"],
        ["My orders", "Edit my copy", "₫150,000", ">delivered<"],
      );
      await expectPage(
        seller,
        "/sales",
        "th",
        ["<title>ยอดขาย · LandingHub</title>", "ขอถอนเงิน", "ขายแล้ว", "พักไว้ถึง", "ขายเทมเพลต"],
        ["Request payout", "Sold", "held until", "No payouts yet", "LandingHub keeps"],
      );
    });

    await t.step("cart", async () => {
      const other = server.client();
      await other.register();
      const added = await postForm(other, "/checkout/cart/add", { listingId: listing.id });
      assert.equal(added.status, 303, added.text);
      await expectPage(
        other,
        "/checkout/cart",
        "vi",
        ["Giỏ hàng của bạn", "Mã giảm giá", "Mua 1 mẫu trang", "Thanh toán qua VNPay"],
        ["Your cart", "Discount code", "Buy 1 template", "Pay with"],
      );
      await expectPage(
        other,
        "/checkout/cart",
        "th",
        ["ตะกร้าของคุณ", "ซื้อเทมเพลต 1 รายการ", "ชำระเงินผ่าน MoMo", "ยอดรวม"],
        ["Your cart", "Buy 1 template", ">Total<"],
      );
    });
  } finally {
    await server.close();
  }
});
