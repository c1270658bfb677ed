// /s/:handle: a seller's storefront (public): avatar, name, bio, rating, and their listings on
// sale, paged by KV cursor (?cursor=). An unknown handle, or a suspended seller, is a 404.
import { Hono } from "hono";
import { ListingCard, Stars } from "../../components/ListingCard.tsx";
import { page } from "../../components/render.tsx";
import { type AppEnv, AppError } from "../../lib/http/index.ts";
import { getStorefront } from "../../lib/market/index.ts";
import { publicRoute } from "../../lib/http/session.ts";
import { formatDateIn, translator } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

app.get("/:handle", publicRoute, async (c) => {
  const handle = c.req.param("handle");
  const cursor = c.req.query("cursor")?.slice(0, 2000) || null;
  // A cursor typed by hand starts again at the first page (the page forgives, the API does not).
  const front = await getStorefront(handle, { limit: 24, cursor }).catch((err) => {
    if (err instanceof AppError && err.status === 400) return getStorefront(handle, { limit: 24 });
    throw err;
  });
  const { seller, listings } = front;
  const locale = c.get("locale");
  const t = translator(locale);
  const description = seller.bio
    ? seller.bio.slice(0, 200)
    : t("market.store.seo", { name: seller.name });
  return page(
    c,
    {
      title: `${seller.name} (@${seller.handle})`,
      active: "/marketplace",
      seo: {
        path: `/s/${seller.handle}`,
        description,
        image: seller.avatarUrl,
        type: "profile",
      },
    },
    (
      <div class="space-y-8" data-testid="storefront">
        <section class="flex flex-wrap items-center gap-5">
          {seller.avatarUrl
            ? (
              <img
                src={seller.avatarUrl}
                alt=""
                class="h-20 w-20 rounded-full object-cover"
                width={80}
                height={80}
              />
            )
            : (
              <span
                class="flex h-20 w-20 items-center justify-center rounded-full bg-brand-700 text-3xl font-bold text-white"
                aria-hidden="true"
              >
                {seller.name.charAt(0).toUpperCase()}
              </span>
            )}
          <div class="min-w-0 flex-1 space-y-1">
            <h1 class="text-2xl font-semibold">{seller.name}</h1>
            <p class="text-sm text-slate-600">
              @{seller.handle} ·{" "}
              {t("market.store.since", { date: formatDateIn(seller.memberSince, locale) })}
            </p>
            <Stars rating={seller.rating} count={seller.reviewCount} />
          </div>
        </section>
        {seller.bio && (
          <p class="max-w-2xl whitespace-pre-line text-slate-700" data-testid="bio">{seller.bio}</p>
        )}
        <section class="space-y-4" aria-labelledby="templates-heading">
          <h2 id="templates-heading" class="text-lg font-semibold">
            {t("market.store.templates")}
          </h2>
          {listings.items.length === 0
            ? <p class="text-slate-600">{t("market.store.empty")}</p>
            : (
              <div class="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
                {listings.items.map((l) => <ListingCard key={l.id} listing={l} />)}
              </div>
            )}
          {listings.cursor && (
            <a
              class="btn btn-secondary"
              href={`/s/${seller.handle}?cursor=${encodeURIComponent(listings.cursor)}`}
            >
              {t("market.store.more")}
            </a>
          )}
        </section>
      </div>
    ),
  );
});

export default app;
