// `deno task seed:large`: fill the configured store (DENO_KV_PATH) with a large data set for the
// growth bench (issue 14): 10,000 approved listings from 2,000 sellers, 5,000 users, one page with
// 50,000 leads, one chat room with 20,000 messages, 500 open rooms and 5,000 orders. Every record
// goes through the lib functions the app itself uses, so indexes, counters and events are the
// ones real traffic writes. SEED_SCALE (default 1) scales every size (0.1 for a quick run).
//
// Background jobs: the seed enqueues what the app would (50,000 "new lead" mails, thumbnails,
// order mails, fund releases) on the KV-backed job list and drops them at the end, so a server
// started on the store measures the data, not a backlog of 60,000 mails. The demo data is added
// first (seedDemo), so the demo accounts exist on the large store too. SEED_SIZES=small seeds the
// growth bench's small store instead (`SMALL` below).
import { type AppConfig, loadConfig, setConfig } from "../lib/config.ts";
import { createUser, type UserRecord } from "../lib/auth/index.ts";
import { openSupportRoom, postMessage } from "../lib/chat/index.ts";
import { closeKv, keys, kv, openKv } from "../lib/kv/index.ts";
import { submitLead } from "../lib/leads/index.ts";
import { createListing, reviewListing } from "../lib/market/index.ts";
import { createPage } from "../lib/pages/index.ts";
import { starterContent } from "../lib/pages/starters.ts";
import { createPayment } from "../lib/payments/index.ts";
import { completeCheckout } from "../lib/payments/completion.ts";
import { startQueue, stopQueue } from "../lib/queue/index.ts";
import { seedDemo } from "../lib/seed/index.ts";
import { backfillListIndexes } from "../lib/admin/backfill.ts";
import { backfillBrowseIndex, backfillReviewIndex } from "../lib/market/index.ts";
import { ensureLikeIndex } from "../lib/market/engagement.ts";
import { publishPage } from "../lib/sites/index.ts";
import type { Content } from "../lib/blocks.ts";

export const LARGE_PASSWORD = "large-password";
export const LARGE_ADMIN = "large-admin@large.bench";
/** The seller whose collections are the large ones: the leads page, the chat room, most sales. */
export const BIG_SELLER = "big-seller@large.bench";
export const LEADS_SLUG = "large-leads";

const BASE = {
  users: 5000,
  sellers: 2000,
  listings: 10_000,
  leads: 50_000,
  messages: 20_000,
  openRooms: 500,
  orders: 5000,
};
export type Sizes = typeof BASE;

/**
 * The small store the growth bench compares the large one with (SEED_SIZES=small): the same
 * shape, with every list the bench times one row past its page (the leads page shows 100, the
 * admin lists 50, the others 20; a category holds 22 listings; a fifth of the orders, 22, are the
 * big seller's) and the big seller owning 5 listings as in the large store, so its dashboard is
 * the same size. A few hundred records in all: a p50 ratio then compares store sizes, not a
 * page of 3 rows with a page of 20.
 */
export const SMALL: Sizes = {
  users: 60,
  sellers: 22,
  listings: 110,
  leads: 110,
  messages: 30,
  openRooms: 55,
  orders: 110,
};

/** The sizes at `scale`; each at least 1 (listings at least one per seller, users ≥ sellers + 1). */
export function sizesAt(scale: number): Sizes {
  const s = (n: number) => Math.max(1, Math.round(n * scale));
  const sellers = s(BASE.sellers);
  return {
    users: Math.max(s(BASE.users), sellers + 1),
    sellers,
    listings: Math.max(s(BASE.listings), sellers),
    leads: s(BASE.leads),
    messages: s(BASE.messages),
    openRooms: s(BASE.openRooms),
    orders: s(BASE.orders),
  };
}

export interface LargeSummary {
  scale: number;
  sizes: Sizes;
  ms: number;
  phases: Record<string, number>;
  admin: { email: string; password: string };
  bigSeller: { email: string; password: string; id: string };
  leadsPageId: string;
  leadsSlug: string;
  chatRoomId: string;
  droppedJobs: number;
}

/** Run `fn` over `items` with at most `limit` in flight. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const STARTERS = ["saas", "agency", "event", "newsletter", "product", "app-launch"];
const CATEGORIES = ["saas", "agency", "event", "startup", "other"] as const;
const WORDS = ["rocket", "studio", "launch", "bright", "north", "harbor", "pixel", "summit"];

/** A starter's content made unique (listings must not share a fingerprint). */
function uniqueContent(starter: string, label: string): Content {
  const content = starterContent(starter);
  const first = content.blocks[0] as { props: Record<string, unknown> };
  first.props.headline = `${label}: a landing page`;
  return content;
}

/**
 * The store configuration for seeding: the given env with rate limits off, a cheap password
 * hash (these are bench accounts) and the job list as queue backend (see the header).
 */
export function seedConfig(env: Record<string, string | undefined>): AppConfig {
  return setConfig(loadConfig({
    SCRYPT_LOG_N: "10",
    ...env,
    FORM_RATE_PER_MINUTE: "0",
    REGISTER_RATE_PER_10MIN: "0",
    CHAT_RATE_PER_MINUTE: "0",
    HASH_QUEUE: "100000",
    QUEUE_BACKEND: "jobs",
    SCREENSHOTS: "0",
  }));
}

/** Seed the open store at `scale` (the KV is opened and closed by the caller). */
export async function seedLarge(
  scale: number,
  log = (_: string) => {},
  sizes: Sizes = sizesAt(scale),
): Promise<LargeSummary> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    phases[name] = Math.round(performance.now() - t);
    log(`  ${name}: ${phases[name]} ms`);
    return out;
  };

  // Jobs go to the KV-backed job list (dropped at the end), with no worker running: the backend
  // is chosen by startQueue, so start it and stop its loop at once.
  startQueue("jobs");
  await new Promise((r) => setTimeout(r, 50)); // let the loop reach its wait, so stop wakes it
  await stopQueue();
  await seedDemo();
  // Mark the store's one-off index backfills done while it is still small (they find next to
  // nothing): every record below is written through the lib functions, which index it, so the
  // first server start must not rescan 10,000 listings and 50,000 leads for them.
  await backfillListIndexes();
  await backfillBrowseIndex();
  await backfillReviewIndex();
  await ensureLikeIndex();
  const users = await timed("users", async () => {
    const admin = await createUser({
      email: LARGE_ADMIN,
      name: "Large Admin",
      password: LARGE_PASSWORD,
      role: "admin",
      emailVerified: true,
    });
    const out: UserRecord[] = new Array(sizes.users);
    await pool(range(sizes.users), 16, async (i) => {
      const seller = i < sizes.sellers;
      out[i] = await createUser({
        email: i === 0 ? BIG_SELLER : `${seller ? "seller" : "user"}-${i}@large.bench`,
        name: `${WORDS[i % WORDS.length]} ${seller ? "Seller" : "Buyer"} ${i}`,
        // Only the accounts the bench signs in as get a password: hashing 5,000 of them would be
        // a tenth of the seed's time, and no list shows a hash (the others are like accounts
        // made through GitHub sign-in, without one).
        password: i === 0 ? LARGE_PASSWORD : null,
        emailVerified: true,
      });
    });
    return { admin, all: out };
  });
  const admin = users.admin;
  const sellers = users.all.slice(0, sizes.sellers);
  const buyers = users.all.slice(sizes.sellers);
  const big = sellers[0];

  // listings[s][k]: seller s's k-th listing id, one seller per listing index modulo sellers.
  const listings: string[][] = sellers.map(() => []);
  const listingsPhase = timed("listings", () =>
    pool(range(sizes.listings), 16, async (i) => {
      const s = i % sizes.sellers;
      const k = Math.floor(i / sizes.sellers);
      const seller = sellers[s];
      const title = `${WORDS[i % WORDS.length]} template ${i}`;
      const page = await createPage(seller.id, {
        name: title,
        slug: `large-${i}`,
        content: uniqueContent(STARTERS[i % STARTERS.length], title),
      });
      await publishPage(seller.id, page.id);
      const listing = await createListing(seller, {
        pageId: page.id,
        title,
        description: `A ${WORDS[(i * 7) % WORDS.length]} landing page template, number ${i}.`,
        category: CATEGORIES[i % CATEGORIES.length],
        price: 900 + (i % 50) * 100,
        currency: "usd",
        images: [],
      });
      await reviewListing(admin, listing.id, { approve: true });
      listings[s][k] = listing.id;
    }));

  // The big seller's page of leads, and the support room it talks in (an admin answers at once,
  // so the assistant stays out and the room is "assigned").
  const leadsPage = await createPage(big.id, {
    name: "Large leads",
    slug: LEADS_SLUG,
    content: starterContent("saas"),
  });
  await publishPage(big.id, leadsPage.id);
  const formId = leadsPage.content.blocks.find((b) => b.type === "form")!.id;
  const leadsPhase = timed("leads", () =>
    pool(range(sizes.leads), 16, async (i) => {
      await submitLead(LEADS_SLUG, formId, {
        name: `Lead ${i}`,
        email: `lead-${i}@example.com`,
      }, `10.0.${(i >> 8) & 255}.${i & 255}`);
    }));
  const { room } = await openSupportRoom(big, {
    subject: "A long conversation",
    message: "Message 0 from the seller",
  });
  const chatPhase = timed("chat", async () => {
    // One room's messages commit one after another (each updates the room record).
    for (let i = 1; i < sizes.messages; i++) {
      const from = i % 2 === 1 ? admin : big;
      await postMessage(from, room.id, `Message ${i} from the ${i % 2 ? "admin" : "seller"}`);
    }
  });
  const roomsPhase = timed("open rooms", () =>
    pool(range(sizes.openRooms), 8, async (i) => {
      await openSupportRoom(buyers[i % buyers.length], {
        subject: `Question ${i}`,
        message: `How do I publish page ${i}?`,
      });
    }));
  await Promise.all([listingsPhase, leadsPhase, roomsPhase]);

  await timed("orders", async () => {
    // A fifth of the orders go to the big seller (its sales list grows); the rest spread over
    // the other sellers. One seller's orders run in sequence (each updates its balance).
    const bigOrders = Math.round(sizes.orders / 5);
    const chains = new Map<number, Array<[UserRecord, string]>>();
    for (let j = 0; j < sizes.orders; j++) {
      let s: number, k: number, buyer: UserRecord;
      if (j < bigOrders || sizes.sellers === 1) {
        s = 0;
        k = j % listings[0].length;
        buyer = buyers[Math.floor(j / listings[0].length) % buyers.length];
      } else {
        const o = j - bigOrders;
        s = 1 + (o % (sizes.sellers - 1));
        k = Math.floor(o / (sizes.sellers - 1)) % listings[s].length;
        buyer = buyers[o % buyers.length];
      }
      if (!chains.has(s)) chains.set(s, []);
      chains.get(s)!.push([buyer, listings[s][k]]);
    }
    await pool([...chains.values()], 16, async (chain) => {
      for (const [buyer, listingId] of chain) await buy(buyer, listingId);
    });
  });

  await chatPhase;
  const droppedJobs = await dropJobs();
  return {
    scale,
    sizes,
    ms: Math.round(performance.now() - started),
    phases,
    admin: { email: LARGE_ADMIN, password: LARGE_PASSWORD },
    bigSeller: { email: BIG_SELLER, password: LARGE_PASSWORD, id: big.id },
    leadsPageId: leadsPage.id,
    leadsSlug: LEADS_SLUG,
    chatRoomId: room.id,
    droppedJobs,
  };
}

/** The test checkout's path: open a checkout, then complete it as its signed event would. */
async function buy(buyer: UserRecord, listingId: string) {
  const { transaction: tx } = await createPayment(buyer, listingId);
  const out = await completeCheckout({
    eventId: `evt_seed_${tx.id}`,
    type: "checkout.session.completed",
    txId: tx.id,
    paymentIntent: `pi_test_${tx.id}`,
    sessionId: `cs_test_${tx.id}`,
    amountPaid: tx.amount,
    currency: tx.currency,
  });
  if (!out.orderId) throw new Error(`order for ${listingId} not made: ${JSON.stringify(out)}`);
}

/** Delete the queued jobs (see the header); returns how many there were. */
async function dropJobs(): Promise<number> {
  let n = 0;
  for (const prefix of [["jobs"], keys.jobsDuePrefix()]) {
    let op = kv().atomic();
    let inOp = 0;
    for await (const e of kv().list({ prefix })) {
      op.delete(e.key);
      if (prefix[0] === "jobs") n++;
      if (++inOp === 500) {
        await op.commit();
        op = kv().atomic();
        inOp = 0;
      }
    }
    await op.commit();
  }
  return n;
}

const SIDE_FILES = ["", "-wal", "-shm"];

/** Copy a SQLite store and its side files; side files `from` lacks are removed at `to`. */
async function copyStore(from: string, to: string) {
  for (const side of SIDE_FILES) {
    try {
      await Deno.copyFile(from + side, to + side);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      await Deno.remove(to + side).catch(() => {});
    }
  }
}

/**
 * Where to build: every record is its own commit (as in the app), and on this machine's disk a
 * commit waits ~4 ms for fsync against ~0.15 ms on tmpfs. So a file store is built in /dev/shm
 * and moved into place when done (SEED_IN_PLACE=1 writes the target directly).
 */
async function workPath(target: string): Promise<string | null> {
  if (target === ":memory:" || Deno.env.get("SEED_IN_PLACE") === "1") return null;
  const shm = await Deno.stat("/dev/shm").then((s) => s.isDirectory, () => false);
  if (!shm) return null;
  const dir = await Deno.makeTempDir({ dir: "/dev/shm", prefix: "landinghub-seed-" });
  await copyStore(target, `${dir}/store.kv`);
  return `${dir}/store.kv`;
}

if (import.meta.main) {
  const scale = Number(Deno.env.get("SEED_SCALE") ?? 1);
  if (!(scale > 0)) throw new Error("SEED_SCALE must be a positive number");
  const target = seedConfig(Deno.env.toObject()).kvPath;
  if (target !== ":memory:") {
    await Deno.mkdir(target.replace(/[^/]*$/, "") || ".", { recursive: true });
  }
  const work = await workPath(target);
  const cfg = seedConfig({ ...Deno.env.toObject(), ...(work ? { DENO_KV_PATH: work } : {}) });
  try {
    await openKv(cfg);
    if ((await kv().get(keys.userByEmail(BIG_SELLER))).value) {
      throw new Error(`${target} already holds the large data set`);
    }
    const sizes = Deno.env.get("SEED_SIZES") === "small" ? SMALL : sizesAt(scale);
    console.log(`seeding ${target} at scale ${scale}: ${JSON.stringify(sizes)}`);
    const summary = await seedLarge(scale, (line) => console.log(line), sizes);
    closeKv();
    if (work) await copyStore(work, target);
    console.log(`seeded in ${(summary.ms / 1000).toFixed(1)} s`);
    if (Deno.args.includes("--json")) console.log(JSON.stringify(summary));
  } finally {
    closeKv();
    if (work) await Deno.remove(work.replace(/\/[^/]*$/, ""), { recursive: true });
  }
}
