// The app in English, Vietnamese and Thai (shared/API.md "Payment providers, currencies and
// languages"): complete catalogues, the request's language chosen as ?lang, then the user's
// setting, then Accept-Language, and published pages speaking their page's content.locale.
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";
import { en } from "../lib/i18n/en.ts";
import {
  CATALOGUES,
  formatDateIn,
  formatMoneyIn,
  fromAcceptLanguage,
  LOCALES,
  t,
} from "../lib/i18n/index.ts";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const texts = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Object.values(v as Record<string, string>);

Deno.test("every catalogue has exactly the English keys, the same placeholders and kinds", () => {
  const keys = Object.keys(en).sort();
  for (const locale of LOCALES) {
    const cat = CATALOGUES[locale] as Record<string, unknown>;
    const have = Object.keys(cat).sort();
    const missing = keys.filter((k) => !have.includes(k));
    const extra = have.filter((k) => !keys.includes(k));
    assert.deepEqual({ locale, missing, extra }, { locale, missing: [], extra: [] });
    for (const k of keys) {
      const source = (en as Record<string, unknown>)[k];
      assert.equal(typeof cat[k], typeof source, `${locale} ${k}: plural vs text`);
      const want = placeholders(texts(source)[0]);
      for (const text of texts(cat[k])) {
        assert.ok(text.trim() !== "", `${locale} ${k} is empty`);
        assert.deepEqual(placeholders(text), want, `${locale} ${k} placeholders`);
      }
      if (typeof cat[k] === "object") assert.ok("other" in (cat[k] as object), `${locale} ${k}`);
    }
  }
});

Deno.test("t() fills placeholders, picks plural forms and formats with Intl", () => {
  assert.equal(t("en", "home.templatesCount", { count: 1 }), "1 template");
  assert.equal(t("en", "home.templatesCount", { count: 1200 }), "1,200 templates");
  assert.equal(t("vi", "home.templatesCount", { count: 1200 }), "1.200 mẫu trang");
  assert.equal(t("th", "site.minutes", { count: 2 }), "2 นาที");
  assert.equal(t("vi", "site.fieldRequired", { label: "email" }), "Vui lòng nhập email");
  assert.equal(formatMoneyIn(199000, "vnd", "vi").replace(/\s/g, " "), "199.000 ₫");
  assert.equal(formatMoneyIn(4900, "usd", "en"), "$49.00");
  assert.match(formatMoneyIn(12050, "thb", "th"), /120\.50/);
  assert.equal(formatDateIn("2026-11-29T10:00:00Z", "en"), "November 29, 2026");
  assert.match(formatDateIn("2026-11-29T10:00:00Z", "vi"), /29 tháng 11, 2026/);
  assert.match(formatDateIn("2026-11-29T10:00:00Z", "th"), /พฤศจิกายน/);
});

Deno.test("Accept-Language: q-values order the ranges, q=0 excludes, regions match", () => {
  assert.equal(fromAcceptLanguage("fr-FR, th;q=0.5, vi;q=0.8"), "vi");
  assert.equal(fromAcceptLanguage("vi-VN,vi;q=0.9,en;q=0.1"), "vi");
  assert.equal(fromAcceptLanguage("th;q=0, en;q=0.2"), "en");
  assert.equal(fromAcceptLanguage("th-TH"), "th");
  assert.equal(fromAcceptLanguage("de, fr"), null);
  assert.equal(fromAcceptLanguage("*"), "en");
  assert.equal(fromAcceptLanguage(""), null);
});

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];

Deno.test("the app's language: ?lang beats the user's setting beats Accept-Language", async () => {
  const server = await startTestServer();
  try {
    const guest = server.client();
    // Accept-Language alone.
    let res = await guest.get("/", { headers: { "accept-language": "th-TH,th;q=0.9,en;q=0.5" } });
    assert.equal(htmlLang(res.text), "th");
    assert.ok(res.text.includes("เทมเพลตที่สร้างรายได้"), "home page in Thai");
    assert.match(res.text, /aria-labelledby="lang-switcher-label"/, "a labelled switcher");
    res = await guest.get("/auth/login", { headers: { "accept-language": "vi" } });
    assert.equal(htmlLang(res.text), "vi");
    assert.ok(res.text.includes("Quên mật khẩu?"));
    res = await guest.get("/", { headers: { "accept-language": "de" } });
    assert.equal(htmlLang(res.text), "en");

    // The user's setting beats Accept-Language (a fresh browser: no remembered choice).
    const user = server.client();
    await user.register("i18n-user@example.com");
    user.token = null;
    await user.request("POST", "/auth/login", {
      body: new URLSearchParams({ email: "i18n-user@example.com", password: "password123" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const saved = await user.request("POST", "/account/language", {
      body: new URLSearchParams({ locale: "vi" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(saved.status, 303, saved.text);
    const fresh = server.client();
    for (const [k, v] of user.cookies) if (k !== "lang") fresh.cookies.set(k, v);
    res = await fresh.get("/account", { headers: { "accept-language": "th" } });
    assert.equal(htmlLang(res.text), "vi");
    assert.ok(res.text.includes("Đăng xuất"), "navigation in Vietnamese");
    assert.match(res.text, /<option value="vi" lang="vi" selected/);

    // ?lang beats both, and is remembered for the next page.
    res = await fresh.get("/dashboard?lang=th", { headers: { "accept-language": "en" } });
    assert.equal(htmlLang(res.text), "th");
    assert.equal(fresh.cookies.get("lang"), "th");
    res = await fresh.get("/account", { headers: { "accept-language": "en" } });
    assert.equal(htmlLang(res.text), "th");

    // An unknown ?lang is ignored; errors pages follow too.
    res = await guest.get("/no-such-page?lang=xx", {
      headers: { "accept-language": "vi", accept: "text/html" },
    });
    assert.equal(res.status, 404);
    assert.equal(htmlLang(res.text), "vi");
    assert.ok(res.text.includes("Không tìm thấy trang"));
    const bad = await user.request("POST", "/account/language", {
      body: new URLSearchParams({ locale: "fr" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(bad.status, 422);
  } finally {
    await server.close();
  }
});

const formBlock = {
  id: "signup",
  type: "form",
  props: {
    title: "Đăng ký",
    fields: [{ name: "email", label: "email", type: "email", required: true }],
    submitText: "Gửi",
    successMessage: "",
  },
};

async function publish(
  server: Awaited<ReturnType<typeof startTestServer>>,
  slug: string,
  locale: string | undefined,
) {
  const owner = server.client();
  await owner.register(`${slug}@example.com`);
  const created = await owner.post("/api/pages", { name: slug, slug });
  const put = await owner.put(`/api/pages/${created.body.page.id}`, {
    version: 1,
    content: {
      ...(locale ? { locale } : {}),
      blocks: [formBlock, {
        id: "cd",
        type: "countdown",
        props: { title: "", target: "2099-01-01T00:00:00Z", expiredText: "Hết" },
      }],
    },
  });
  assert.equal(put.status, 200, put.text);
  if (locale) assert.equal(put.body.page.content.locale, locale);
  else assert.equal(put.body.page.content.locale, "en", "content.locale defaults to en");
  assert.equal((await owner.post(`/api/pages/${created.body.page.id}/publish`)).status, 200);
}

Deno.test("published pages speak their content.locale: lang, form errors, thanks, 404", async () => {
  const server = await startTestServer();
  try {
    await publish(server, "trang-vi", "vi");
    await publish(server, "trang-th", "th");
    await publish(server, "page-en", undefined);
    const vi = `trang-vi.${server.sitesDomain}`;
    const th = `trang-th.${server.sitesDomain}`;

    let res = await hostRequest(server.port, vi, "/");
    assert.equal(htmlLang(res.text), "vi");
    assert.match(res.text, /data-units=" ngày\| giờ\| phút\| giây"/);
    assert.match(res.text, />Đến [^<]*1 tháng 1, 2099 UTC</, "the no-script fallback");
    res = await hostRequest(server.port, `page-en.${server.sitesDomain}`, "/");
    assert.equal(htmlLang(res.text), "en");

    const post = (host: string, body: Record<string, string>) =>
      hostRequest(server.port, host, "/forms/signup", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(body).toString(),
      });
    res = await post(vi, { email: "không-phải-email" });
    assert.equal(res.status, 422);
    assert.equal(htmlLang(res.text), "vi");
    assert.match(res.text, /<title>Vui lòng kiểm tra lại biểu mẫu<\/title>/);
    assert.match(res.text, /id="err-email"[^>]*>Nhập địa chỉ email hợp lệ</);
    res = await post(vi, {});
    assert.match(res.text, /id="err-email"[^>]*>Vui lòng nhập email</);

    res = await post(th, { email: "a@example.com" });
    assert.equal(res.status, 303);
    res = await hostRequest(server.port, th, "/thanks?form=signup");
    assert.equal(htmlLang(res.text), "th");
    assert.ok(res.text.includes("ขอบคุณ!") && res.text.includes("ส่งข้อความของคุณแล้ว"));

    res = await hostRequest(server.port, th, "/no-such-path");
    assert.equal(res.status, 404);
    assert.equal(htmlLang(res.text), "th");
    assert.ok(res.text.includes("ไม่พบหน้าที่ต้องการ"), res.text);
    res = await hostRequest(server.port, `page-en.${server.sitesDomain}`, "/nope");
    assert.ok(res.text.includes("Page not found"));

    // A bad locale is refused with the content schema's 422.
    const owner = server.client();
    await owner.register();
    const created = await owner.post("/api/pages", { name: "x", slug: "x-bad-locale" });
    const put = await owner.put(`/api/pages/${created.body.page.id}`, {
      version: 1,
      content: { locale: "fr", blocks: [] },
    });
    assert.equal(put.status, 422);
  } finally {
    await server.close();
  }
});

Deno.test("island bundles carry their own areas only, never the app's whole catalogues", async () => {
  // tests run after `deno task build`; every built file (islands and their shared chunks).
  const dir = new URL("../_build/static/", import.meta.url);
  let checked = 0;
  for await (const file of Deno.readDir(dir)) {
    if (!file.name.endsWith(".js")) continue;
    const js = await Deno.readTextFile(new URL(file.name, dir));
    // Keys of areas no island uses: present only if lib/i18n/index.ts got bundled.
    for (const marker of ["mail.err.not_found", "market.browse.title", "seller.sales.title"]) {
      assert.ok(!js.includes(marker), `${file.name} bundles the app catalogue (${marker})`);
    }
    checked++;
  }
  assert.ok(checked >= 5, `only ${checked} built files`);
});
