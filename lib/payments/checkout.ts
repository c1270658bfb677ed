// Starting a payment: one open checkout per buyer and listing, with the buyer's provider (Stripe,
// VNPay, MoMo) or their built-in offline test gateways, which sign the same notification the
// provider would and send it to our own webhook.
import type { UserRecord } from "../auth/index.ts";
import { config } from "../config.ts";
import { AppError, conflict, notFound } from "../http/index.ts";
import { keys, kv, newId, noCommit, nowIso, retryAtomic } from "../kv/index.ts";
import type { Listing } from "../market/index.ts";
import { completeCheckout } from "./completion.ts";
import type { Order, Purchase, Transaction } from "./model.ts";
import { priceCheckout } from "./pricing.ts";
import { momoIpnSignature, momoOrderInfo, momoProvider } from "./providers/momo.ts";
import type { PaymentProvider, ProviderName } from "./providers/provider.ts";
import { createCheckoutSession, signedTestCompletion } from "./providers/stripe.ts";
import { signedVnpayQuery, vnpayProvider, vnpayVerified } from "./providers/vnpay.ts";

const checkoutUrls = () => ({
  success: `${config().appOrigin}/checkout/success`,
  cancel: `${config().appOrigin}/checkout/cancel`,
});

// Stripe Checkout Sessions expire after 24 h; an open one is offered again until shortly before.
const OPEN_CHECKOUT_MS = 23 * 3600 * 1000;

const stripeProvider: PaymentProvider = {
  name: "stripe",
  currencies: null,
  reuseMs: OPEN_CHECKOUT_MS,
  amountProblem: () => null,
  async start(tx, item) {
    if (!config().stripeSecretKey) {
      return { url: `${config().appOrigin}/checkout/test/${tx.id}`, reference: null };
    }
    const session = await createCheckoutSession(tx, item, checkoutUrls());
    return { url: session.url, reference: session.id };
  },
};

// Looked up when called: the provider modules import the completion path, which imports this
// folder's index, so a table built at load time could meet them half-initialised.
const providerFor = (name: ProviderName): PaymentProvider =>
  name === "vnpay" ? vnpayProvider : name === "momo" ? momoProvider : stripeProvider;

const NAMES: Record<ProviderName, string> = { stripe: "Stripe", vnpay: "VNPay", momo: "MoMo" };

/**
 * Start a checkout for one listing or a bundle (`listingIds`), with an optional discount code. A
 * buyer has at most one open checkout per listing (or bundle): a second Buy (another tab, a
 * double click) with the same provider and code gets the same one, so it cannot be paid twice;
 * were an older one paid after all, completion refunds it (already owned). A total of 0 (a free
 * template, or a 100% code) is delivered at once: `checkoutUrl` is null.
 */
export async function createPayment(
  buyer: UserRecord,
  listingIds: string | string[],
  opts: { provider?: ProviderName; ip?: string; discountCode?: string | null } = {},
): Promise<{ transaction: Transaction; checkoutUrl: string | null }> {
  const ids = Array.isArray(listingIds) ? listingIds : [listingIds];
  const provider = providerFor(opts.provider ?? "stripe");
  // "Get it free" twice (a double click, another tab) returns the first claim, not a 409.
  const claimed = ids.length === 1 && await freeClaimOf(buyer.id, ids[0]);
  if (claimed) return { transaction: claimed, checkoutUrl: null };
  const priced = await priceCheckout(buyer, ids, opts.discountCode).catch(async (err) => {
    // A concurrent claim of the same free template completed in between: that one is the answer.
    const earlier = err instanceof AppError && err.code === "already_bought" && ids.length === 1 &&
      await freeClaimOf(buyer.id, ids[0]);
    if (earlier) return earlier;
    throw err;
  });
  if ("buyerId" in priced) return { transaction: priced, checkoutUrl: null };
  const first = priced.listings[0];
  const bundle = priced.items.length > 1;
  const base = {
    listingId: first.id,
    buyerId: buyer.id,
    sellerId: first.sellerId,
    amount: priced.total,
    currency: priced.currency,
    items: priced.items,
    discount: priced.discount,
    checkoutSessionId: null,
    paymentIntentId: null,
    orderId: null,
    completedAt: null,
  };
  if (priced.total === 0) return await claimFree(buyer, base);
  if (provider.currencies && !provider.currencies.includes(priced.currency)) {
    throw new AppError(
      422,
      "currency_not_supported",
      `${NAMES[provider.name]} takes payments in ${
        provider.currencies.map((c) => c.toUpperCase()).join(", ")
      } only; this template is priced in ${priced.currency.toUpperCase()}`,
    ).withParams({
      provider: NAMES[provider.name],
      currencies: provider.currencies.map((c) => c.toUpperCase()).join(", "),
      currency: priced.currency.toUpperCase(),
    });
  }
  const amountProblem = provider.amountProblem(priced.total, priced.currency);
  if (amountProblem) throw new AppError(422, "amount_not_supported", amountProblem);
  const slot = bundle ? `bundle:${[...ids].sort().join(",")}` : first.id;
  const title = bundle
    ? `${priced.items.length} templates: ${priced.items.map((i) => i.title).join(", ")}`
    : first.title;
  // The provider's checkout is made once, outside the retried commit (it is a network call).
  let fresh: Transaction | null = null;
  return await retryAtomic(async (op) => {
    const openEntry = await kv().get<string>(keys.openCheckout(buyer.id, slot));
    const open = openEntry.value
      ? (await kv().get<Transaction>(keys.transaction(openEntry.value))).value
      : null;
    if (
      open?.status === "pending" && open.amount === priced.total &&
      (open.discount?.code ?? null) === (priced.discount?.code ?? null) &&
      (open.provider ?? "stripe") === provider.name &&
      Date.now() - Date.parse(open.createdAt) < provider.reuseMs
    ) {
      // A concurrent Buy opened a checkout first (or this is a second click): offer that one.
      return noCommit({ transaction: open, checkoutUrl: open.checkoutUrl });
    }
    if (!fresh) {
      fresh = {
        ...base,
        id: newId(),
        status: "pending",
        provider: provider.name,
        checkoutUrl: "",
        createdAt: nowIso(),
      };
      const started = await provider.start(fresh, {
        title: title.slice(0, 200),
        email: buyer.email,
        ip: opts.ip ?? "127.0.0.1",
      });
      fresh.checkoutUrl = started.url;
      fresh.checkoutSessionId = started.reference;
    }
    op.check(openEntry)
      .set(keys.transaction(fresh.id), fresh)
      .set(keys.openCheckout(buyer.id, slot), fresh.id, { expireIn: provider.reuseMs });
    return { transaction: fresh, checkoutUrl: fresh.checkoutUrl };
  });
}

/** The transaction of the buyer's earlier claim of a free listing, if they own it that way. */
async function freeClaimOf(buyerId: string, listingId: string): Promise<Transaction | null> {
  const purchase = (await kv().get<Purchase>(keys.purchase(buyerId, listingId))).value;
  if (purchase?.status !== "delivered") return null;
  const order = (await kv().get<Order>(keys.order(purchase.orderId))).value;
  if (!order || order.price !== 0) return null;
  return (await kv().get<Transaction>(keys.transaction(order.transactionId))).value;
}

/**
 * A checkout whose total is 0: recorded, then completed at once through the same exactly-once
 * commit as a paid one (an order of amount 0, the copy, the sold count, the code's redemption).
 */
async function claimFree(
  buyer: UserRecord,
  base: Omit<Transaction, "id" | "status" | "checkoutUrl" | "createdAt">,
) {
  const tx: Transaction = {
    ...base,
    id: newId(),
    status: "pending",
    provider: "free",
    checkoutUrl: "",
    createdAt: nowIso(),
  };
  await kv().set(keys.transaction(tx.id), tx);
  const done = await completeCheckout({
    eventId: `free:${tx.id}`,
    type: "free.claimed",
    txId: tx.id,
    paymentIntent: null,
    sessionId: null,
    amountPaid: 0,
    currency: tx.currency,
  });
  if (done.usedUp) {
    throw new AppError(422, "discount_used_up", `The code ${base.discount?.code} has been used up`);
  }
  if (done.alreadyOwned) {
    // A concurrent claim of the same template won: hand back that one.
    const earlier = await freeClaimOf(buyer.id, base.listingId);
    if (earlier) return { transaction: earlier, checkoutUrl: null };
    throw conflict("already_bought", "You already own this template");
  }
  if (!done.orderId) {
    throw conflict("not_on_sale", "This template is not on sale at the moment");
  }
  const stored = (await kv().get<Transaction>(keys.transaction(tx.id))).value ?? tx;
  return { transaction: stored, checkoutUrl: null };
}

export async function getOwnTransaction(buyerId: string, id: string) {
  const tx = (await kv().get<Transaction>(keys.transaction(id))).value;
  if (!tx || tx.buyerId !== buyerId) throw notFound("Transaction");
  return tx;
}

/** Sign a checkout.session.completed event for `tx` and post it to our own webhook. */
export async function payWithTestCheckout(buyerId: string, txId: string) {
  const tx = await getOwnTransaction(buyerId, txId);
  if (config().stripeSecretKey || (tx.provider ?? "stripe") !== "stripe") {
    throw notFound("Test checkout");
  }
  if (tx.status !== "pending") {
    throw conflict("already_paid", `This payment is already ${tx.status}`);
  }
  const { payload, signature } = await signedTestCompletion(tx, `evt_test_${newId()}`);
  const res = await fetch(`${config().internalOrigin}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
  await res.body?.cancel();
  if (!res.ok) throw new AppError(502, "payment_failed", "The payment could not be confirmed");
  return tx;
}

/** The offline gateways exist only while the provider's real endpoint is not configured. */
const offline = (provider: "vnpay" | "momo") =>
  provider === "vnpay" ? !config().vnpayUrl : !config().momoEndpoint;

/**
 * The VNPay test gateway's page: the signed payment request as VNPay receives it (checked the
 * same way), for the signed-in buyer's own pending transaction.
 */
export async function openVnpayTestGateway(buyerId: string, query: Record<string, string>) {
  if (!offline("vnpay")) throw notFound("Test gateway");
  if (!(await vnpayVerified(query))) {
    throw new AppError(400, "invalid_signature", "Sai chữ ký (invalid checksum)");
  }
  const tx = await getOwnTransaction(buyerId, query.vnp_TxnRef ?? "");
  if (tx.provider !== "vnpay") throw notFound("Transaction");
  return { tx, returnUrl: query.vnp_ReturnUrl ?? "", orderInfo: query.vnp_OrderInfo ?? "" };
}

/**
 * "Pay" (or "Cancel") on the VNPay test gateway: sign the IPN VNPay would send for `tx`, call our
 * own IPN URL with it, and return the query VNPay appends to vnp_ReturnUrl.
 */
export async function payWithVnpayTestGateway(
  buyerId: string,
  query: Record<string, string>,
  outcome: "paid" | "cancelled",
): Promise<{ redirect: string }> {
  const { tx, returnUrl, orderInfo } = await openVnpayTestGateway(buyerId, query);
  const ok = outcome === "paid";
  const params: Record<string, string> = {
    vnp_Amount: String(tx.amount * 100),
    vnp_BankCode: "NCB",
    vnp_CardType: "ATM",
    vnp_OrderInfo: orderInfo,
    vnp_PayDate: query.vnp_CreateDate ?? "",
    // "Bảng mã lỗi": 00 success; 24 = the customer cancelled (status 02 = not completed).
    vnp_ResponseCode: ok ? "00" : "24",
    vnp_TmnCode: config().vnpayTmnCode,
    vnp_TransactionNo: ok ? String(10_000_000 + Math.floor(Math.random() * 89_999_999)) : "0",
    vnp_TransactionStatus: ok ? "00" : "02",
    vnp_TxnRef: tx.id,
  };
  if (ok) params.vnp_BankTranNo = `VNP${params.vnp_TransactionNo}`;
  const signed = await signedVnpayQuery(params);
  const res = await fetch(`${config().internalOrigin}/api/webhooks/vnpay?${signed}`);
  const answer = await res.json().catch(() => null) as { RspCode?: string } | null;
  if (!res.ok || !answer || !["00", "02"].includes(answer.RspCode ?? "")) {
    throw new AppError(502, "payment_failed", "The payment could not be confirmed");
  }
  return { redirect: `${returnUrl}?${signed}` };
}

/** The MoMo test gateway's page: the signed-in buyer's own pending MoMo transaction. */
export async function openMomoTestGateway(buyerId: string, txId: string) {
  if (!offline("momo")) throw notFound("Test gateway");
  const tx = await getOwnTransaction(buyerId, txId);
  if (tx.provider !== "momo") throw notFound("Transaction");
  return tx;
}

/**
 * "Pay" (or "Cancel") on the MoMo test gateway: sign the IPN MoMo would POST for `tx`, send it
 * to our own IPN URL, and return where MoMo redirects the buyer (redirectUrl with the result).
 */
export async function payWithMomoTestGateway(
  buyerId: string,
  txId: string,
  outcome: "paid" | "cancelled",
): Promise<{ redirect: string }> {
  const tx = await openMomoTestGateway(buyerId, txId);
  const ok = outcome === "paid";
  const listing = (await kv().get<Listing>(keys.listing(tx.listingId))).value;
  const fields = {
    partnerCode: config().momoPartnerCode,
    orderId: tx.id,
    requestId: tx.checkoutSessionId ?? newId(),
    amount: tx.amount,
    orderInfo: momoOrderInfo(listing?.title ?? "", tx.id),
    orderType: "momo_wallet",
    transId: ok ? 4_000_000_000 + Math.floor(Math.random() * 99_999_999) : 0,
    // MoMo's result codes: 0 successful, 1006 the user denied the payment.
    resultCode: ok ? 0 : 1006,
    message: ok ? "Successful." : "Transaction denied by user.",
    payType: "qr",
    responseTime: Date.now(),
    extraData: "",
  };
  const body = { ...fields, signature: await momoIpnSignature(fields) };
  const res = await fetch(`${config().internalOrigin}/api/webhooks/momo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.body?.cancel();
  if (res.status !== 204) {
    throw new AppError(502, "payment_failed", "The payment could not be confirmed");
  }
  const back = new URLSearchParams(
    Object.entries(body).map(([k, v]) => [k, String(v)]),
  );
  return { redirect: `${config().appOrigin}/checkout/momo/return?${back}` };
}
