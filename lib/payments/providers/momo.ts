// MoMo one-time payments with the e-wallet (requestType captureWallet): creating the payment
// (which returns the payUrl the buyer is sent to) and the IPN that confirms it. Rules come from
// MoMo's developer guide: "One-Time Payments" (developers.momo.vn/v3/docs/payment/api/wallet/
// onetime) and "Payment Notification" (…/payment/api/result-handling/notification).
import { z } from "zod";
import { config } from "../../config.ts";
import { AppError } from "../../http/index.ts";
import { newId } from "../../kv/index.ts";
import { foldToAscii } from "../../pages/slugs.ts";
import type { Transaction } from "../model.ts";
import { settleProviderPayment } from "../webhook.ts";
import { hmacHex, type PaymentProvider, rememberProviderPayment, sameHex } from "./provider.ts";

/** The create request ("Initiate payment method", POST /v2/gateway/api/create). */
export interface MomoCreateRequest {
  partnerCode: string;
  requestId: string;
  amount: number;
  orderId: string;
  orderInfo: string;
  redirectUrl: string;
  ipnUrl: string;
  requestType: "captureWallet";
  extraData: string;
  lang: "vi" | "en";
  signature: string;
}

/**
 * The create request's signature: hex HMAC-SHA256, keyed with the secret key, of
 * `accessKey=…&amount=…&extraData=…&ipnUrl=…&orderId=…&orderInfo=…&partnerCode=…&redirectUrl=…
 * &requestId=…&requestType=…` (the `signature` row of the create request's table; raw values).
 */
export function momoCreateSignature(
  r: Omit<MomoCreateRequest, "signature" | "lang">,
  keys = { accessKey: config().momoAccessKey, secretKey: config().momoSecretKey },
) {
  const raw = `accessKey=${keys.accessKey}&amount=${r.amount}&extraData=${r.extraData}` +
    `&ipnUrl=${r.ipnUrl}&orderId=${r.orderId}&orderInfo=${r.orderInfo}` +
    `&partnerCode=${r.partnerCode}&redirectUrl=${r.redirectUrl}&requestId=${r.requestId}` +
    `&requestType=${r.requestType}`;
  return hmacHex("SHA-256", keys.secretKey, raw);
}

/** The IPN body ("IPN - Instant Payment Notification"), field for field. */
const ipnSchema = z.object({
  partnerCode: z.string().max(50),
  orderId: z.string().max(200),
  requestId: z.string().max(50),
  amount: z.number().int().min(0),
  orderInfo: z.string().max(255),
  orderType: z.string().max(50),
  transId: z.number().int(),
  resultCode: z.number().int(),
  message: z.string().max(500),
  payType: z.string().max(50),
  responseTime: z.number().int(),
  extraData: z.string().max(10_000),
  signature: z.string().max(128),
}).strict(); // The signature covers these fields only: one it does not cover is refused, not ignored.

export type MomoIpn = z.infer<typeof ipnSchema>;

/**
 * The IPN's signature: hex HMAC-SHA256 of `accessKey=…&amount=…&extraData=…&message=…&orderId=…
 * &orderInfo=…&orderType=…&partnerCode=…&payType=…&requestId=…&responseTime=…&resultCode=…
 * &transId=…` (the notification's `signature` row), with our access key.
 */
export function momoIpnSignature(
  n: Omit<MomoIpn, "signature">,
  keys = { accessKey: config().momoAccessKey, secretKey: config().momoSecretKey },
) {
  const raw = `accessKey=${keys.accessKey}&amount=${n.amount}&extraData=${n.extraData}` +
    `&message=${n.message}&orderId=${n.orderId}&orderInfo=${n.orderInfo}` +
    `&orderType=${n.orderType}&partnerCode=${n.partnerCode}&payType=${n.payType}` +
    `&requestId=${n.requestId}&responseTime=${n.responseTime}&resultCode=${n.resultCode}` +
    `&transId=${n.transId}`;
  return hmacHex("SHA-256", keys.secretKey, raw);
}

export const momoOrderInfo = (title: string, txId: string) =>
  `LandingHub ${foldToAscii(title).slice(0, 120)} ${txId}`;

export const momoIpnUrl = () => `${config().appOrigin}/api/webhooks/momo`;
export const momoRedirectUrl = () => `${config().appOrigin}/checkout/momo/return`;

/** MoMo answers within 30 s ("Minimum timeout when call this API must be 30s"). */
const CREATE_TIMEOUT_MS = 30_000;

const createResponse = z.object({
  orderId: z.string(),
  amount: z.number(),
  resultCode: z.number(),
  message: z.string().optional(),
  payUrl: z.string().optional(),
});

/** Ask MoMo for a payUrl; offline, the test gateway stands in for it (same checks). */
async function momoCreate(request: MomoCreateRequest): Promise<string> {
  const endpoint = config().momoEndpoint;
  if (!endpoint) {
    const expected = await momoCreateSignature(request);
    if (!sameHex(request.signature, expected)) throw new Error("momo: bad create signature");
    return `${config().appOrigin}/checkout/momo/pay/${request.orderId}`;
  }
  let body: z.infer<typeof createResponse>;
  try {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json; charset=UTF-8" },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(CREATE_TIMEOUT_MS),
    });
    body = createResponse.parse(await res.json());
  } catch (err) {
    console.error("momo create", err);
    throw new AppError(502, "provider_unavailable", "MoMo could not be reached, try again later");
  }
  // resultCode 0 = the payment was created ("Result codes").
  if (
    body.resultCode !== 0 || !body.payUrl || body.orderId !== request.orderId ||
    body.amount !== request.amount
  ) {
    throw new AppError(
      502,
      "provider_refused",
      `MoMo refused the payment${body.message ? `: ${body.message}` : ""}`,
    );
  }
  return body.payUrl;
}

export const momoProvider: PaymentProvider = {
  name: "momo",
  currencies: ["vnd"],
  reuseMs: 60 * 60_000,
  // "Min: 1.000 VND, Max: 50.000.000 VND" (the create request's `amount` row).
  amountProblem: (amount) =>
    amount < 1_000 || amount > 50_000_000
      ? "MoMo takes payments from 1,000 ₫ to 50,000,000 ₫"
      : null,
  async start(tx: Transaction, item) {
    const unsigned = {
      partnerCode: config().momoPartnerCode,
      // "unique for each request … used for idempotency control".
      requestId: newId(),
      amount: tx.amount,
      orderId: tx.id,
      orderInfo: momoOrderInfo(item.title, tx.id),
      redirectUrl: momoRedirectUrl(),
      ipnUrl: momoIpnUrl(),
      requestType: "captureWallet" as const,
      extraData: "",
    };
    const request = {
      ...unsigned,
      lang: "vi" as const,
      signature: await momoCreateSignature(unsigned),
    };
    return { url: await momoCreate(request), reference: request.requestId };
  },
};

const invalidSignature = () =>
  new AppError(400, "invalid_signature", "The MoMo signature is not valid");

/**
 * Handle an IPN (`POST` JSON). Refusals are 4xx with our error body; a handled notification
 * (paid, failed, or a repeat) is answered 204 as the guide asks ("You need to respond with HTTP
 * code 204"). resultCode 0 is a successful payment; any other marks the order failed.
 */
export async function handleMomoIpn(body: unknown): Promise<void> {
  const parsed = ipnSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      400,
      "invalid_event",
      `The MoMo notification is malformed${issue?.path.length ? `: ${issue.path.join(".")}` : ""}`,
    );
  }
  const n = parsed.data;
  const { signature, ...fields } = n;
  if (!sameHex(signature, await momoIpnSignature(fields))) throw invalidSignature();
  // "match the values for notification PartnerCode, OrderId & Amount … with your database".
  if (n.partnerCode !== config().momoPartnerCode) throw invalidSignature();
  // A refund names the payment by MoMo's transId ("Reverse & Refund"); the completion keeps it
  // in its own commit, which may already queue a refund.
  const payment = { provider: "momo" as const, transactionNo: String(n.transId) };
  const outcome = await settleProviderPayment({
    provider: "momo",
    txId: n.orderId,
    paid: n.resultCode === 0,
    amount: n.amount,
    currency: "vnd",
    providerRef: String(n.transId),
    payment,
  });
  if (n.resultCode === 0 && (outcome === "confirmed" || outcome === "already_confirmed")) {
    await rememberProviderPayment(n.orderId, payment);
  }
  if (outcome === "not_found") throw new AppError(404, "not_found", "Order not found");
  if (outcome === "invalid_amount") {
    throw new AppError(422, "invalid_amount", "The amount does not match the order");
  }
}

// --- Refunds ("Reverse & Refund", POST /v2/gateway/api/refund; developers.momo.vn/v3/docs/
// payment/api/payment-api/refund).

/** The refund request, field for field. */
export interface MomoRefundRequest {
  partnerCode: string;
  /** "orderId (new) of the refund transaction which must be different from orderId of the original". */
  orderId: string;
  /** "MoMo's partner uses the requestId field for idempotency control". */
  requestId: string;
  amount: number;
  /** MoMo's transaction id of the payment (its IPN's transId). */
  transId: number;
  lang: "vi" | "en";
  description: string;
  signature: string;
}

/**
 * The refund's signature: hex HMAC-SHA256, keyed with the secret key, of
 * `accessKey=…&amount=…&description=…&orderId=…&partnerCode=…&requestId=…&transId=…` (the
 * request table's `signature` row; raw values).
 */
export function momoRefundSignature(
  r: Omit<MomoRefundRequest, "signature" | "lang">,
  keys = { accessKey: config().momoAccessKey, secretKey: config().momoSecretKey },
) {
  const raw = `accessKey=${keys.accessKey}&amount=${r.amount}&description=${r.description}` +
    `&orderId=${r.orderId}&partnerCode=${r.partnerCode}&requestId=${r.requestId}` +
    `&transId=${r.transId}`;
  return hmacHex("SHA-256", keys.secretKey, raw);
}

export async function momoRefundRequest(r: {
  refundId: string;
  txId: string;
  amount: number;
  transId: number;
}): Promise<MomoRefundRequest> {
  const unsigned = {
    partnerCode: config().momoPartnerCode,
    // Our refund id for both: a retry is the same request, which MoMo answers once.
    orderId: r.refundId,
    requestId: r.refundId,
    amount: r.amount,
    transId: r.transId,
    description: `Hoan tien giao dich ${r.txId}`,
  };
  return { ...unsigned, lang: "vi", signature: await momoRefundSignature(unsigned) };
}

/** The refund answer ("HTTP Response"); MoMo does not sign it, so every field is checked. */
export const momoRefundResponse = z.object({
  partnerCode: z.string(),
  orderId: z.string(),
  requestId: z.string(),
  amount: z.number(),
  transId: z.number(),
  resultCode: z.number(),
  message: z.string().optional(),
  responseTime: z.number().optional(),
});
