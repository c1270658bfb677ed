// The chat and live islands in Vietnamese and Thai (issue 16 item 4, lib/i18n/areas/chat.ts): the
// support page, the owner's inbox, a page's analytics and an experiment's results requested with
// ?lang=vi / ?lang=th render their islands' HTML in that language (hydration uses the same words:
// client/hydrate.ts reads <html lang>), with no English word of the chat area left; English pages
// keep their words. The published pages' support widget carries its words in the page's language.
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";
import { ago } from "../islands/NotificationBell.tsx";
import { type ResultsView, verdict } from "../islands/ExperimentResults.tsx";
import { subjectFrom } from "../islands/chat/subject.ts";
import { chat } from "../lib/i18n/areas/chat.ts";

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
const has = (html: string, ...words: string[]) => {
  for (const w of words) assert.ok(html.includes(w), `"${w}" in the page`);
};
const hasNot = (html: string, ...words: string[]) => {
  for (const w of words) assert.ok(!html.includes(w), `no English "${w}" left`);
};

Deno.test("relative times, verdicts and subjects in the reader's language", () => {
  const at = Date.parse("2026-11-30T10:00:00Z");
  const iso = new Date(at).toISOString();
  assert.equal(ago(iso, at + 5 * 60_000), "5 min ago");
  assert.equal(ago(iso, at + 10_000, "vi"), "vừa xong");
  assert.equal(ago(iso, at + 5 * 60_000, "vi"), "5 phút trước");
  assert.equal(ago(iso, at + 3 * 3600_000, "th"), "3 ชั่วโมงที่แล้ว");
  assert.equal(ago(iso, at + 2 * 86400_000, "th"), "2 วันที่แล้ว");
  assert.match(ago(iso, at + 30 * 86400_000, "vi"), /30\/11\/2026/);

  const view: ResultsView = {
    id: "e",
    mode: "split",
    status: "running",
    winner: null,
    visitorsNeeded: 1234,
    variants: [{
      id: "a",
      name: "A",
      weight: 50,
      visitors: 10,
      conversions: 1,
      conversionRate: 0.1,
      credibleInterval: [0.01, 0.3],
      probabilityToBeBest: 0.5,
    }],
  };
  assert.match(verdict(view), /about 1,234 more visitors/);
  assert.match(verdict(view, "vi"), /khoảng 1\.234 khách truy cập/);
  assert.match(verdict(view, "th"), /ประมาณ 1,234 คน/);
  assert.equal(
    verdict({
      ...view,
      winner: "a",
      variants: [{ ...view.variants[0], probabilityToBeBest: 0.97 }],
    }, "vi"),
    "A tốt nhất với xác suất 97%: đủ bằng chứng để áp dụng phiên bản này.",
  );

  // A greeting in front is not the subject, in Vietnamese and Thai either.
  assert.equal(
    subjectFrom("Xin chào shop, cho mình hỏi cách đổi tên miền"),
    "Cho mình hỏi cách đổi tên miền",
  );
  assert.equal(subjectFrom("สวัสดีครับ ขอถามเรื่องโดเมน"), "ขอถามเรื่องโดเมน");
});

Deno.test("vi and th tables translate every chat word (no English copied over)", () => {
  // Brand names and technical tokens may stay; nothing else is the English text.
  const same = ["chat.analytics.csv", "chat.composer.imageOnly"];
  for (const lang of ["vi", "th"] as const) {
    for (const [key, en] of Object.entries(chat.en)) {
      if (same.includes(key)) continue;
      const text = JSON.stringify(chat[lang][key as keyof typeof chat.en]);
      assert.notEqual(text, JSON.stringify(en), `${lang} ${key} is still English`);
    }
  }
});

Deno.test("chat and live islands render in Vietnamese and Thai", async (t) => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register("i18n-chat-owner@example.com", "Chủ Trang");
    const created = await owner.post("/api/pages", { name: "Trang hỏi đáp", slug: "hoi-dap" });
    const pageId = created.body.page.id;
    const put = await owner.put(`/api/pages/${pageId}`, {
      version: created.body.page.version,
      content: { locale: "vi", blocks: [] },
      seo: { supportWidget: true },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal((await owner.post(`/api/pages/${pageId}/publish`)).status, 200);

    await t.step("the support page: room list, conversation, composer, bell", async () => {
      const room = await owner.post("/api/chat/rooms", {
        subject: "Tên miền riêng",
        message: "Làm sao để gắn tên miền riêng?",
      });
      assert.equal(room.status, 201, room.text);
      const vi = await owner.get("/support?lang=vi");
      assert.equal(vi.status, 200);
      assert.equal(htmlLang(vi.text), "vi");
      has(
        vi.text,
        '<h1 class="text-2xl font-semibold">Hỗ trợ</h1>',
        ">Bắt đầu cuộc trò chuyện mới<",
        'placeholder="Tiêu đề (không bắt buộc)"',
        'aria-label="Câu hỏi của bạn"',
        'aria-label="Cuộc trò chuyện"', // the room list
        'placeholder="Nhập tin nhắn…"',
        'aria-label="Đính kèm ảnh"',
        ">Gửi</button>",
        'title="Gửi cuộc trò chuyện này vào email của tôi"',
        'aria-label="Thông báo, 0 chưa đọc"',
      );
      assert.match(
        vi.text,
        /data-testid="room-status" data-status="(\w+)">(đang mở|chờ nhân viên|đã phân công|đã giải quyết)</,
      );
      hasNot(
        vi.text,
        "Write a message…",
        "Subject (optional)",
        "Notifications, ",
        "Email me this",
        "Start a new conversation",
        "Start chat",
      );

      const th = await owner.get("/support?lang=th");
      assert.equal(htmlLang(th.text), "th");
      has(
        th.text,
        'placeholder="พิมพ์ข้อความ…"',
        ">ส่ง</button>",
        'aria-label="การแจ้งเตือน ยังไม่ได้อ่าน 0 รายการ"',
      );
      hasNot(th.text, "Write a message…", "Attach an image");

      // English is unchanged.
      const en = await owner.get("/support?lang=en");
      assert.equal(htmlLang(en.text), "en");
      has(en.text, 'placeholder="Write a message…"', 'aria-label="Notifications, 0 unread"');
    });

    await t.step("the owner's inbox and the signed-in chat widget", async () => {
      const site = `http://hoi-dap.${server.sitesDomain}`;
      const asked = await fetch(`${server.origin}/api/sites/hoi-dap/chat`, {
        method: "POST",
        headers: { origin: site, "content-type": "application/json" },
        body: JSON.stringify({ message: "Giá bao nhiêu?" }),
      });
      assert.equal(asked.status, 201, await asked.text());

      const th = await owner.get("/conversations?lang=th");
      assert.equal(htmlLang(th.text), "th");
      has(
        th.text,
        '<h1 class="text-2xl font-semibold">บทสนทนา</h1>',
        "คำถามจากผู้เข้าชมหน้าเว็บที่คุณเผยแพร่",
        ">คำตอบของคุณ<",
        "ส่งคำตอบ",
        "แชทกับเรา", // the chat widget's button
      );
      hasNot(th.text, "Send answer", "Your answer", "Chat with us", "Questions from visitors");

      const vi = await owner.get("/conversations?lang=vi");
      has(vi.text, ">Hội thoại</h1>", "Gửi câu trả lời", "Trò chuyện với chúng tôi");
      hasNot(vi.text, "Send answer");
    });

    await t.step("the guest chat on the home page", async () => {
      const guest = server.client();
      const th = await guest.get("/?lang=th");
      has(th.text, "มีคำถาม? แชทเลย");
      hasNot(th.text, "Questions? Chat");
    });

    await t.step("a page's analytics", async () => {
      const vi = await owner.get(`/pages/${pageId}/analytics?lang=vi`);
      assert.equal(vi.status, 200);
      assert.equal(htmlLang(vi.text), "vi");
      has(
        vi.text,
        ">30 ngày<",
        "Xuất CSV",
        "Đang kết nối…",
        ">Khách truy cập<",
        ">Tỷ lệ chuyển đổi<",
        ">0,0%<",
        "(ngày theo giờ UTC)",
        ">Máy tính<",
        "Chưa có dữ liệu trong khoảng thời gian này.",
      );
      assert.match(vi.text, /\d{1,2} thg \d{1,2}, \d{4} – \d{1,2} thg \d{1,2}, \d{4}/);
      hasNot(vi.text, "Export CSV", "Conversion rate", "UTC days", "Nothing in this range");

      const th = await owner.get(`/pages/${pageId}/analytics?lang=th`);
      has(th.text, "ส่งออก CSV", ">อัตราคอนเวอร์ชัน<", ">มือถือ<");
      hasNot(th.text, "Export CSV", "Devices");
    });

    await t.step("an experiment's results", async () => {
      const exp = await owner.post(`/api/pages/${pageId}/experiments`, {
        name: "Tiêu đề",
        mode: "split",
        variants: [{ name: "A", weight: 50 }, { name: "B", weight: 50 }],
      });
      assert.equal(exp.status, 201, exp.text);
      const url = `/pages/${pageId}/experiments/${exp.body.experiment.id}`;
      const th = await owner.get(`${url}?lang=th`);
      assert.equal(th.status, 200, th.text.slice(0, 300));
      assert.equal(htmlLang(th.text), "th");
      has(
        th.text,
        'data-status="draft">ฉบับร่าง<',
        ">เวอร์ชัน<",
        ">โอกาสเป็นเวอร์ชันที่ดีที่สุด<",
        "แบ่งสัดส่วนคงที่",
        "เริ่มการทดลองเพื่อส่งผู้เข้าชมไปยังแต่ละเวอร์ชัน",
      );
      hasNot(th.text, "Probability to be best", "fixed split", "Start the experiment to send");

      const vi = await owner.get(`${url}?lang=vi`);
      has(vi.text, ">bản nháp<", ">Phiên bản<", "Hãy bắt đầu thử nghiệm");
      const en = await owner.get(`${url}?lang=en`);
      has(en.text, 'data-status="draft">draft<', "Probability to be best");
    });

    await t.step("the published page's support widget carries its words", async () => {
      const res = await hostRequest(server.port, `hoi-dap.${server.sitesDomain}`, "/");
      assert.equal(htmlLang(res.text), "vi");
      const script = /<script data-api="[^"]*">([\s\S]*?)<\/script>/.exec(res.text)?.[1] ?? "";
      has(script, '"ask":"Đặt câu hỏi"', '"ask":"ถามคำถาม"', "d.documentElement.lang");
    });
  } finally {
    await server.close();
  }
});
