// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Fixtures of the VNPay and MoMo tests: a seller's approved listing in any currency, a buyer.
import { createHmac } from "node:crypto";
import { DEV_MOMO, DEV_VNPAY } from "../lib/config.ts";
import type { Client, TestServer } from "./_helpers.ts";

/** `seller` lists a new published page at `price` `currency`; `admin` approves it. */
export async function listFor(
  seller: Client,
  admin: Client,
  price: number,
  currency: string,
  title = `Template ${currency} ${price}`,
  description = "A landing page template for the payment tests.",
) {
  const must = (what: string, res: any, status: number) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
    return res.body;
  };
  const { page } = must("page", await seller.post("/api/pages", { name: title }), 201);
  must(
    "save",
    await seller.put(`/api/pages/${page.id}`, {
      version: 1,
      content: { blocks: [{ id: "h", type: "hero", props: { headline: title } }] },
    }),
    200,
  );
  must("publish", await seller.post(`/api/pages/${page.id}/publish`), 200);
  const { listing } = must(
    "list",
    await seller.post("/api/marketplace", {
      pageId: page.id,
      title,
      description,
      category: "saas",
      price,
      currency,
    }),
    201,
  );
  must("approve", await admin.post(`/api/admin/marketplace/${listing.id}/approve`), 200);
  return listing;
}

/** A new seller with a published page listed at `price` `currency`, approved by `admin`. */
export async function listingIn(
  server: TestServer,
  admin: Client,
  price: number,
  currency: string,
  title = "Trang đích Đà Nẵng",
) {
  const seller = server.client();
  await seller.register();
  const listing = await listFor(
    seller,
    admin,
    price,
    currency,
    title,
    "Một trang đích cho du lịch Đà Nẵng.",
  );
  return { seller, listing };
}

/** A new buyer and their checkout of `listingId` through `provider`. */
export async function startCheckout(server: TestServer, listingId: string, provider: string) {
  const buyer = server.client();
  await buyer.register();
  const res = await buyer.post("/api/payment/create", { listingId, provider });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text.slice(0, 300)}`);
  return { buyer, transactionId: res.body.transactionId as string, url: res.body.checkoutUrl };
}

/** Submit a form as a browser would (the test gateways' Pay and Cancel buttons). */
export function postForm(client: Client, path: string, fields: Record<string, string>) {
  return client.request("POST", path, {
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

// The refund APIs' signatures, worked out here from the guides' field orders (not imported from
// lib/payments: a wrong order there must fail the tests). The request's checksum fields, in the
// order of VNPay's "API hoàn tiền" table:
export const VNP_REQUEST_FIELDS = [
  "vnp_RequestId",
  "vnp_Version",
  "vnp_Command",
  "vnp_TmnCode",
  "vnp_TransactionType",
  "vnp_TxnRef",
  "vnp_Amount",
  "vnp_TransactionNo",
  "vnp_TransactionDate",
  "vnp_CreateBy",
  "vnp_CreateDate",
  "vnp_IpAddr",
  "vnp_OrderInfo",
];
export const VNP_RESPONSE_FIELDS = [
  "vnp_ResponseId",
  "vnp_Command",
  "vnp_ResponseCode",
  "vnp_Message",
  "vnp_TmnCode",
  "vnp_TxnRef",
  "vnp_Amount",
  "vnp_BankCode",
  "vnp_PayDate",
  "vnp_TransactionNo",
  "vnp_TransactionType",
  "vnp_TransactionStatus",
  "vnp_OrderInfo",
];
export const pipeHash = (b: Record<string, unknown>, fields: string[]) =>
  createHmac("sha512", DEV_VNPAY.hashSecret).update(fields.map((f) => String(b[f] ?? "")).join("|"))
    .digest("hex");
export const momoRefundSign = (b: Record<string, unknown>) =>
  createHmac("sha256", DEV_MOMO.secretKey).update(
    `accessKey=${DEV_MOMO.accessKey}&amount=${b.amount}&description=${b.description}` +
      `&orderId=${b.orderId}&partnerCode=${b.partnerCode}&requestId=${b.requestId}` +
      `&transId=${b.transId}`,
  ).digest("hex");
