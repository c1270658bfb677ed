// /account: settings: the seller's storefront (handle, bio, avatar: /s/:handle), and the data
// rights: download everything (GET /api/account/export) and delete the account (plain form posts,
// so they work without JavaScript).
import { Hono } from "hono";
import { type AppEnv, AppError, describeError, formBody, parseWith } from "../../lib/http/index.ts";
import { clearSessionCookies, requireUser } from "../../lib/http/session.ts";
import { deleteAccount } from "../../lib/account/index.ts";
import {
  getBalance,
  getPayoutDetails,
  maskPayoutDetails,
  payoutDetailsSchema,
  setPayoutDetails,
} from "../../lib/payments/index.ts";
import { payoutDetailsFromForm, PayoutDetailsSection } from "./_payout-details.tsx";
import { page } from "../../components/render.tsx";
import { Alert, DoneNotice, Field } from "../../components/Form.tsx";
import { getSellerProfile, saveSellerProfile } from "../../lib/market/index.ts";
import { saveImageUpload } from "../../lib/uploads/index.ts";
import { updateUser } from "../../lib/auth/index.ts";
import {
  formatMoneyIn,
  isLocale,
  LOCALE_NAMES,
  LOCALES,
  type MessageKey,
  t as tr,
} from "../../lib/i18n/index.ts";
import { rememberLocale } from "../../lib/i18n/middleware.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const [balance, profile, payoutDetails] = await Promise.all([
    getBalance(user.id),
    getSellerProfile(user.id),
    getPayoutDetails(user.id),
  ]);
  const error = c.req.query("error");
  const locale = c.get("locale");
  const t = (key: MessageKey, params?: Record<string, string | number>) => tr(locale, key, params);
  const storeError = c.req.query("storeError");
  return page(
    c,
    { title: t("seller.account.title"), active: "/account" },
    (
      <div class="mx-auto max-w-2xl space-y-6">
        <h1 class="text-2xl font-semibold">{t("seller.account.title")}</h1>
        <div class="card space-y-1 p-4">
          <p class="font-medium">{user.name}</p>
          <p class="text-sm text-slate-600">{user.email}</p>
        </div>
        <section class="card space-y-2 p-4" aria-labelledby="language-title">
          <h2 id="language-title" class="text-lg font-semibold">{t("lang.label")}</h2>
          {c.req.query("saved") === "language" && <Alert kind="success">{t("lang.saved")}</Alert>}
          <form method="post" action="/account/language" class="flex flex-wrap items-end gap-2">
            <label class="block text-sm">
              <span class="mb-1 block font-medium">{t("lang.label")}</span>
              <select name="locale" class="input" data-testid="account-locale">
                {LOCALES.map((l) => (
                  <option value={l} lang={l} selected={(user.locale ?? locale) === l}>
                    {LOCALE_NAMES[l]}
                  </option>
                ))}
              </select>
            </label>
            <button class="btn btn-secondary" type="submit">{t("lang.save")}</button>
          </form>
          <p class="text-sm text-slate-600">{t("lang.hint")}</p>
        </section>
        <DoneNotice
          done={c.req.query("done")}
          messages={{ storefront: t("seller.done.storefront") }}
        />
        <section class="card space-y-3 p-4" aria-labelledby="storefront-heading">
          <h2 id="storefront-heading" class="text-lg font-semibold">
            {t("seller.account.storefront")}
          </h2>
          <p class="text-sm text-slate-600">
            {t("seller.account.storefrontLead")}{" "}
            {profile && (
              <a class="text-brand-700 underline" href={`/s/${profile.handle}`}>
                {t("seller.account.viewStorefront")}
              </a>
            )}
          </p>
          {storeError && <Alert kind="error">{storeError}</Alert>}
          <form
            method="post"
            action="/account/storefront"
            enctype="multipart/form-data"
            class="space-y-3"
            data-testid="storefront-form"
          >
            <Field
              name="handle"
              label={t("seller.account.handle")}
              value={profile?.handle ?? ""}
              required
              minLength={3}
            />
            <label class="block">
              <span class="label">{t("seller.account.bio")}</span>
              <textarea class="input" name="bio" rows={3} maxLength={500}>
                {profile?.bio ?? ""}
              </textarea>
            </label>
            <label class="block">
              <span class="label">{t("seller.account.avatar")}</span>
              <input class="input" type="file" name="avatar" accept="image/*" />
            </label>
            {profile?.avatarUrl && (
              <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" name="removeAvatar" value="1" />{" "}
                {t("seller.account.removeAvatar")}
              </label>
            )}
            <button class="btn btn-primary" type="submit">
              {t("seller.account.saveStorefront")}
            </button>
          </form>
        </section>
        <PayoutDetailsSection
          details={payoutDetails && maskPayoutDetails(payoutDetails)}
          error={c.req.query("payoutError")}
          saved={c.req.query("payout") === "saved"}
        />
        <section class="card space-y-2 p-4">
          <h2 class="text-lg font-semibold">{t("seller.account.yourData")}</h2>
          <p class="text-sm text-slate-600">{t("seller.account.yourDataText")}</p>
          <a class="btn btn-secondary" href="/api/account/export" download data-testid="export">
            {t("seller.account.download")}
          </a>
        </section>
        <section class="card space-y-3 border-red-200 p-4">
          <h2 class="text-lg font-semibold text-red-700">{t("seller.account.delete")}</h2>
          <p class="text-sm text-slate-600">{t("seller.account.deleteText")}</p>
          {balance.available > 0 && (
            <Alert kind="info">
              {t("seller.account.available", {
                amount: formatMoneyIn(balance.available, balance.currency, locale),
              })} <a class="underline" href="/sales">{t("seller.account.requestPayout")}</a>
              {t("seller.account.availableAfter")}
            </Alert>
          )}
          {error && <Alert kind="error">{error}</Alert>}
          <form method="post" action="/account/delete" class="space-y-2">
            <Field
              name="password"
              label={t("seller.account.password")}
              type="password"
              autocomplete="current-password"
              required
            />
            <button class="btn bg-red-600 text-white hover:bg-red-700" type="submit">
              {t("seller.account.deleteButton")}
            </button>
          </form>
        </section>
      </div>
    ),
  );
});

app.post("/storefront", async (c) => {
  const user = requireUser(c);
  try {
    const form = await c.req.parseBody();
    const text = (v: unknown) => typeof v === "string" ? v.slice(0, 2000) : "";
    const file = form.avatar instanceof File && form.avatar.size > 0 ? form.avatar : null;
    const avatarUrl = file
      ? `/uploads/${(await saveImageUpload(file, user.id)).id}`
      : form.removeAvatar === "1"
      ? null
      : undefined;
    await saveSellerProfile(user, { handle: text(form.handle), bio: text(form.bio), avatarUrl });
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const why = err.fields ? Object.values(err.fields).join("; ") : err.message;
    return c.redirect(`/account?storeError=${encodeURIComponent(why)}`, 303);
  }
  return c.redirect("/account?done=storefront", 303);
});

app.post("/delete", async (c) => {
  const user = requireUser(c);
  const { password = "" } = await formBody(c);
  try {
    await deleteAccount(user.id, password.slice(0, 200));
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return c.redirect(`/account?error=${encodeURIComponent(err.message)}`, 303);
  }
  clearSessionCookies(c);
  return c.redirect("/", 303);
});

app.post("/payout-details", async (c) => {
  const user = requireUser(c);
  try {
    const input = parseWith(payoutDetailsSchema, payoutDetailsFromForm(await formBody(c)));
    await setPayoutDetails(user.id, input);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const q = encodeURIComponent(describeError(err));
    return c.redirect(`/account?payoutError=${q}#payout-details`, 303);
  }
  return c.redirect("/account?payout=saved#payout-details", 303);
});

// The language setting: stored on the user, and remembered by this browser too (the `lang`
// cookie would otherwise outrank the new setting here).
app.post("/language", async (c) => {
  const user = requireUser(c);
  const { locale = "" } = await formBody(c);
  if (!isLocale(locale)) throw new AppError(422, "validation_failed", "Choose en, vi or th");
  await updateUser(user.id, (u) => ({ ...u, locale }));
  rememberLocale(c, locale);
  return c.redirect("/account?saved=language", 303);
});

export default app;
