// Demo data for a first start on an empty KV: an admin, two sellers with published pages and
// approved listings, and the FAQ.
import { config } from "../config.ts";
import { createUser, getUserByEmail, type UserRecord } from "../auth/index.ts";
import { saveFaq } from "../chat/faqs.ts";
import { keys, kv } from "../kv/index.ts";
import { createListing, reviewListing } from "../market/index.ts";
import { createPage, siteUrl } from "../pages/index.ts";
import { DEMO_FAQS } from "./faqs.ts";
import { publishPage } from "../sites/index.ts";
import { starterContent } from "../pages/starters.ts";

export const DEMO_PASSWORD = "demo-password";
export const DEMO_USERS = [
  { email: "admin@landinghub.local", name: "Ada Admin", role: "admin" as const },
  { email: "sam@landinghub.local", name: "Sam Seller", role: "user" as const },
  { email: "lee@landinghub.local", name: "Lee Maker", role: "user" as const },
];

const DEMO_LISTINGS = [
  {
    owner: 1,
    slug: "rocket-saas",
    starter: "saas",
    title: "Rocket SaaS",
    category: "saas",
    price: 4900,
    description:
      "A complete SaaS landing page: hero, features, three-tier pricing, testimonials, FAQ and a trial signup form.",
  },
  {
    owner: 1,
    slug: "launch-countdown",
    starter: "app-launch",
    title: "Launch Countdown",
    category: "startup",
    price: 2900,
    description: "A bold mobile app launch page with a live countdown and a waitlist form.",
  },
  {
    owner: 2,
    slug: "designconf",
    starter: "event",
    title: "Conference Pro",
    category: "event",
    price: 3900,
    description: "Everything an event needs: agenda, ticket pricing, countdown and registration.",
  },
  {
    owner: 2,
    slug: "studio-north",
    starter: "agency",
    title: "Studio North Agency",
    category: "agency",
    price: 5900,
    description: "An elegant agency site with services, client quotes and a project enquiry form.",
  },
];

/** Seeds once per store; returns lines to print, or null when the store already had data. */
export async function seedDemo(): Promise<string[] | null> {
  const marker = await kv().get(keys.config("seeded"));
  if (marker.value) return null;
  const claimed = await kv().atomic().check(marker).set(
    keys.config("seeded"),
    new Date().toISOString(),
  )
    .commit();
  if (!claimed.ok) return null; // another instance is seeding
  const users: UserRecord[] = [];
  for (const u of DEMO_USERS) {
    users.push(
      await getUserByEmail(u.email) ??
        await createUser({ ...u, password: DEMO_PASSWORD, emailVerified: true }),
    );
  }
  for (const faq of DEMO_FAQS) await saveFaq(null, faq);
  for (const l of DEMO_LISTINGS) {
    const owner = users[l.owner];
    const page = await createPage(owner.id, {
      name: l.title,
      slug: l.slug,
      content: starterContent(l.starter),
    });
    await publishPage(owner.id, page.id);
    const listing = await createListing(owner, {
      pageId: page.id,
      title: l.title,
      description: l.description,
      category: l.category as "saas",
      price: l.price,
      currency: "usd",
      images: [],
    });
    await reviewListing(users[0], listing.id, { approve: true });
  }
  const cfg = config();
  return [
    `Demo data seeded. Sign in at ${cfg.appOrigin}/auth/login with:`,
    ...DEMO_USERS.map((u) => `  ${u.role.padEnd(5)} ${u.email} / ${DEMO_PASSWORD}`),
    `A published demo site: ${siteUrl(DEMO_LISTINGS[0].slug)}`,
  ];
}
