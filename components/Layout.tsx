// The app shell: header with navigation and the signed-in user, then the page.
import type { ComponentChildren } from "preact";
import type { UserRecord } from "../lib/auth.ts";
import { Island } from "./Island.tsx";
import ChatWidget from "../islands/ChatWidget.tsx";
import NotificationBell from "../islands/NotificationBell.tsx";

export interface LayoutProps {
  title: string;
  user: UserRecord | null;
  active?: string;
  children: ComponentChildren;
}

const NAV = [
  { href: "/dashboard", label: "Dashboard", auth: true },
  { href: "/pages", label: "Pages", auth: true },
  { href: "/marketplace", label: "Marketplace", auth: false },
  { href: "/orders", label: "Orders", auth: true },
  { href: "/sales", label: "Sales", auth: true },
  { href: "/support", label: "Support", auth: true },
];

export function Layout({ user, active, children }: LayoutProps) {
  const items = [
    ...NAV.filter((n) => !n.auth || user),
    ...(user?.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  return (
    <div class="min-h-screen bg-slate-50 text-slate-900">
      <header class="border-b border-slate-200 bg-white">
        {/* On a phone the navigation gets a row of its own that scrolls sideways. */}
        <div class="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-1 px-4 py-2 md:h-14 md:flex-nowrap md:py-0">
          <a href="/" class="flex items-center gap-2 font-bold text-brand-700">
            <span class="inline-block h-6 w-6 rounded-md bg-brand-600">
            </span>LandingHub
          </a>
          <nav
            class="order-last -mx-4 flex w-[calc(100%+2rem)] items-center gap-1 overflow-x-auto whitespace-nowrap px-4 text-sm md:order-none md:mx-0 md:w-auto md:flex-1 md:px-0"
            aria-label="Main"
          >
            {items.map((n) => (
              <a
                href={n.href}
                class={`rounded-md px-3 py-1.5 ${
                  active === n.href
                    ? "bg-brand-50 font-medium text-brand-700"
                    : "text-slate-600 hover:bg-slate-100"
                }`}
                aria-current={active === n.href ? "page" : undefined}
              >
                {n.label}
              </a>
            ))}
          </nav>
          {user
            ? (
              <div class="flex items-center gap-3 text-sm">
                <Island c={NotificationBell} props={{}} />
                <span class="hidden text-slate-600 sm:inline" data-testid="signed-in-user">
                  {user.name}
                </span>
                <form method="post" action="/auth/logout">
                  <button class="btn btn-secondary !px-3 !py-1" type="submit">
                    Sign out
                  </button>
                </form>
              </div>
            )
            : (
              <div class="flex items-center gap-2 text-sm">
                <a href="/auth/login" class="btn btn-secondary !py-1">
                  Sign in
                </a>
                <a href="/auth/register" class="btn btn-primary !py-1">
                  Get started
                </a>
              </div>
            )}
        </div>
      </header>
      <main class="mx-auto max-w-7xl px-4 py-8">{children}</main>
      {user && !active?.startsWith("/support") && !active?.startsWith("/admin") && (
        <Island c={ChatWidget} props={{}} />
      )}
    </div>
  );
}
