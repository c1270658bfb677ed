// The app shell: header with navigation and the signed-in user, the email-confirmation banner,
// then the page. On phones the navigation folds into a "Menu" disclosure (<details>, no script).
import type { ComponentChildren } from "preact";
import type { UserRecord } from "../lib/auth/index.ts";
import { Island } from "./Island.tsx";
import ChatWidget from "../islands/ChatWidget.tsx";
import GuestChat from "../islands/GuestChat.tsx";
import NotificationBell from "../islands/NotificationBell.tsx";
import type { MessageKey } from "../lib/i18n/index.ts";
import { useT } from "../lib/i18n/context.ts";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";

export interface LayoutProps {
  title: string;
  user: UserRecord | null;
  active?: string;
  children: ComponentChildren;
}

const NAV: { href: string; label: MessageKey; auth: boolean }[] = [
  { href: "/dashboard", label: "nav.dashboard", auth: true },
  { href: "/pages", label: "nav.pages", auth: true },
  { href: "/marketplace", label: "nav.marketplace", auth: false },
  { href: "/orders", label: "nav.orders", auth: true },
  { href: "/sales", label: "nav.sales", auth: true },
  { href: "/campaigns", label: "nav.campaigns", auth: true },
  { href: "/conversations", label: "nav.conversations", auth: true },
  { href: "/support", label: "nav.support", auth: true },
];

// Signed in, the row holds up to seven links, the bell and the account: it needs lg. Signed out,
// one link and two buttons fit from md. Full class names, so Tailwind finds them.
const WIDE = {
  in: { row: "hidden lg:flex", only: "lg:hidden", show: "hidden lg:block" },
  out: { row: "hidden md:flex", only: "md:hidden", show: "hidden md:inline-flex" },
};

function Logo() {
  return (
    <a href="/" class="flex shrink-0 items-center gap-2 font-bold text-brand-700">
      <span class="inline-block h-6 w-6 rounded-md bg-brand-600"></span>LandingHub
    </a>
  );
}

function MenuIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      class="h-5 w-5 fill-none stroke-current"
      stroke-width="2"
      stroke-linecap="round"
    >
      <path class="group-open:hidden" d="M4 7h16M4 12h16M4 17h16" />
      <path class="hidden group-open:block" d="M6 6l12 12M18 6 6 18" />
    </svg>
  );
}

export function Layout({ user, active, children }: LayoutProps) {
  const t = useT();
  const items = [
    ...NAV.filter((n) => !n.auth || user),
    ...(user?.role === "admin" ? [{ href: "/admin", label: "nav.admin" as const }] : []),
  ].map((n) => ({ href: n.href, label: t(n.label) }));
  const wide = user ? WIDE.in : WIDE.out;
  const chat = !!user && !active?.startsWith("/support") && !active?.startsWith("/admin");
  // Visitors get the guest chat on the public pages only (home, marketplace and its listings).
  const guestChat = !user && (active === "/" || active === "/marketplace");
  // The home page lays out its own full-width bands; every other page sits in the column.
  const fullBleed = active === "/";
  const current = (href: string) => active === href ? "page" : undefined;
  return (
    <div class="min-h-screen bg-slate-50 text-slate-900">
      <a
        href="#main"
        class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-brand-700"
      >
        {t("nav.skip")}
      </a>
      <header class="relative z-40 border-b border-slate-200 bg-white">
        <div class="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 md:gap-6">
          <Logo />
          <nav
            class={`${wide.row} min-w-0 flex-1 items-center gap-1 text-sm`}
            aria-label={t("nav.main")}
          >
            {items.map((n) => (
              <a
                href={n.href}
                class={`whitespace-nowrap rounded-md px-3 py-1.5 ${
                  active === n.href
                    ? "bg-brand-50 font-medium text-brand-700"
                    : "text-slate-600 hover:bg-slate-100"
                }`}
                aria-current={current(n.href)}
              >
                {n.label}
              </a>
            ))}
          </nav>
          <div class="ml-auto flex items-center gap-2 text-sm">
            {user
              ? (
                <>
                  <Island c={NotificationBell} props={{}} />
                  <span
                    class="hidden max-w-40 truncate text-slate-600 xl:inline"
                    data-testid="signed-in-user"
                  >
                    {user.name}
                  </span>
                  <form method="post" action="/auth/logout" class={wide.show}>
                    <button class="btn btn-secondary !px-3 !py-1" type="submit">
                      {t("nav.signOut")}
                    </button>
                  </form>
                </>
              )
              : (
                <>
                  <a href="/auth/login" class={`btn btn-secondary !py-1 ${wide.show}`}>
                    {t("nav.signIn")}
                  </a>
                  <a href="/auth/register" class="btn btn-primary whitespace-nowrap !px-3 !py-1.5">
                    {t("nav.getStarted")}
                  </a>
                </>
              )}
            <details class={`group ${wide.only}`} data-testid="mobile-menu">
              <summary class="btn btn-secondary cursor-pointer list-none !px-3 !py-1.5 [&::-webkit-details-marker]:hidden">
                <MenuIcon />
                <span>{t("nav.menu")}</span>
              </summary>
              <div class="absolute inset-x-0 top-full border-b border-slate-200 bg-white shadow-lg">
                <nav
                  class="mx-auto grid max-w-7xl gap-1 px-4 py-3 text-base"
                  aria-label={t("nav.mainMenu")}
                >
                  {items.map((n) => (
                    <a
                      href={n.href}
                      class={`rounded-lg px-3 py-2.5 ${
                        active === n.href
                          ? "bg-brand-50 font-medium text-brand-700"
                          : "text-slate-700 hover:bg-slate-100"
                      }`}
                      aria-current={current(n.href)}
                    >
                      {n.label}
                    </a>
                  ))}
                  {user
                    ? (
                      <div class="mt-2 flex items-center justify-between gap-3 border-t border-slate-200 px-3 pt-3">
                        <span class="min-w-0 text-sm text-slate-600">
                          {t("nav.signedInAs")}{" "}
                          <span class="block truncate font-medium text-slate-900">
                            {user.email}
                          </span>
                        </span>
                        <form method="post" action="/auth/logout">
                          <button class="btn btn-secondary" type="submit">
                            {t("nav.signOut")}
                          </button>
                        </form>
                      </div>
                    )
                    : (
                      <a
                        href="/auth/login"
                        class="rounded-lg px-3 py-2.5 text-slate-700 hover:bg-slate-100"
                      >
                        {t("nav.signIn")}
                      </a>
                    )}
                </nav>
              </div>
            </details>
          </div>
        </div>
      </header>
      {user && !user.emailVerified && !active?.startsWith("/auth/verify") && (
        <div
          class="border-b border-amber-200 bg-amber-50 text-amber-900"
          role="status"
          data-testid="verify-banner"
        >
          <div class="mx-auto flex max-w-7xl items-center justify-between gap-3 px-4 py-2 text-sm sm:justify-start">
            <p class="min-w-0">
              <strong class="font-semibold">{t("verify.banner")}</strong>
              {t("verify.sentTo")}
              <span class="break-words font-medium">{user.email}</span>.
            </p>
            <form method="post" action="/auth/verify/resend" class="shrink-0">
              <button
                class="rounded-md border border-amber-300 bg-white px-2.5 py-1 font-medium text-amber-900 hover:bg-amber-100"
                type="submit"
              >
                {t("verify.resend")}
              </button>
            </form>
          </div>
        </div>
      )}
      {
        /* The floating chat button sits over the bottom right: pages end above it (the home
          page's footer makes that room itself). */
      }
      <main
        id="main"
        tabIndex={-1}
        class={fullBleed
          ? ""
          : `mx-auto max-w-7xl px-4 pt-8 ${chat || guestChat ? "pb-28" : "pb-8"}`}
      >
        {children}
      </main>
      {!fullBleed && (
        <footer class={`border-t border-slate-200 bg-white ${chat ? "pb-20" : ""}`}>
          <div class="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-4 text-xs text-slate-500">
            <LanguageSwitcher />
            <p>{t("footer.rights", { year: String(new Date().getFullYear()) })}</p>
          </div>
        </footer>
      )}
      {chat && <Island c={ChatWidget} props={{}} />}
      {guestChat && <Island c={GuestChat} props={{}} hydrate="interaction" />}
    </div>
  );
}
