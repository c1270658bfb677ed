// Marketplace fixtures: a seller with an approved listing, and signed Stripe events.
import Stripe from "stripe";
import { DEV_WEBHOOK_SECRET } from "../lib/config.ts";
import type { Client, TestServer } from "./_helpers.ts";

const stripe = new Stripe("sk_test_fixture");

export async function signedEvent(
  event: Record<string, unknown>,
  opts: { secret?: string; timestamp?: number } = {},
) {
  const payload = JSON.stringify(event);
  const signature = await stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: opts.secret ?? DEV_WEBHOOK_SECRET,
    timestamp: opts.timestamp,
  });
  return { payload, signature };
}

export function checkoutCompleted(eventId: string, transactionId: string) {
  return {
    id: eventId,
    object: "event",
    type: "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `cs_${transactionId}`,
        object: "checkout.session",
        payment_intent: `pi_${transactionId}`,
        metadata: { transactionId },
      },
    },
  };
}

/** Deliver a signed event (the reply is returned as is: tests check refusals too). */
export async function deliver(server: TestServer, event: Record<string, unknown>, opts = {}) {
  const { payload, signature } = await signedEvent(event, opts);
  const res = await fetch(`${server.origin}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
  return { status: res.status, body: await res.json() };
}

export async function adminClient(server: TestServer) {
  const admin = server.client();
  await admin.login("root@example.com", "rootpassword");
  return admin;
}

export const ADMIN_ENV = { ADMIN_EMAIL: "root@example.com", ADMIN_PASSWORD: "rootpassword" };

/** A seller with a published page listed at `price` and approved by `admin`. */
export async function approvedListing(
  server: TestServer,
  admin: Client,
  price = 4900,
  title = "Rocket SaaS",
) {
  const seller = server.client();
  const sellerUser = await seller.register();
  // Each step must succeed: a fixture that quietly half-works lets later assertions pass for the
  // wrong reason.
  const expect = <R extends { status: number; text: string }>(
    what: string,
    res: R,
    status: number,
  ) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
    return res;
  };
  const page = expect("create the page", await seller.post("/api/pages", { name: title }), 201)
    .body.page;
  expect(
    "save the page",
    await seller.put(`/api/pages/${page.id}`, {
      version: 1,
      content: { blocks: [{ id: "h", type: "hero", props: { headline: `${title} headline` } }] },
    }),
    200,
  );
  expect("publish", await seller.post(`/api/pages/${page.id}/publish`), 200);
  const listing = expect(
    "list",
    await seller.post("/api/marketplace", {
      pageId: page.id,
      title,
      description: "A landing page for software launches.",
      category: "saas",
      price,
    }),
    201,
  ).body.listing;
  expect("approve", await admin.post(`/api/admin/marketplace/${listing.id}/approve`), 200);
  return { seller, sellerUser, page, listing };
}

/** Bank payout details for `seller` (a payout request needs them). */
export async function addPayoutDetails(seller: Client) {
  const res = await seller.put("/api/payouts/details", {
    method: "bank",
    accountHolder: "Test Seller",
    bankName: "Test Bank",
    accountNumber: "DE89 3704 0044 0532 0130 00",
    bankCode: "COBADEFFXXX",
    country: "DE",
  });
  if (res.status !== 200) throw new Error(`payout details: ${res.status} ${res.text}`);
}
