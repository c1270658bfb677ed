// One of the user's pages on the dashboard: thumbnail, status, figures, actions (no JS needed).
import type { PageView } from "../lib/pages/index.ts";
import { useT } from "../lib/i18n/context.ts";

function Thumbnail({ page }: { page: PageView }) {
  if (page.thumbnailUrl) {
    return (
      <img
        src={page.thumbnailUrl}
        alt=""
        class="h-40 w-full rounded-t-xl object-cover object-top"
        loading="lazy"
      />
    );
  }
  const hero = page.content.blocks.find((b) => b.type === "hero");
  const headline = hero?.type === "hero" ? hero.props.headline : page.name;
  return (
    <div
      class="flex h-40 w-full items-center justify-center rounded-t-xl px-6 text-center text-lg font-bold text-white"
      style={`background: linear-gradient(135deg, ${page.content.theme.primaryColor}, #0f172a)`}
      aria-hidden="true"
    >
      {headline}
    </div>
  );
}

export function PageCard({ page }: { page: PageView }) {
  const published = page.status === "published";
  const t = useT();
  return (
    <article class="card flex flex-col" data-testid="page-card" data-page-id={page.id}>
      {/* The same link as the name below: one tab stop and one announcement per card. */}
      <a href={`/pages/${page.id}/edit`} aria-hidden="true" tabindex={-1}>
        <Thumbnail page={page} />
      </a>
      <div class="flex flex-1 flex-col gap-3 p-4">
        <div class="flex items-start justify-between gap-2">
          <div>
            <h3 class="font-semibold">
              <a href={`/pages/${page.id}/edit`} class="hover:underline">{page.name}</a>
            </h3>
            {published && page.url
              ? (
                <a
                  href={page.url}
                  class="text-sm text-brand-600 hover:underline"
                  target="_blank"
                  rel="noopener"
                >
                  {page.url}
                </a>
              )
              : <p class="text-sm text-slate-500">/{page.slug}</p>}
          </div>
          <span
            class={`badge ${
              published ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700"
            }`}
          >
            {published ? t("seller.card.published") : t("seller.card.draft")}
          </span>
        </div>
        <dl class="grid grid-cols-2 gap-2 text-sm">
          <div>
            <dt class="text-slate-500">{t("seller.common.views")}</dt>
            <dd class="font-semibold" data-testid="views">{page.viewCount}</dd>
          </div>
          <div>
            <dt class="text-slate-500">{t("seller.common.leads")}</dt>
            <dd class="font-semibold">
              <a href={`/pages/${page.id}/leads`} class="hover:underline">{page.leadCount}</a>
            </dd>
          </div>
        </dl>
        <div class="mt-auto flex flex-wrap gap-2 text-sm">
          <a class="btn btn-primary !px-3 !py-1" href={`/pages/${page.id}/edit`}>
            {t("seller.card.edit")}
          </a>
          <a
            class="btn btn-secondary !px-3 !py-1"
            href={`/pages/${page.id}/preview`}
            target="_blank"
          >
            {t("seller.card.preview")}
          </a>
          <a class="btn btn-secondary !px-3 !py-1" href={`/pages/${page.id}/experiments`}>
            {t("seller.card.abTests")}
          </a>
          {published
            ? (
              // Two steps without script: unpublishing takes the live page down at once.
              <details class="relative">
                <summary class="btn btn-secondary !px-3 !py-1 cursor-pointer list-none">
                  {t("seller.card.unpublish")}
                </summary>
                <div class="absolute left-0 z-10 mt-2 w-56 rounded-lg border border-slate-200 bg-white p-3 shadow-lg">
                  <p class="mb-2 text-sm">
                    {t("seller.card.unpublishConfirm", { name: page.name })}
                  </p>
                  <form method="post" action={`/pages/${page.id}/unpublish`}>
                    <button class="btn btn-danger w-full !py-1" type="submit">
                      {t("seller.card.unpublishYes")}
                    </button>
                  </form>
                </div>
              </details>
            )
            : (
              <form method="post" action={`/pages/${page.id}/publish`}>
                <button class="btn btn-secondary !px-3 !py-1" type="submit">
                  {t("seller.card.publish")}
                </button>
              </form>
            )}
          <form method="post" action={`/pages/${page.id}/duplicate`}>
            <button class="btn btn-secondary !px-3 !py-1" type="submit">
              {t("seller.card.duplicate")}
            </button>
          </form>
          <details class="relative">
            <summary class="btn btn-secondary !px-3 !py-1 cursor-pointer list-none text-red-700">
              {t("seller.card.delete")}
            </summary>
            <div class="absolute right-0 z-10 mt-2 w-56 rounded-lg border border-slate-200 bg-white p-3 shadow-lg">
              <p class="mb-2 text-sm">{t("seller.card.deleteConfirm", { name: page.name })}</p>
              <form method="post" action={`/pages/${page.id}/delete`}>
                <button class="btn btn-danger w-full !py-1" type="submit">
                  {t("seller.card.deleteYes")}
                </button>
              </form>
            </div>
          </details>
        </div>
      </div>
    </article>
  );
}
