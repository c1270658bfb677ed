// The one table of the app's routes: every router, the URL prefix it is mounted at and the guard
// every route in it passes first. main.ts mounts from it; tests/routes_test.ts walks the mounted
// app and fails for any route without a guard, so a new route is signed-in, admin or explicitly
// public, never public by accident. A folder's guard lives in its _middleware.ts; a router whose
// routes differ (the marketplace: browsing is public, selling is not) is "per-route" and puts
// `publicRoute`, `signedIn` or `adminOnly` on each of its routes.
// The published-site app (routes/sites/) is separate: main.ts sends it the sites' hosts.
import type { Hono, MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/http/index.ts";
import { adminOnly, publicRoute, signedIn } from "../lib/http/session.ts";

import home from "./index.tsx";
import authPages from "./auth/index.tsx";
import authGuard from "./auth/_middleware.ts";
import dashboard from "./dashboard.tsx";
import pagesUi from "./pages/index.tsx";
import pageDomainsUi from "./pages/domains.tsx";
import pagesGuard from "./pages/_middleware.ts";
import pagesIntegrationsUi from "./pages/integrations.tsx";
import pageAnalyticsUi from "./pages/analytics.tsx";
import pagesExperimentsUi from "./pages/experiments.tsx";
import marketplaceUi from "./marketplace/index.tsx";
import checkout from "./checkout/index.tsx";
import checkoutVnpay from "./checkout/vnpay.tsx";
import checkoutMomo from "./checkout/momo.tsx";
import checkoutCart from "./checkout/cart.tsx";
import orders from "./orders.tsx";
import sales from "./sales.tsx";
import support from "./support/index.tsx";
import conversations from "./conversations/index.tsx";
import conversationsGuard from "./conversations/_middleware.ts";
import supportGuard from "./support/_middleware.ts";
import uploadsFiles from "./uploads.ts";
import adminHome from "./admin/index.tsx";
import adminUsers from "./admin/users.tsx";
import adminMarketplace from "./admin/marketplace.tsx";
import adminOrders from "./admin/orders.tsx";
import adminPayouts from "./admin/payouts.tsx";
import adminSupport from "./admin/support.tsx";
import adminFaqs from "./admin/faqs.tsx";
import adminOutbox from "./admin/outbox.tsx";
import adminGuard from "./admin/_middleware.ts";
import mailbox from "./dev/mailbox.tsx";
import devGuard from "./dev/_middleware.ts";

import healthApi from "./api/health.ts";
import authApi from "./api/auth.ts";
import pagesApi from "./api/pages/index.ts";
import leadsApi from "./api/pages/leads.ts";
import domainsApi from "./api/pages/domains.ts";
import domainCheckApi from "./api/domains.ts";
import integrationsApi from "./api/pages/integrations.ts";
import analyticsApi from "./api/pages/analytics.ts";
import experimentsApi from "./api/pages/experiments.ts";
import pagesApiGuard from "./api/pages/_middleware.ts";
import marketplaceApi from "./api/marketplace.ts";
import paymentApi from "./api/payment.ts";
import ordersApi from "./api/orders.ts";
import salesApi from "./api/sales.ts";
import payoutsApi from "./api/payouts.ts";
import stripeWebhook from "./api/webhooks/stripe.ts";
import vnpayWebhook from "./api/webhooks/vnpay.ts";
import momoWebhook from "./api/webhooks/momo.ts";
import dashboardApi from "./api/dashboard.ts";
import sellerApi from "./api/seller.ts";
import chatApi from "./api/chat.ts";
import sitesChatApi, { conversationsApi } from "./api/sites-chat.ts";
import notificationsApi from "./api/notifications.ts";
import faqsApi from "./api/faqs.ts";
import templatesApi from "./api/templates.ts";
import uploadsApi from "./api/uploads.ts";
import adminUsersApi from "./api/admin/users.ts";
import adminMarketplaceApi from "./api/admin/marketplace.ts";
import adminOrdersApi from "./api/admin/orders.ts";
import adminPayoutsApi from "./api/admin/payouts.ts";
import adminAuditApi from "./api/admin/audit.ts";
import adminChatApi from "./api/admin/chat.ts";
import adminFaqsApi from "./api/admin/faqs.ts";
import adminCannedApi from "./api/admin/canned-replies.ts";
import adminApiGuard from "./api/admin/_middleware.ts";
import metrics from "./metrics.ts";
import openapiApi from "./api/openapi.ts";
import accountApi from "./api/account.ts";
import accountUi from "./account/index.tsx";
import campaignsApi, { audienceApi } from "./api/campaigns.ts";
import campaignsUi from "./campaigns/index.tsx";
import emailLinks from "./email/index.tsx";
import sellersApi from "./api/sellers.ts";
import storefronts from "./s/index.tsx";
import sitemap from "./sitemap.ts";

/** A guard for every route of the router, or "per-route" when each route carries its own. */
export type Guard = MiddlewareHandler<AppEnv> | "per-route";

export interface Mount {
  prefix: string;
  // deno-lint-ignore no-explicit-any -- routers differ in their Env (templates has none)
  router: Hono<any, any, any>;
  guard: Guard;
}

export const manifest: Mount[] = [
  { prefix: "/api/health", router: healthApi, guard: publicRoute },
  { prefix: "/api/auth", router: authApi, guard: "per-route" },
  { prefix: "/api/pages", router: pagesApi, guard: pagesApiGuard },
  { prefix: "/api/pages", router: leadsApi, guard: pagesApiGuard },
  { prefix: "/api/pages", router: domainsApi, guard: pagesApiGuard },
  // Asked by the TLS proxy before it gets a certificate for a custom domain: no session.
  { prefix: "/api/domains", router: domainCheckApi, guard: publicRoute },
  { prefix: "/api/pages", router: integrationsApi, guard: pagesApiGuard },
  { prefix: "/api/pages", router: analyticsApi, guard: pagesApiGuard },
  { prefix: "/api/pages", router: experimentsApi, guard: pagesApiGuard },
  { prefix: "/api/marketplace", router: marketplaceApi, guard: "per-route" },
  { prefix: "/api/payment", router: paymentApi, guard: signedIn },
  { prefix: "/api/orders", router: ordersApi, guard: signedIn },
  { prefix: "/api/sales", router: salesApi, guard: signedIn },
  { prefix: "/api/payouts", router: payoutsApi, guard: signedIn },
  // Stripe signs its events; there is no session (and no Origin check, see main.ts).
  { prefix: "/api/webhooks/stripe", router: stripeWebhook, guard: publicRoute },
  // VNPay and MoMo checksum/sign their notifications the same way.
  { prefix: "/api/webhooks/vnpay", router: vnpayWebhook, guard: publicRoute },
  { prefix: "/api/webhooks/momo", router: momoWebhook, guard: publicRoute },
  // The platform figures: admins only, under the URL the contract gives them.
  { prefix: "/api/dashboard", router: dashboardApi, guard: adminOnly },
  { prefix: "/api/seller", router: sellerApi, guard: signedIn },
  // Signed-in routes, and the room routes a guest token opens too (signedInOrGuest), per route.
  { prefix: "/api/chat", router: chatApi, guard: "per-route" },
  // A published page's support widget: the site's own Origin only (checked in the router).
  { prefix: "/api/sites", router: sitesChatApi, guard: publicRoute },
  { prefix: "/api/conversations", router: conversationsApi, guard: signedIn },
  { prefix: "/api/notifications", router: notificationsApi, guard: signedIn },
  { prefix: "/api/faqs", router: faqsApi, guard: publicRoute },
  { prefix: "/api/templates", router: templatesApi, guard: publicRoute },
  { prefix: "/api/uploads", router: uploadsApi, guard: signedIn },
  { prefix: "/api/admin/users", router: adminUsersApi, guard: adminApiGuard },
  { prefix: "/api/admin/marketplace", router: adminMarketplaceApi, guard: adminApiGuard },
  { prefix: "/api/admin/orders", router: adminOrdersApi, guard: adminApiGuard },
  { prefix: "/api/admin/payouts", router: adminPayoutsApi, guard: adminApiGuard },
  { prefix: "/api/admin/audit", router: adminAuditApi, guard: adminApiGuard },
  { prefix: "/api/admin/chat", router: adminChatApi, guard: adminApiGuard },
  { prefix: "/api/admin/faqs", router: adminFaqsApi, guard: adminApiGuard },
  { prefix: "/api/admin/canned-replies", router: adminCannedApi, guard: adminApiGuard },
  { prefix: "/api/account", router: accountApi, guard: signedIn },
  { prefix: "/api/campaigns", router: campaignsApi, guard: signedIn },
  { prefix: "/api/audience", router: audienceApi, guard: signedIn },
  // GET /:handle is public, /me is the signed-in seller's own profile.
  { prefix: "/api/sellers", router: sellersApi, guard: "per-route" },
  // /api/openapi.json and /api/docs, each marked public (a guard on /api would cover every route).
  { prefix: "/api", router: openapiApi, guard: "per-route" },

  // The scraper's bearer token is checked by the route (404 when METRICS_TOKEN is unset).
  { prefix: "/metrics", router: metrics, guard: publicRoute },
  { prefix: "/uploads", router: uploadsFiles, guard: publicRoute },
  { prefix: "/auth", router: authPages, guard: authGuard },
  { prefix: "/dev/mailbox", router: mailbox, guard: devGuard },
  { prefix: "/dashboard", router: dashboard, guard: signedIn },
  { prefix: "/pages", router: pagesUi, guard: pagesGuard },
  { prefix: "/pages", router: pageDomainsUi, guard: pagesGuard },
  { prefix: "/pages", router: pagesIntegrationsUi, guard: pagesGuard },
  { prefix: "/pages", router: pageAnalyticsUi, guard: pagesGuard },
  { prefix: "/pages", router: pagesExperimentsUi, guard: pagesGuard },
  { prefix: "/marketplace", router: marketplaceUi, guard: "per-route" },
  // The offline VNPay/MoMo test gateways and their return URLs (the buyer's own transactions).
  { prefix: "/checkout/vnpay", router: checkoutVnpay, guard: "per-route" },
  { prefix: "/checkout/momo", router: checkoutMomo, guard: "per-route" },
  { prefix: "/checkout/cart", router: checkoutCart, guard: signedIn },
  { prefix: "/checkout", router: checkout, guard: "per-route" },
  { prefix: "/orders", router: orders, guard: signedIn },
  { prefix: "/account", router: accountUi, guard: signedIn },
  { prefix: "/campaigns", router: campaignsUi, guard: signedIn },
  // Links in emails (unsubscribe, confirmations): the signed token is the proof, no session.
  { prefix: "/email", router: emailLinks, guard: publicRoute },
  { prefix: "/sales", router: sales, guard: signedIn },
  { prefix: "/support", router: support, guard: supportGuard },
  { prefix: "/conversations", router: conversations, guard: conversationsGuard },
  { prefix: "/admin/users", router: adminUsers, guard: adminGuard },
  { prefix: "/admin/marketplace", router: adminMarketplace, guard: adminGuard },
  { prefix: "/admin/orders", router: adminOrders, guard: adminGuard },
  { prefix: "/admin/payouts", router: adminPayouts, guard: adminGuard },
  { prefix: "/admin/support", router: adminSupport, guard: adminGuard },
  { prefix: "/admin/faqs", router: adminFaqs, guard: adminGuard },
  { prefix: "/admin/outbox", router: adminOutbox, guard: adminGuard },
  { prefix: "/admin", router: adminHome, guard: adminGuard },
  { prefix: "/s", router: storefronts, guard: "per-route" },
  // /sitemap.xml and /robots.txt of the app's host.
  { prefix: "/", router: sitemap, guard: publicRoute },
  { prefix: "/", router: home, guard: publicRoute },
];

/**
 * Mounts every router of `mounts` on `app`, each behind its guard. The guard is registered for
 * the prefix itself and everything under it, before the router's own routes.
 */
export function mountRoutes(app: Hono<AppEnv>, mounts: Mount[] = manifest) {
  // Two routers under one prefix share one guard, registered once.
  const guarded = new Map<string, Guard>();
  for (const { prefix, router, guard } of mounts) {
    const before = guarded.get(prefix);
    if (before !== undefined && before !== guard) {
      throw new Error(`routes/manifest.ts: two guards for ${prefix}`);
    }
    guarded.set(prefix, guard);
    if (guard !== "per-route" && before === undefined) {
      app.use(prefix, guard);
      if (prefix !== "/") app.use(`${prefix}/*`, guard);
    }
    app.route(prefix, router);
  }
  return app;
}
