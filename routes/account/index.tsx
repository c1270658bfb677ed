// /account: settings with the data rights: download everything (GET /api/account/export) and
// delete the account (a plain form post, so it works without JavaScript).
import { Hono } from "hono";
import { type AppEnv, AppError, formBody } from "../../lib/http/index.ts";
import { clearSessionCookies, requireUser } from "../../lib/http/session.ts";
import { deleteAccount } from "../../lib/account/index.ts";
import { getBalance } from "../../lib/payments/index.ts";
import { formatMoney } from "../../lib/format.ts";
import { page } from "../../components/render.tsx";
import { Alert, Field } from "../../components/Form.tsx";
import { updateUser } from "../../lib/auth/index.ts";
import { isLocale, LOCALE_NAMES, LOCALES, t } from "../../lib/i18n/index.ts";
import { rememberLocale } from "../../lib/i18n/middleware.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const balance = await getBalance(user.id);
  const error = c.req.query("error");
  const locale = c.get("locale");
  return page(
    c,
    { title: "Account", active: "/account" },
    (
      <div class="mx-auto max-w-2xl space-y-6">
        <h1 class="text-2xl font-semibold">Account</h1>
        <div class="card space-y-1 p-4">
          <p class="font-medium">{user.name}</p>
          <p class="text-sm text-slate-600">{user.email}</p>
        </div>
        <section class="card space-y-2 p-4" aria-labelledby="language-title">
          <h2 id="language-title" class="text-lg font-semibold">{t(locale, "lang.label")}</h2>
          {c.req.query("saved") === "language" && (
            <Alert kind="success">{t(locale, "lang.saved")}</Alert>
          )}
          <form method="post" action="/account/language" class="flex flex-wrap items-end gap-2">
            <label class="block text-sm">
              <span class="mb-1 block font-medium">{t(locale, "lang.label")}</span>
              <select name="locale" class="input" data-testid="account-locale">
                {LOCALES.map((l) => (
                  <option value={l} lang={l} selected={(user.locale ?? locale) === l}>
                    {LOCALE_NAMES[l]}
                  </option>
                ))}
              </select>
            </label>
            <button class="btn btn-secondary" type="submit">{t(locale, "lang.save")}</button>
          </form>
          <p class="text-sm text-slate-600">{t(locale, "lang.hint")}</p>
        </section>
        <section class="card space-y-2 p-4">
          <h2 class="text-lg font-semibold">Your data</h2>
          <p class="text-sm text-slate-600">
            One JSON file with your profile, pages and their revisions, leads, listings, orders,
            support conversations and payouts.
          </p>
          <a class="btn btn-secondary" href="/api/account/export" download data-testid="export">
            Download my data
          </a>
        </section>
        <section class="card space-y-3 border-red-200 p-4">
          <h2 class="text-lg font-semibold text-red-700">Delete account</h2>
          <p class="text-sm text-slate-600">
            Your pages, published sites, leads and uploads are deleted at once and you are signed
            out everywhere. Orders stay in the other party's records, under "Deleted user".
          </p>
          {balance.available > 0 && (
            <Alert kind="info">
              You have {formatMoney(balance.available, balance.currency)} available:{" "}
              <a class="underline" href="/sales">request a payout</a> first.
            </Alert>
          )}
          {error && <Alert kind="error">{error}</Alert>}
          <form method="post" action="/account/delete" class="space-y-2">
            <Field
              name="password"
              label="Your password"
              type="password"
              autocomplete="current-password"
              required
            />
            <button class="btn bg-red-600 text-white hover:bg-red-700" type="submit">
              Delete my account
            </button>
          </form>
        </section>
      </div>
    ),
  );
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

export default app;
