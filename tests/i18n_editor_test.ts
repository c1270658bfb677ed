// The page editor and the home page's editor preview in Vietnamese and Thai (issue 16 item 4):
// the editor page's server-rendered island speaks the request's language (hydration renders the
// same words from <html lang>), block types and fields have catalogue keys, and save/publish
// messages and Checks findings follow the editor's language while English stays as it was.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { areaT } from "../lib/i18n/area.ts";
import { editor } from "../lib/i18n/areas/editor.ts";
import { BLOCK_TYPES, blockSpec } from "../blocks/registry.ts";
import type { Field } from "../blocks/kit.tsx";
import { auditPage } from "../lib/a11y/audit.ts";
import { contentSchema } from "../lib/blocks.ts";
import { createStore } from "../islands/editor/store.ts";
import type { EditorPage } from "../islands/editor/api.ts";

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
/** The editor island's server render only (not the page around it). */
const island = (html: string) => {
  const at = html.indexOf('data-island="PageEditor"');
  assert.ok(at > 0, "the editor island is on the page");
  return html.slice(at);
};

Deno.test("every block type, field, list item and choice the editor shows has a catalogue key", () => {
  const missing: string[] = [];
  const english: string[] = [];
  const check = (key: string, label: string) => {
    const en = (editor.en as Record<string, unknown>)[key];
    if (en === undefined) missing.push(key);
    // English keeps the block file's words.
    else if (en !== label) english.push(`${key}: ${en} ≠ ${label}`);
  };
  for (const type of BLOCK_TYPES) {
    const spec = blockSpec(type);
    check(`editor.block.${type}`, spec.label);
    const walk = (fields: Field[], scope: string) => {
      for (const f of fields) {
        const path = scope ? `${scope}.${f.key}` : f.key;
        check(`editor.field.${type}.${path}`, f.label);
        if (f.kind === "select") { for (const o of f.options) check(`editor.option.${o}`, o); }
        if (f.kind === "list") {
          check(`editor.item.${type}.${f.key}`, f.itemLabel);
          walk(f.item, f.key);
        }
      }
    };
    walk(spec.fields, "");
  }
  assert.deepEqual({ missing, english }, { missing: [], english: [] });
});

Deno.test("Checks findings and save/publish messages follow the editor's language", async () => {
  const content = contentSchema.parse({
    theme: { textColor: "#bbbbbb", backgroundColor: "#ffffff" },
    blocks: [
      { id: "h", type: "hero", props: { headline: "Hi" } },
      {
        id: "g",
        type: "gallery",
        props: { images: [{ src: "https://example.com/a.png", alt: "" }] },
      },
    ],
  });
  const findings = auditPage(content, { title: "T", description: "" });
  const vi = areaT(editor, "vi");
  const th = areaT(editor, "th");
  const en = areaT(editor, "en");
  // English as it was, from the same keys.
  for (const f of findings) assert.equal(en(f.key, f.params), f.message);
  const gallery = findings.find((f) => f.blockId === "g")!;
  assert.equal(gallery.message, "1 gallery image has no alt text.");
  assert.equal(
    vi(gallery.key, gallery.params),
    "1 ảnh trong thư viện ảnh chưa có văn bản thay thế.",
  );
  assert.equal(th(gallery.key, gallery.params), "รูปในแกลเลอรี 1 รูปยังไม่มีข้อความแทนรูป");
  const contrast = findings.find((f) => f.kind === "contrast")!;
  assert.match(contrast.message, /^Text colour on the background has a contrast of 1\.\d\d:1/);
  assert.match(
    vi(contrast.key, contrast.params),
    /^Màu chữ trên nền có độ tương phản 1\.\d\d:1; chuẩn WCAG AA yêu cầu 4\.5:1\.$/,
  );

  const page: EditorPage = {
    id: "P1",
    name: "Trang đích",
    slug: "trang-dich",
    status: "draft",
    url: null,
    version: 1,
    content,
    seo: { title: "", description: "", image: "" },
  };
  const published = {
    ok: true as const,
    data: { page: { ...page, status: "published" as const } },
  };
  const reject = () => Promise.reject(new Error("not in this test"));
  for (
    const [t, want] of [
      [vi, "Đã xuất bản. Trang của bạn đã hoạt động."],
      [th, "เผยแพร่แล้ว เพจของคุณออนไลน์แล้ว"],
      [undefined, "Published. Your page is live."],
    ] as const
  ) {
    const store = createStore(page, {
      api: { save: reject, restore: reject, publish: () => Promise.resolve(published) },
      t,
    });
    await store.publish(true);
    assert.equal(store.message.value, want);
    store.dispose();
  }
});

Deno.test("the editor page and the home page preview in Vietnamese and Thai", async () => {
  const server = await startTestServer();
  try {
    const owner = server.client();
    await owner.register("i18n-editor@example.com");
    const created = await owner.post("/api/pages", { name: "Ra mắt", templateId: "saas" });
    assert.equal(created.status, 201, created.text);
    const id = created.body.page.id;
    const first = created.body.page.content.blocks[0].type;
    assert.equal(first, "hero", "the settings panel shows the hero's fields");

    // Words the editor island shows (toolbar, library, canvas tools, tabs, the hero's fields).
    const words = {
      en: [
        ">Publish<",
        'aria-label="Undo"',
        "Block library",
        ">Add a block<",
        ">Hero<",
        'title="Add Call to action"',
        ">Headline<",
        "Subheadline",
        "Drag to reorder",
        'aria-label="Move up"',
        ">block<",
        ">theme<",
        "Preview width",
      ],
      vi: [
        ">Xuất bản<",
        'aria-label="Hoàn tác"',
        "Thư viện khối",
        ">Thêm khối<",
        ">Banner chính<",
        'title="Thêm Kêu gọi hành động"',
        ">Tiêu đề chính<",
        "Tiêu đề phụ",
        "Kéo để sắp xếp lại",
        'aria-label="Lên trên"',
        ">Khối<",
        ">Giao diện<",
        "Độ rộng xem trước",
      ],
      th: [
        ">เผยแพร่<",
        'aria-label="เลิกทำ"',
        "คลังบล็อก",
        ">เพิ่มบล็อก<",
        ">แบนเนอร์หลัก<",
        'title="เพิ่มปุ่มกระตุ้นการตัดสินใจ"',
        ">หัวข้อหลัก<",
        "หัวข้อรอง",
        "ลากเพื่อจัดลำดับ",
        'aria-label="ย้ายขึ้น"',
        ">บล็อก<",
        ">ธีม<",
        "ความกว้างของตัวอย่าง",
      ],
    };
    for (const lang of ["en", "vi", "th"] as const) {
      const res = await owner.get(`/pages/${id}/edit?lang=${lang}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(htmlLang(res.text), lang);
      const html = island(res.text);
      for (const w of words[lang]) assert.ok(html.includes(w), `${lang}: ${w}`);
      if (lang !== "en") {
        // No English UI word of the editor's catalogue is left.
        for (const w of words.en) assert.ok(!html.includes(w), `${lang}: English ${w} left`);
      }
    }

    // The home page's product shot (DevicePreview island).
    const guest = server.client();
    for (
      const [lang, headline] of [
        ["en", "Plan your week in five minutes"],
        ["vi", "Lên kế hoạch cả tuần trong năm phút"],
        ["th", "วางแผนทั้งสัปดาห์ในห้านาที"],
      ] as const
    ) {
      const res = await guest.get(`/?lang=${lang}`);
      assert.equal(htmlLang(res.text), lang);
      const at = res.text.indexOf('data-island="DevicePreview"');
      assert.ok(at > 0);
      const shot = res.text.slice(at, at + 12000);
      assert.ok(shot.includes(headline), `${lang} preview headline`);
      if (lang !== "en") {
        assert.ok(!shot.includes("Plan your week"), `${lang}: English preview left`);
        assert.ok(!shot.includes(">Desktop<") && !shot.includes("Start free trial"));
      }
    }
  } finally {
    await server.close();
  }
});
