// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Pages in Vietnamese and Thai: the local generator writes a Vietnamese or Thai description's page
// in that language (content.locale, every text it adds), the starters exist in both languages, and
// the published pages carry <html lang> and none of the English copy.
import assert from "node:assert/strict";
import type { Content } from "../lib/blocks.ts";
import { localGenerate, starterContent, STARTERS } from "../lib/pages/starters.ts";
import { hostRequest, startTestServer } from "./_helpers.ts";

const VI_DESCRIPTION = "Khóa học tiếng Anh cho người đi làm ở Đà Nẵng";
const TH_DESCRIPTION = "คอร์สเรียนโยคะสำหรับผู้เริ่มต้นที่เชียงใหม่";

/** Every text a visitor reads in a page's blocks (not ids, links, icons, dates or settings). */
const TEXT_KEYS = new Set([
  "headline",
  "subheadline",
  "ctaText",
  "title",
  "subtitle",
  "text",
  "label",
  "submitText",
  "successMessage",
  "quote",
  "author",
  "role",
  "question",
  "answer",
  "expiredText",
  "buttonText",
  "features",
  "period",
]);
function texts(content: Content): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key = "") => {
    if (typeof v === "string") {
      if (TEXT_KEYS.has(key) && v.trim()) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  for (const b of content.blocks) walk(b.props);
  return out;
}

/** The English copy of the generator and the starters a vi/th page must not show. */
const ENGLISH_UI =
  /\b(Get in touch|Send|Thanks|Name|Message|Contact|All rights reserved|What you get|Buy now|Pricing|Basic|Subscribe|Register|Work email|Company|Why join early|Launching soon|Verified buyer)\b/;
const VIETNAMESE_LETTERS = /[đăâêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const THAI_LETTERS = /[\u0E01-\u0E5B]/;

/** The visible text of a published page: no tags, scripts or styles. */
const visible = (html: string) =>
  html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, " ").replace(/<[^>]+>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ").replace(/\s+/g, " ");

Deno.test("generate vi/th: a Vietnamese or Thai description gives a page in its language", () => {
  const vi = localGenerate(VI_DESCRIPTION);
  assert.equal(vi.content.locale, "vi");
  assert.equal(vi.name, VI_DESCRIPTION);
  const viTexts = texts(vi.content);
  assert.ok(viTexts.includes(VI_DESCRIPTION), "the headline is the description");
  for (const t of viTexts) {
    assert.doesNotMatch(t, ENGLISH_UI, t);
    assert.ok(VIETNAMESE_LETTERS.test(t) || /^[\d©\s.,–-]+$/.test(t) || t === "Email", t);
  }
  const form = vi.content.blocks.find((b) => b.type === "form")!;
  assert.equal(form.type, "form");
  if (form.type === "form") {
    assert.deepEqual(form.props.fields.map((f) => f.label), ["Họ và tên", "Email", "Lời nhắn"]);
  }
  const year = new Date().getFullYear();
  assert.ok(viTexts.includes(`© ${year}. Bảo lưu mọi quyền.`));

  const th = localGenerate(TH_DESCRIPTION);
  assert.equal(th.content.locale, "th");
  for (const t of texts(th.content)) {
    assert.doesNotMatch(t, ENGLISH_UI, t);
    assert.ok(THAI_LETTERS.test(t), t);
  }

  // A name and features in Vietnamese; a meta sentence ("Có bảng giá.") is not copy.
  const cafe = localGenerate(
    "Tạo một trang đích cho quán cà phê tên là Sen Việt, với cà phê muối, bánh mì nóng và không gian yên tĩnh. Có bảng giá.",
  );
  assert.equal(cafe.name, "Sen Việt");
  const hero = cafe.content.blocks.find((b) => b.type === "hero")!;
  if (hero.type === "hero") {
    assert.equal(hero.props.headline, "Sen Việt — quán cà phê");
    assert.doesNotMatch(hero.props.subheadline, /bảng giá/i);
  }
  assert.ok(texts(cafe.content).includes("Cà phê muối"));
  assert.ok(cafe.content.blocks.some((b) => b.type === "pricing"), "pricing asked for");
  for (const t of texts(cafe.content)) assert.doesNotMatch(t, ENGLISH_UI, t);

  // An English description stays English; an explicit language wins over the letters.
  assert.equal(
    localGenerate("A waitlist page for a dog-walking app called Pawsome").content.locale,
    "en",
  );
  assert.equal(localGenerate("Café Olé, a coffee shop in Lisbon").content.locale, "en");
});

Deno.test("generate vi/th: published in its language; the starters in vi and th publish without English copy", async (t) => {
  const server = await startTestServer();
  try {
    const user = server.client();
    await user.register();
    const publish = async (pageId: string, slug: string) => {
      assert.equal((await user.post(`/api/pages/${pageId}/publish`)).status, 200);
      const res = await hostRequest(server.port, `${slug}.${server.sitesDomain}`, "/");
      assert.equal(res.status, 200);
      return res.text;
    };

    await t.step("generated from Vietnamese and Thai descriptions", async () => {
      for (
        const [description, lang, must] of [
          [VI_DESCRIPTION, "vi", "Họ và tên"],
          [TH_DESCRIPTION, "th", "ชื่อ-นามสกุล"],
        ] as const
      ) {
        const res = await user.post("/api/pages/generate", { description });
        assert.equal(res.status, 201, res.text);
        const page = res.body.page;
        assert.equal(page.content.locale, lang);
        assert.doesNotMatch(page.slug, /^page$/);
        const html = await publish(page.id, page.slug);
        assert.match(html, new RegExp(`<html lang="${lang}"`));
        const text = visible(html);
        assert.ok(text.includes(must), must);
        assert.doesNotMatch(text, ENGLISH_UI);
      }
      // Asked in Thai for a description without Thai letters: the page is Thai.
      const asked = await user.post("/api/pages/generate", {
        description: "Landing page for Somtam Express, Bangkok street food",
        locale: "th",
      });
      assert.equal(asked.status, 201, asked.text);
      assert.equal(asked.body.page.content.locale, "th");
    });

    for (const locale of ["vi", "th"] as const) {
      await t.step(`every starter in ${locale}`, async () => {
        for (const starter of STARTERS.filter((s) => s.id !== "blank")) {
          const english = texts(starterContent(starter.id, "en"));
          const local = texts(starterContent(starter.id, locale));
          // What stays the same in both is a brand or a number ("DesignConf 2027", "Acme Inc.").
          const leaks = english.filter((e) => !local.includes(e) && /[A-Za-z]{3}/.test(e));
          assert.ok(leaks.length > 5, `${starter.id}: the English copy to look for`);
          const res = await user.post("/api/pages", {
            name: `${starter.name} ${locale}`,
            templateId: starter.id,
            locale,
          });
          assert.equal(res.status, 201, res.text);
          const page = res.body.page;
          assert.equal(page.content.locale, locale);
          const html = await publish(page.id, page.slug);
          assert.match(html, new RegExp(`<html lang="${locale}"`), starter.id);
          const text = visible(html);
          for (const e of leaks) assert.ok(!text.includes(e), `${starter.id} ${locale}: "${e}"`);
          assert.ok((locale === "vi" ? VIETNAMESE_LETTERS : THAI_LETTERS).test(text));
        }
      });
    }

    await t.step("a starter follows the request's language by default", async () => {
      const res = await user.request("POST", "/api/pages", {
        json: { name: "Ra mắt", templateId: "app-launch" },
        headers: { "accept-language": "vi" },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal((res.body as any).page.content.locale, "vi");
      const english = await user.post("/api/pages", { name: "Launch", templateId: "app-launch" });
      assert.equal(english.body.page.content.locale, "en");
    });
  } finally {
    await server.close();
  }
});

Deno.test("generate vi/th: Gemini is told to write in the page's language", async () => {
  const calls: any[] = [];
  const gemini = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    calls.push(await req.json());
    const page = {
      theme: { primaryColor: "#0f766e" },
      blocks: [
        { id: "h", type: "hero", props: { headline: "Tiếng Anh cho người đi làm" } },
        { id: "f", type: "footer", props: { text: "© Anh ngữ Sông Hàn" } },
      ],
    };
    return Response.json({
      candidates: [{
        content: { role: "model", parts: [{ text: JSON.stringify(page) }] },
        finishReason: "STOP",
      }],
    });
  });
  const server = await startTestServer({
    GEMINI_API_KEY: "test-key",
    GEMINI_BASE_URL: `http://127.0.0.1:${gemini.addr.port}`,
  });
  try {
    const user = server.client();
    await user.register();
    const res = await user.post("/api/pages/generate", { description: VI_DESCRIPTION });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.source, "gemini");
    assert.equal(res.body.page.content.locale, "vi");
    const th = await user.post("/api/pages/generate", { description: TH_DESCRIPTION });
    assert.equal(th.body.page.content.locale, "th");
    assert.equal(calls.length, 2);
    const prompt = (i: number) => JSON.stringify(calls[i].systemInstruction ?? calls[i]);
    assert.match(prompt(0), /in Vietnamese \(tiếng Việt/);
    assert.match(prompt(1), /in Thai \(ภาษาไทย\)/);
  } finally {
    await server.close();
    await gemini.shutdown();
  }
});
