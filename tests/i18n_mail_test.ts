// Emails and API errors in the reader's language (issue 16 item 4): a Vietnamese or Thai account
// gets its sign-up, password reset, sale and receipt mails in its language (subject, HTML with
// <html lang>, text part; money and dates as that language writes them), whoever triggers them;
// English stays as it was. API errors keep their code and speak the request's language.
import assert from "node:assert/strict";
import { eventually, hostRequest, startTestServer, type TestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient, checkoutCompleted, deliver } from "./_market.ts";
import { listFor } from "./_vn.ts";
import { kv } from "../lib/kv/index.ts";
import type { MailRecord } from "../lib/mail/index.ts";
import { formatMoneyIn } from "../lib/i18n/index.ts";

async function mailsTo(to: string): Promise<MailRecord[]> {
  const out: MailRecord[] = [];
  for await (const e of kv().list<MailRecord>({ prefix: ["mail"] })) {
    if (e.value?.to === to && e.value.subject) out.push(e.value);
  }
  return out;
}

/** The mail to `to` whose subject matches `subject`, once it is in the outbox (fails on timeout). */
async function mailTo(to: string, subject: RegExp): Promise<MailRecord> {
  const found = await eventually(
    async () => (await mailsTo(to)).find((m) => subject.test(m.subject)),
    5000,
  );
  return found!;
}

let n = 0;
/** A new account signed up from a page in `lang` (Accept-Language). */
async function signUp(server: TestServer, lang: string, name = "Lan") {
  const client = server.client();
  const email = `i18n${++n}@example.com`;
  const res = await client.post("/api/auth/register", { email, password: "password123", name }, {
    headers: { "accept-language": lang },
  });
  assert.equal(res.status, 201, res.text);
  client.token = res.body.accessToken;
  return { client, email };
}

function assertNoEnglish(m: MailRecord, words: string[]) {
  for (const w of words) {
    assert.ok(!m.subject.includes(w), `"${w}" in the subject: ${m.subject}`);
    assert.ok(!m.text.includes(w), `"${w}" in the text:\n${m.text}`);
    assert.ok(!m.html!.includes(w), `"${w}" in the HTML`);
  }
}

Deno.test("emails in the recipient's language", async (t) => {
  const server = await startTestServer({ ...ADMIN_ENV, FORM_RATE_PER_MINUTE: "0" });
  try {
    await t.step(
      "sign-up from a Vietnamese page: the verification mail is Vietnamese",
      async () => {
        const { email } = await signUp(server, "vi-VN,vi;q=0.9,en;q=0.5", "Lan");
        const m = await mailTo(email, /LandingHub/);
        assert.equal(m.subject, "Xác nhận email LandingHub của bạn");
        assert.match(m.text, /Chào Lan,/);
        assert.match(m.text, /Xác nhận email: https?:\/\/\S+\/auth\/verify\?token=/);
        assert.match(m.text, /Liên kết có hiệu lực trong 48 giờ/);
        assert.match(m.html!, /<html lang="vi">/);
        assert.match(m.html!, /Hoặc mở:/);
        assertNoEnglish(m, ["Confirm", "Hi Lan", "Or open", "The link works"]);
      },
    );

    await t.step("sign-up with ?lang=th: Thai", async () => {
      const client = server.client();
      const email = "somchai-th@example.com";
      const res = await client.post("/api/auth/register?lang=th", {
        email,
        password: "password123",
        name: "Somchai",
      });
      assert.equal(res.status, 201, res.text);
      const m = await mailTo(email, /LandingHub/);
      assert.equal(m.subject, "ยืนยันอีเมล LandingHub ของคุณ");
      assert.match(m.text, /สวัสดีคุณ Somchai/);
      assert.match(m.html!, /<html lang="th">/);
      assertNoEnglish(m, ["Confirm", "Hi Somchai", "Or open"]);
    });

    await t.step("English is unchanged", async () => {
      const { email } = await signUp(server, "en-US", "Jane");
      const m = await mailTo(email, /LandingHub/);
      assert.equal(m.subject, "Confirm your LandingHub email");
      assert.match(m.text, /Hi Jane,/);
      assert.match(m.text, /Confirm email: http/);
      assert.match(m.html!, /<html lang="en">/);
      assert.match(m.html!, /Or open:/);
    });

    await t.step(
      "a password reset asked from an English page reaches a vi account in Vietnamese",
      async () => {
        const { email } = await signUp(server, "vi", "Minh");
        const guest = server.client();
        const res = await guest.post("/api/auth/reset/request", { email }, {
          headers: { "accept-language": "en" },
        });
        assert.ok(res.status < 300, res.text);
        const m = await mailTo(email, /mật khẩu/);
        assert.equal(m.subject, "Đặt lại mật khẩu LandingHub");
        assert.match(m.text, /Chọn mật khẩu mới: https?:\/\/\S+\/auth\/reset\?token=/);
        assert.match(m.text, /Liên kết có hiệu lực trong 60 phút/);
        assertNoEnglish(m, ["Reset your", "Choose a new password"]);
      },
    );

    await t.step("changing the language setting changes the next mails", async () => {
      const { client, email } = await signUp(server, "en", "Ann");
      const res = await client.request("POST", "/account/language", {
        body: new URLSearchParams({ locale: "th" }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(res.status, 303, res.text);
      await server.client().post("/api/auth/reset/request", { email });
      const m = await mailTo(email, /รหัสผ่าน/);
      assert.equal(m.subject, "รีเซ็ตรหัสผ่าน LandingHub ของคุณ");
      assertNoEnglish(m, ["Reset your", "Choose a new password"]);
    });

    await t.step(
      "a lead on a vi page: the opt-in mail follows the page, the th owner's notice the owner",
      async () => {
        const { client: owner, email: ownerEmail } = await signUp(server, "th", "Ploy");
        const page = (await owner.post("/api/pages", { name: "Trang Vi", slug: "trang-vi" })).body
          .page;
        const form = {
          id: "f",
          type: "form",
          props: {
            title: "Đăng ký",
            fields: [{ name: "email", label: "Email", type: "email", required: true }],
            submitText: "Gửi",
            successMessage: "Cảm ơn",
            doubleOptIn: true,
          },
        };
        const put = await owner.put(`/api/pages/${page.id}`, {
          version: 1,
          content: { locale: "vi", blocks: [form] },
        });
        assert.equal(put.status, 200, put.text);
        assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
        const res = await hostRequest(server.port, `trang-vi.${server.sitesDomain}`, "/forms/f", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "khach@example.com" }),
        });
        assert.ok(res.status < 300, res.text);
        const optIn = await mailTo("khach@example.com", /./);
        assert.equal(optIn.subject, "Vui lòng xác nhận đăng ký của bạn");
        assert.match(optIn.text, /Xác nhận đăng ký: https?:\/\/\S+\/email\/confirm\//);
        assert.match(optIn.html!, /<html lang="vi">/);
        assertNoEnglish(optIn, [
          "Please confirm",
          "Thanks for signing up",
          "Confirm your subscription",
        ]);
        const notice = await mailTo(ownerEmail, /ลีด/);
        assert.equal(notice.subject, "มีลีดใหม่จาก “Trang Vi”");
        assertNoEnglish(notice, ["New lead", "See all leads"]);
      },
    );

    await t.step(
      "a sale in VND: the vi seller and the th buyer each read their own language",
      async () => {
        const admin = await adminClient(server);
        const { client: seller, email: sellerEmail } = await signUp(server, "vi", "Hoa");
        const { client: buyer, email: buyerEmail } = await signUp(server, "th", "Niran");
        const title = "Trang đích Đà Nẵng";
        const listing = await listFor(seller, admin, 199000, "vnd", title);
        const live = await mailTo(sellerEmail, /chợ mẫu/);
        assert.equal(live.subject, `${title} đã có mặt trên chợ mẫu`);

        const created = await buyer.post("/api/payment/create", { listingId: listing.id });
        assert.equal(created.status, 201, created.text);
        const done = await deliver(
          server,
          checkoutCompleted("evt_i18n_1", created.body.transactionId),
        );
        assert.equal(done.status, 200);

        const receipt = await mailTo(buyerEmail, /ใบเสร็จ/);
        assert.equal(receipt.subject, `ใบเสร็จของคุณ: ${title}`);
        assert.ok(
          receipt.text.includes(`ราคา: ${formatMoneyIn(199000, "vnd", "th")}`),
          receipt.text,
        );
        assert.ok(receipt.text.includes("สิทธิ์การใช้งาน: ใช้งานส่วนตัว"), receipt.text);
        // The date as Thai writes it (Buddhist era year), not an ISO date.
        const year = new Date().getUTCFullYear() + 543;
        assert.match(receipt.text, new RegExp(`วันที่: .*${year}`));
        assert.match(receipt.html!, /<html lang="th">/);
        assertNoEnglish(receipt, ["Your receipt", "Thank you", "Personal use", "Edit your copy"]);

        const sale = await mailTo(sellerEmail, /Bạn đã bán/);
        assert.equal(sale.subject, `Bạn đã bán ${title}`);
        assert.ok(sale.text.includes("199.000"), sale.text);
        assert.ok(sale.text.includes("₫"), sale.text);
        assert.match(sale.text, /Phần của bạn là/);
        assertNoEnglish(sale, ["You sold", "Your share"]);
      },
    );
    // Every queued mail delivered before the store closes (no job left running at teardown).
    await eventually(async () => {
      for await (const e of kv().list<MailRecord>({ prefix: ["mail"] })) {
        if (e.value?.status === "queued") return false;
      }
      return true;
    }, 5000);
  } finally {
    await server.close();
  }
});

Deno.test("API errors: the same code, the message in the request's language", async (t) => {
  const server = await startTestServer({ ...ADMIN_ENV, BODY_LIMIT_BYTES: "2000" });
  const client = server.client();
  const login = (lang: string) =>
    client.post("/api/auth/login", { email: "nobody@example.com", password: "wrong-password" }, {
      headers: { "accept-language": lang },
    });
  try {
    await t.step("wrong sign-in: invalid_credentials in en, vi, th", async () => {
      const en = await login("en-US");
      assert.equal(en.status, 401);
      assert.deepEqual(en.body.error, {
        code: "invalid_credentials",
        message: "Email or password is incorrect",
      });
      const vi = await login("vi-VN,vi;q=0.9");
      assert.equal(vi.status, 401);
      assert.deepEqual(vi.body.error, {
        code: "invalid_credentials",
        message: "Email hoặc mật khẩu không đúng",
      });
      const th = await login("th");
      assert.deepEqual(th.body.error, {
        code: "invalid_credentials",
        message: "อีเมลหรือรหัสผ่านไม่ถูกต้อง",
      });
    });

    await t.step("validation: the summary is translated, the fields stay", async () => {
      const res = await client.post("/api/auth/register?lang=vi", { email: "x", password: "1" });
      assert.equal(res.status, 422);
      assert.equal(res.body.error.code, "validation_failed");
      assert.equal(res.body.error.message, "Một số trường không hợp lệ");
      assert.ok(res.body.error.fields.email && res.body.error.fields.password);
      const en = await server.client().post("/api/auth/register", { email: "x" });
      assert.equal(en.body.error.message, "Some fields are not valid");
    });

    await t.step("not found, malformed JSON, unauthorized, too large", async () => {
      const vi = { "accept-language": "vi" };
      const route = await server.client().get("/api/no-such-route", { headers: vi });
      assert.equal(route.status, 404);
      assert.deepEqual(route.body.error, { code: "not_found", message: "Không tìm thấy" });
      const me = await server.client().get("/api/auth/me", {
        headers: { "accept-language": "th" },
      });
      assert.equal(me.status, 401);
      assert.equal(me.body.error.code, "unauthorized");
      assert.equal(me.body.error.message, "โปรดเข้าสู่ระบบเพื่อดำเนินการต่อ");
      const bad = await server.client().request("POST", "/api/auth/login", {
        body: "{not json",
        headers: { ...vi, "content-type": "application/json" },
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.error, {
        code: "malformed_json",
        message: "Nội dung gửi lên không phải JSON hợp lệ",
      });
      // Refused before the language middleware runs: still the request's language.
      const big = await server.client().request("POST", "/api/auth/login", {
        body: JSON.stringify({ email: "a".repeat(5000) }),
        headers: { ...vi, "content-type": "application/json" },
      });
      assert.equal(big.status, 413);
      assert.deepEqual(big.body.error, { code: "payload_too_large", message: "Nội dung quá lớn" });
    });

    await t.step("VNPay refuses a USD template: currency_not_supported in Vietnamese", async () => {
      const admin = await adminClient(server);
      const seller = server.client();
      await seller.register();
      const listing = await listFor(seller, admin, 1900, "usd", "USD template");
      const buyer = server.client();
      await buyer.register();
      const res = await buyer.post(
        "/api/payment/create?lang=vi",
        { listingId: listing.id, provider: "vnpay" },
      );
      assert.equal(res.status, 422, res.text);
      assert.equal(res.body.error.code, "currency_not_supported");
      assert.equal(
        res.body.error.message,
        "VNPay chỉ nhận thanh toán bằng VND; mẫu này được định giá bằng USD",
      );
      const en = await buyer.post("/api/payment/create?lang=en", {
        listingId: listing.id,
        provider: "momo",
      });
      assert.equal(en.body.error.code, "currency_not_supported");
      assert.match(en.body.error.message, /^MoMo takes payments in VND only/);
    });
  } finally {
    await server.close();
  }
});
