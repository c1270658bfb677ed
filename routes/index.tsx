// The home page: what LandingHub is and does, popular templates from the marketplace, how it
// works, pricing. One small island: the product shot's desktop / tablet / phone preview switch.
// Over 400 lines: it is one page of marketing markup, read top to bottom like the page.
import { Hono } from "hono";
import type { ComponentChildren } from "preact";
import { config } from "../lib/config.ts";
import type { AppEnv } from "../lib/http/index.ts";
import type { UserRecord } from "../lib/auth/index.ts";
import { type Listing, searchListings } from "../lib/market/index.ts";
import { PLATFORM_FEE_PERCENT } from "../lib/payments/index.ts";
import { page } from "../components/render.tsx";
import { t } from "../lib/i18n/index.ts";
import { Island } from "../components/Island.tsx";
import { ListingCard } from "../components/ListingCard.tsx";
import DevicePreview from "../islands/DevicePreview.tsx";
import { useT } from "../lib/i18n/context.ts";
import { LanguageSwitcher } from "../components/LanguageSwitcher.tsx";

const app = new Hono<AppEnv>();

const WRAP = "mx-auto max-w-7xl px-4";

function Icon({ d, class: cls = "h-5 w-5" }: { d: string; class?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      class={`shrink-0 fill-none stroke-current ${cls}`}
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={d} />
    </svg>
  );
}

const CHECK = "M5 13l4 4L19 7";

function SectionHead(
  props: { eyebrow: string; title: string; children?: ComponentChildren; id?: string },
) {
  return (
    <div class="mx-auto max-w-2xl text-center">
      <p class="text-sm font-semibold text-brand-600">{props.eyebrow}</p>
      <h2 id={props.id} class="mt-2 text-3xl font-bold tracking-tight text-balance md:text-4xl">
        {props.title}
      </h2>
      {props.children && <p class="mt-4 text-lg text-slate-600">{props.children}</p>}
    </div>
  );
}

function Hero({ user, domain }: { user: UserRecord | null; domain: string }) {
  const keep = 100 - PLATFORM_FEE_PERCENT;
  const t = useT();
  return (
    <section class="overflow-hidden border-b border-slate-200 bg-gradient-to-b from-white via-white to-brand-50/60">
      <div class={`${WRAP} grid items-center gap-12 py-12 md:py-16 lg:grid-cols-2 lg:py-20`}>
        <div class="min-w-0 space-y-6">
          {user
            ? (
              <p class="inline-flex items-center gap-2 rounded-full bg-brand-50 px-3 py-1 text-sm font-medium text-brand-700 ring-1 ring-brand-100">
                {t("home.welcome", { name: user.name })}
              </p>
            )
            : (
              <p class="inline-flex items-center gap-2 rounded-full bg-brand-50 px-3 py-1 text-sm font-medium text-brand-700 ring-1 ring-brand-100">
                {t("home.badge")}
              </p>
            )}
          <h1 class="text-4xl font-extrabold tracking-tight text-balance text-slate-900 sm:text-5xl">
            {t("home.h1a")} <span class="text-brand-600">{t("home.h1b")}</span>
          </h1>
          <p class="max-w-xl text-lg text-slate-600">
            {t("home.lead", { keep })}
          </p>
          <div class="flex flex-col gap-3 sm:flex-row">
            {user
              ? (
                <>
                  <a class="btn btn-primary px-5 py-3 text-base" href="/dashboard">
                    {t("home.toDashboard")}
                  </a>
                  <div class="grid grid-cols-2 gap-3 sm:flex">
                    <a class="btn btn-secondary px-4 py-3 text-base sm:px-5" href="/pages#new">
                      {t("home.createPage")}
                    </a>
                    <a class="btn btn-secondary px-4 py-3 text-base sm:px-5" href="/marketplace">
                      {t("home.templates")}
                    </a>
                  </div>
                </>
              )
              : (
                <>
                  <a class="btn btn-primary px-5 py-3 text-base" href="/auth/register">
                    {t("home.startFree")}
                  </a>
                  <a class="btn btn-secondary px-5 py-3 text-base" href="/marketplace">
                    {t("home.browse")}
                  </a>
                </>
              )}
          </div>
          <ul class="flex flex-wrap gap-x-5 gap-y-2 text-sm text-slate-600">
            {[t("home.point1"), t("home.point2"), t("home.point3", { keep })]
              .map((t) => (
                <li class="flex items-center gap-1.5">
                  <Icon d={CHECK} class="h-4 w-4 text-emerald-600" />
                  {t}
                </li>
              ))}
          </ul>
        </div>
        <div class="min-w-0">
          <Island c={DevicePreview} props={{ domain }} />
          <p class="mt-3 text-center text-xs text-slate-500">
            {t("home.previewNote")}
          </p>
        </div>
      </div>
    </section>
  );
}

const FEATURES = (domain: string) => [
  {
    title: "A block editor, not a blank canvas",
    body:
      "Hero, features, pricing, testimonials, FAQ and forms. Drag blocks into place, edit text where it sits, undo anything. Every change autosaves, with revisions to go back to.",
    icon: "M4 5h7v6H4zM13 5h7v3h-7zM13 10h7v9h-7zM4 13h7v6H4z",
  },
  {
    title: "Your own subdomain",
    body:
      `Publish to your-brand.${domain} in one click. Pages are rendered on the server: fast, with SEO titles, descriptions and share images.`,
    icon:
      "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM3.6 9h16.8M3.6 15h16.8M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18",
  },
  {
    title: "Lead capture built in",
    body:
      "Form blocks collect sign-ups with spam protection. Follow up leads as new, contacted, won or lost, and export them as CSV.",
    icon: "M4 6h16v12H4zM4 7l8 6 8-6",
  },
  {
    title: "A template marketplace",
    body:
      "Buy a proven page and get an editable copy in seconds, or list yours: buyers pay through Stripe Checkout and you are paid out from your balance.",
    icon: "M3 9l1.5-5h15L21 9M3 9v11h18V9M3 9h18M9 13h6",
  },
  {
    title: "AI that helps",
    body:
      "Describe your product in a sentence and get a first draft to edit. Support questions are answered right away, with a person one message away.",
    icon:
      "M12 3l1.9 5.1L19 10l-5.1 1.9L12 17l-1.9-5.1L5 10l5.1-1.9zM19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z",
  },
  {
    title: "Numbers that update live",
    body:
      "Views, leads and sales for every page over the last 30 days, on a dashboard that updates the moment something happens.",
    icon: "M4 20V10M10 20V4M16 20v-7M22 20H2",
  },
];

function Features({ domain }: { domain: string }) {
  const t = useT();
  return (
    <section class={`${WRAP} py-12 md:py-24`} aria-labelledby="features">
      <SectionHead
        id="features"
        eyebrow={t("home.featuresEyebrow")}
        title={t("home.featuresTitle")}
      >
        {t("home.featuresLead")}
      </SectionHead>
      <div class="mt-10 grid gap-4 sm:grid-cols-2 sm:gap-5 md:mt-12 lg:grid-cols-3">
        {FEATURES(domain).map((f) => (
          <div class="card flex gap-4 p-5 sm:block sm:p-6" data-testid="feature">
            <span class="flex h-10 w-10 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600">
              <Icon d={f.icon} />
            </span>
            <div>
              <h3 class="font-semibold text-slate-900 sm:mt-4">{f.title}</h3>
              <p class="mt-1.5 text-sm leading-relaxed text-slate-600 sm:mt-2">{f.body}</p>
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}

function Showcase({ listings, user }: { listings: Listing[]; user: UserRecord | null }) {
  const t = useT();
  return (
    <section class="border-y border-slate-200 bg-white py-12 md:py-24" aria-labelledby="showcase">
      <div class={WRAP}>
        <div class="flex flex-col justify-between gap-4 sm:flex-row sm:items-end">
          <div class="max-w-2xl">
            <p class="text-sm font-semibold text-brand-600">{t("home.showcaseEyebrow")}</p>
            <h2 id="showcase" class="mt-2 text-3xl font-bold tracking-tight md:text-4xl">
              {t("home.showcaseTitle")}
            </h2>
            <p class="mt-3 text-lg text-slate-600">
              {t("home.showcaseLead")}
            </p>
          </div>
          <a
            class="shrink-0 font-medium text-brand-600 hover:text-brand-700"
            href="/marketplace?sort=popular"
          >
            {t("home.showcaseAll")}
          </a>
        </div>
        {listings.length
          ? (
            // On a phone the cards make a row that scrolls sideways inside itself (with the next
            // card peeking in); from sm on, a grid.
            <div
              class={`-mx-4 mt-8 flex snap-x snap-mandatory scroll-px-4 gap-4 overflow-x-auto px-4 pb-2 sm:mx-0 sm:mt-10 sm:grid sm:snap-none sm:gap-6 sm:overflow-visible sm:px-0 sm:pb-0 sm:grid-cols-2 ${
                listings.length === 4 ? "lg:grid-cols-4" : "lg:grid-cols-3"
              }`}
              data-testid="showcase"
            >
              {listings.map((l) => (
                <div key={l.id} class="grid w-[80%] shrink-0 snap-start sm:w-auto">
                  <ListingCard listing={l} />
                </div>
              ))}
            </div>
          )
          : (
            <div
              class="mt-10 rounded-xl border border-dashed border-slate-300 p-10 text-center"
              data-testid="showcase-empty"
            >
              <p class="font-semibold">The marketplace is just opening</p>
              <p class="mt-1 text-slate-600">
                Publish a page and list it as a template: the first sellers get the front row.
              </p>
              <a class="btn btn-primary mt-5" href={user ? "/pages" : "/auth/register"}>
                {user ? "List one of your pages" : "Start building"}
              </a>
            </div>
          )}
      </div>
    </section>
  );
}

function HowItWorks() {
  const t = useT();
  const steps = [
    { title: t("home.step1Title"), body: t("home.step1Body") },
    { title: t("home.step2Title"), body: t("home.step2Body") },
    { title: t("home.step3Title"), body: t("home.step3Body") },
  ];
  return (
    <section class={`${WRAP} py-12 md:py-24`} aria-labelledby="how">
      <SectionHead id="how" eyebrow={t("home.howEyebrow")} title={t("home.howTitle")} />
      <ol class="mt-10 grid gap-4 md:mt-12 md:grid-cols-3 md:gap-6">
        {steps.map((s, i) => (
          <li class="flex gap-4 rounded-xl bg-white p-5 ring-1 ring-slate-200 md:block md:p-6">
            <span class="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-brand-600 font-bold text-white">
              {i + 1}
            </span>
            <div>
              <h3 class="font-semibold md:mt-4">{s.title}</h3>
              <p class="mt-1.5 text-sm leading-relaxed text-slate-600 md:mt-2">{s.body}</p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Plan(
  props: {
    name: string;
    price: string;
    per: string;
    blurb: string;
    points: string[];
    cta: { href: string; label: string };
    featured?: boolean;
  },
) {
  return (
    <div
      class={`flex flex-col rounded-2xl p-6 sm:p-8 ${
        props.featured
          ? "bg-slate-900 text-white shadow-xl"
          : "bg-white ring-1 ring-slate-200 shadow-sm"
      }`}
      data-testid="plan"
    >
      <h3 class="text-lg font-semibold">{props.name}</h3>
      <p class="mt-4 flex items-baseline gap-2">
        <span class="text-4xl font-extrabold tracking-tight">{props.price}</span>
        <span class={props.featured ? "text-slate-300" : "text-slate-500"}>{props.per}</span>
      </p>
      <p class={`mt-3 ${props.featured ? "text-slate-300" : "text-slate-600"}`}>{props.blurb}</p>
      <ul class="mt-6 flex-1 space-y-3 text-sm">
        {props.points.map((p) => (
          <li class="flex gap-2">
            <Icon
              d={CHECK}
              class={`h-5 w-5 ${props.featured ? "text-brand-100" : "text-brand-600"}`}
            />
            {p}
          </li>
        ))}
      </ul>
      <a
        class={`btn mt-8 py-2.5 ${
          props.featured ? "bg-white text-slate-900 hover:bg-slate-100" : "btn-primary"
        }`}
        href={props.cta.href}
      >
        {props.cta.label}
      </a>
    </div>
  );
}

function Pricing({ user, refundDays }: { user: UserRecord | null; refundDays: number }) {
  const keep = 100 - PLATFORM_FEE_PERCENT;
  const t = useT();
  return (
    <section class="border-t border-slate-200 bg-white py-12 md:py-24" aria-labelledby="pricing">
      <div class={WRAP}>
        <SectionHead id="pricing" eyebrow={t("home.pricing")} title={t("home.pricingTitle")}>
          {t("home.pricingLead", { fee: PLATFORM_FEE_PERCENT })}
        </SectionHead>
        <div class="mx-auto mt-10 grid max-w-4xl gap-6 md:mt-12 md:grid-cols-2">
          <Plan
            name="Build & publish"
            price="$0"
            per="forever"
            blurb="Everything you need to launch and grow a landing page."
            points={[
              "Unlimited pages, drafts and revisions",
              "Publish on your own subdomain",
              "Lead forms with spam protection and CSV export",
              "AI page drafts and live analytics",
            ]}
            cta={user
              ? { href: "/pages#new", label: "Create a page" }
              : { href: "/auth/register", label: "Get started free" }}
          />
          <Plan
            featured
            name="Sell templates"
            price={`${PLATFORM_FEE_PERCENT}%`}
            per="per sale"
            blurb={`You set the price and keep ${keep}% of every sale. No listing fees.`}
            points={[
              "Buyers pay securely with Stripe Checkout",
              "Each buyer gets an editable copy instantly",
              `Earnings released after the ${refundDays}-day refund window`,
              "Payouts from your balance whenever you like",
            ]}
            cta={user
              ? { href: "/sales", label: "Start selling" }
              : { href: "/auth/register", label: "Become a seller" }}
          />
        </div>
      </div>
    </section>
  );
}

function Closing({ user }: { user: UserRecord | null }) {
  const t = useT();
  return (
    <section class={`${WRAP} py-16 md:py-20`}>
      <div class="rounded-3xl bg-gradient-to-br from-brand-600 to-brand-700 px-6 py-12 text-center text-white md:px-12">
        <h2 class="text-3xl font-bold tracking-tight text-balance md:text-4xl">
          {t("home.closingTitle")}
        </h2>
        <p class="mx-auto mt-3 max-w-xl text-brand-100">
          {t("home.closingLead")}
        </p>
        <div class="mt-8 flex flex-col justify-center gap-3 sm:flex-row">
          <a
            class="btn bg-white px-5 py-3 text-base text-brand-700 hover:bg-brand-50"
            href={user ? "/dashboard" : "/auth/register"}
          >
            {user ? t("home.toDashboard") : t("home.startFree")}
          </a>
          <a
            class="btn border border-white/40 px-5 py-3 text-base text-white hover:bg-white/10"
            href="/marketplace"
          >
            {t("home.browse")}
          </a>
        </div>
      </div>
    </section>
  );
}

function Footer({ user }: { user: UserRecord | null }) {
  const t = useT();
  const columns: [string, [string, string][]][] = [
    [t("home.colProduct"), [[t("home.features"), "#features"], [
      t("home.templates"),
      "/marketplace",
    ], [t("home.pricing"), "#pricing"]]],
    [
      t("home.colAccount"),
      user
        ? [[t("nav.dashboard"), "/dashboard"], [t("home.yourPages"), "/pages"], [
          t("nav.orders"),
          "/orders",
        ]]
        : [[t("auth.createAccount"), "/auth/register"], [t("nav.signIn"), "/auth/login"], [
          t("home.resetPassword"),
          "/auth/reset",
        ]],
    ],
    [
      t("home.colSellers"),
      [[t("home.salesPayouts"), "/sales"], [t("nav.support"), "/support"], [
        t("home.sellTemplate"),
        "/pages",
      ]],
    ],
  ];
  return (
    // Signed in, the floating chat button sits at the bottom right: the footer makes room for it.
    <footer class={`border-t border-slate-200 bg-white ${user ? "pb-20" : ""}`}>
      <div
        class={`${WRAP} grid grid-cols-3 gap-x-4 gap-y-8 py-10 md:grid-cols-[2fr_1fr_1fr_1fr] md:gap-10 md:py-12`}
      >
        <div class="col-span-3 space-y-3 md:col-span-1">
          <a href="/" class="flex items-center gap-2 font-bold text-brand-700">
            <span class="inline-block h-6 w-6 rounded-md bg-brand-600"></span>LandingHub
          </a>
          <p class="max-w-xs text-sm text-slate-600">
            {t("home.footerBlurb")}
          </p>
        </div>
        {columns.map(([title, links]) => (
          <nav aria-label={title}>
            <p class="text-sm font-semibold">{title}</p>
            <ul class="mt-3 space-y-2 text-sm">
              {links.map(([label, href]) => (
                <li>
                  <a class="text-slate-600 hover:text-brand-700" href={href}>{label}</a>
                </li>
              ))}
            </ul>
          </nav>
        ))}
      </div>
      <div class="border-t border-slate-100">
        <div
          class={`${WRAP} flex flex-wrap items-center justify-between gap-3 py-5 text-xs text-slate-500`}
        >
          <p>{t("footer.rights", { year: String(new Date().getFullYear()) })}</p>
          <LanguageSwitcher />
        </div>
      </div>
    </footer>
  );
}

app.get("/", async (c) => {
  const user = c.get("user");
  const cfg = config();
  const { items } = await searchListings({ sort: "popular", limit: "6" });
  return page(
    c,
    {
      title: t(c.get("locale"), "home.title"),
      active: "/",
      seo: {
        path: "/",
        description: "Build a landing page from blocks, publish it to your own subdomain in one " +
          "click, capture leads, and buy or sell templates in the LandingHub marketplace.",
      },
    },
    (
      <>
        <Hero user={user} domain={cfg.sitesDomain} />
        <Features domain={cfg.sitesDomain} />
        <Showcase listings={items} user={user} />
        <HowItWorks />
        <Pricing user={user} refundDays={cfg.refundWindowDays} />
        <Closing user={user} />
        <Footer user={user} />
      </>
    ),
  );
});

export default app;
