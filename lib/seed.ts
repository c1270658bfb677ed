// Demo data for a first start on an empty KV: an admin, two sellers, and what they own.
import { config } from "../fresh.config.ts";
import { createUser, getUserByEmail } from "./auth.ts";
import { keys, kv } from "./kv.ts";
import { saveFaq } from "./faqs.ts";
import { DEMO_FAQS } from "./seed-faqs.ts";

export const DEMO_PASSWORD = "demo-password";
export const DEMO_USERS = [
  {
    email: "admin@landinghub.local",
    name: "Ada Admin",
    role: "admin" as const,
  },
  { email: "sam@landinghub.local", name: "Sam Seller", role: "user" as const },
  { email: "lee@landinghub.local", name: "Lee Maker", role: "user" as const },
];

/** Seeds once per store; returns lines to print, or null when the store already had data. */
export async function seedDemo(): Promise<string[] | null> {
  const marker = await kv().get(keys.config("seeded"));
  if (marker.value) return null;
  const claimed = await kv().atomic().check(marker).set(
    keys.config("seeded"),
    new Date().toISOString(),
  ).commit();
  if (!claimed.ok) return null; // another instance is seeding
  for (const u of DEMO_USERS) {
    if (await getUserByEmail(u.email)) continue;
    await createUser({ ...u, password: DEMO_PASSWORD, emailVerified: true });
  }
  for (const faq of DEMO_FAQS) await saveFaq(null, faq);
  const cfg = config();
  return [
    `Demo data seeded. Sign in at ${cfg.appOrigin}/auth/login with:`,
    ...DEMO_USERS.map((u) => `  ${u.role.padEnd(5)} ${u.email} / ${DEMO_PASSWORD}`),
  ];
}
