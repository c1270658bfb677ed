// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// What the server writes and stores is in its reader's language (issue 16 items 4 and 5): a
// Vietnamese seller's lead notification, a Thai guest's assistant hand-over, fallback, guest name
// and system messages, and a Vietnamese page's select placeholder; English stays as it was.
import assert from "node:assert/strict";
import {
  type Client,
  eventually,
  hostRequest,
  startTestServer,
  type TestServer,
} from "./_helpers.ts";
import { ADMIN_ENV, adminClient, approvedListing, checkoutCompleted, deliver } from "./_market.ts";

const formBlock = {
  id: "signup",
  type: "form",
  props: {
    title: "Đăng ký",
    fields: [
      { name: "email", label: "Email", type: "email", required: true },
      { name: "plan", label: "Gói", type: "select", required: false, options: ["Cơ bản", "Pro"] },
    ],
    submitText: "Gửi",
  },
};

async function setLanguage(who: Client, locale: string) {
  const res = await who.request("POST", "/account/language", {
    body: new URLSearchParams({ locale }),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(res.status, 303, res.text);
}

/** A signed-up user whose language setting is `locale`, owning a published form page. */
async function ownerWithForm(server: TestServer, locale: "en" | "vi", slug: string) {
  const owner = server.client();
  await owner.register(`${slug}@example.com`);
  const res = await owner.request("POST", "/account/language", {
    body: new URLSearchParams({ locale }),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(res.status, 303, res.text);
  const created = await owner.post("/api/pages", { name: `Trang ${slug}`, slug });
  const pageId = created.body.page.id;
  const put = await owner.put(`/api/pages/${pageId}`, {
    version: 1,
    content: { locale, blocks: [formBlock] },
  });
  assert.equal(put.status, 200, put.text);
  assert.equal((await owner.post(`/api/pages/${pageId}/publish`)).status, 200);
  return { owner, host: `${slug}.${server.sitesDomain}` };
}

async function submitLead(server: TestServer, host: string, email: string) {
  const res = await hostRequest(server.port, host, "/forms/signup", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, plan: "Pro" }).toString(),
  });
  assert.ok(res.status < 400, `${res.status} ${res.text}`);
}

/** The newest notification of `type` (its words are in `data`). */
const notification = async (who: Client, type: string) =>
  await eventually(async () =>
    (await who.get("/api/notifications")).body.items.find((n: any) => n.type === type)?.data
  );

async function aiReply(anon: Client, roomId: string, token: string): Promise<string> {
  return await eventually(async () => {
    const list = await anon.get(`/api/chat/rooms/${roomId}/messages`, {
      headers: { authorization: `Guest ${token}` },
    });
    return list.body.items.find((m: any) => m.senderType === "ai")?.message as string;
  }, 5000);
}

Deno.test("server-written texts follow their reader's language", async (t) => {
  const server = await startTestServer(ADMIN_ENV);
  try {
    await t.step(
      "a vi page's select placeholder and its Vietnamese owner's lead notice",
      async () => {
        const { owner, host } = await ownerWithForm(server, "vi", "ban-hang-vi");
        const page = await hostRequest(server.port, host, "/");
        assert.equal(page.status, 200);
        assert.match(page.text, /<option value(?:="")?>Chọn…<\/option>/);
        assert.ok(!page.text.includes("Choose…"), "no English placeholder on a vi page");
        await submitLead(server, host, "khach@example.com");
        const n = await notification(owner, "lead");
        assert.equal(n.title, "Khách hàng tiềm năng mới trên Trang ban-hang-vi");
        assert.equal(n.body, "khach@example.com");
      },
    );

    await t.step("English owner and page: unchanged words", async () => {
      const { owner, host } = await ownerWithForm(server, "en", "sales-en");
      const page = await hostRequest(server.port, host, "/");
      assert.match(page.text, /<option value(?:="")?>Choose…<\/option>/);
      await submitLead(server, host, "buyer@example.com");
      const n = await notification(owner, "lead");
      assert.equal(n.title, "New lead on Trang sales-en");
    });

    await t.step("an unnamed visitor of a vi page's widget is named in Vietnamese", async () => {
      const { owner } = await ownerWithForm(server, "vi", "tro-chuyen-vi");
      const page = (await owner.get("/api/pages")).body.items
        .find((p: any) => p.slug === "tro-chuyen-vi");
      const put = await owner.put(`/api/pages/${page.id}`, {
        version: page.version,
        seo: { supportWidget: true },
      });
      assert.equal(put.status, 200, put.text);
      assert.equal((await owner.post(`/api/pages/${page.id}/publish`)).status, 200);
      const res = await fetch(`${server.origin}/api/sites/tro-chuyen-vi/chat`, {
        method: "POST",
        headers: {
          origin: `http://tro-chuyen-vi.${server.sitesDomain}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ message: "Shop có giao hàng không?" }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      const { room } = await res.json();
      const list = await owner.get("/api/conversations");
      assert.equal(list.body.items.find((r: any) => r.id === room.id).userName, "Khách truy cập");
    });

    await t.step(
      "a sale: the vi seller's notice and the th buyer's, each in its language",
      async () => {
        const admin = await adminClient(server);
        const { seller, listing } = await approvedListing(server, admin, 4900, "Mẫu Bán Hàng");
        await setLanguage(seller, "vi");
        const buyer = server.client();
        await buyer.register();
        await setLanguage(buyer, "th");
        const { transactionId } =
          (await buyer.post("/api/payment/create", { listingId: listing.id }))
            .body;
        assert.ok(transactionId);
        assert.equal(
          (await deliver(server, checkoutCompleted("evt_i18n_sale", transactionId))).status,
          200,
        );
        const sale = await notification(seller, "sale");
        assert.equal(sale.title, "Bạn đã bán được “Mẫu Bán Hàng”");
        // 90% of 49.00 USD, written as Vietnamese readers write money.
        assert.match(sale.body, /^44,10\sUS\$ được tạm giữ trong thời hạn hoàn tiền$/);
        const delivered = await notification(buyer, "order_delivered");
        assert.equal(delivered.title, "“Mẫu Bán Hàng” อยู่ในหน้าเพจของคุณแล้ว");
      },
    );

    const anon = server.client();
    const start = async (message: string) => {
      const res = await anon.post("/api/chat/guest", { message });
      assert.equal(res.status, 201, res.text);
      return res.body as { room: any; guestToken: string };
    };

    await t.step("a Thai guest asking for a person: Thai name, Thai hand-over", async () => {
      const g = await start("ขอคุยกับเจ้าหน้าที่หน่อยค่ะ");
      assert.equal(g.room.userName, "ผู้ใช้ทั่วไป");
      const reply = await aiReply(anon, g.room.id, g.guestToken);
      assert.equal(
        reply,
        "ได้เลยค่ะ ฉันได้ขอให้ทีมงานของเราเข้ามาร่วมแล้ว เจ้าหน้าที่จะตอบกลับที่นี่",
      );
      // Handed over: the room waits for a person, and the admin's actions read in Thai.
      const admin = await adminClient(server);
      await eventually(async () =>
        (await admin.get(`/api/chat/rooms/${g.room.id}`)).body.room?.status === "waiting_admin"
      );
      const resolved = await admin.post(`/api/admin/chat/rooms/${g.room.id}/resolve`, {});
      assert.equal(resolved.status, 200, resolved.text);
      const list = await anon.get(`/api/chat/rooms/${g.room.id}/messages`, {
        headers: { authorization: `Guest ${g.guestToken}` },
      });
      const system = list.body.items.filter((m: any) => m.senderType === "system");
      assert.deepEqual(system.map((m: any) => m.message), [
        "การสนทนานี้ถูกทำเครื่องหมายว่าแก้ไขแล้ว",
      ]);
    });

    await t.step(
      "a Thai question the FAQ cannot answer: Thai fallback, not the English greeting",
      async () => {
        const g = await start("ทำยังไงให้หน้าเพจขึ้นเว็บได้เร็วที่สุด");
        const reply = await aiReply(anon, g.room.id, g.guestToken);
        assert.match(reply, /^ฉันไม่พบคำตอบสำหรับคำถามนี้/);
        assert.ok(!/[A-Za-z]{4,}/.test(reply.replace("LandingHub", "")), reply);
      },
    );

    await t.step(
      "a Vietnamese user's support room: assistant, system message and bell in vi",
      async () => {
        const user = server.client();
        await user.register("nguoi-dung-vi@example.com", "Lan");
        const lang = await user.request("POST", "/account/language", {
          body: new URLSearchParams({ locale: "vi" }),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        });
        assert.equal(lang.status, 303);
        const room = (await user.post("/api/chat/rooms", {
          subject: "Giúp tôi",
          message: "Tôi muốn gặp nhân viên hỗ trợ",
        })).body.room;
        const ai = await eventually(async () =>
          (await user.get(`/api/chat/rooms/${room.id}/messages`)).body.items
            .find((m: any) => m.senderType === "ai")?.message
        );
        assert.match(ai, /^Tất nhiên rồi — tôi đã mời một thành viên/);
        const admin = await adminClient(server);
        assert.equal((await admin.post(`/api/admin/chat/rooms/${room.id}/assign`, {})).status, 200);
        const reply = await admin.post(`/api/chat/rooms/${room.id}/messages`, {
          message: "Chào Lan",
        });
        assert.ok(reply.status < 300, reply.text);
        const items = (await user.get(`/api/chat/rooms/${room.id}/messages`)).body.items;
        const system = items.find((m: any) => m.senderType === "system");
        assert.match(system.message, / đã tham gia cuộc trò chuyện\.$/);
        const bell = await notification(user, "chat");
        assert.equal(bell.title, "Bộ phận hỗ trợ vừa trả lời bạn");
      },
    );

    await t.step("an English guest still reads English", async () => {
      const g = await start("I want to talk to a human");
      assert.equal(g.room.userName, "Guest");
      assert.equal(
        await aiReply(anon, g.room.id, g.guestToken),
        "Of course — I've asked a member of our team to join. They'll reply right here.",
      );
    });
  } finally {
    await server.close();
  }
});
