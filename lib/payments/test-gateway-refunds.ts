// The refund endpoints of the offline VNPay and MoMo test gateways: with the dev keys (no real
// ones configured) the app's provider refunds are sent here, and these answer as the provider
// would, by its own rules and codes, with correctly signed answers. They check the request's
// signature, the payment it names and that refunds never exceed what was paid; a MoMo refund
// repeated with the same orderId gets the first answer again.
import { config, DEV_MOMO, DEV_VNPAY } from "../config.ts";
import { keys, kv, newId, retryAtomic } from "../kv/index.ts";
import type { Transaction } from "./model.ts";
import { momoRefundSignature } from "./providers/momo.ts";
import { providerPaymentByNo, providerPaymentOf, sameHex } from "./providers/provider.ts";
import {
  VNPAY_QUERY_HASH_FIELDS,
  VNPAY_QUERY_RESPONSE_HASH_FIELDS,
  VNPAY_REFUND_HASH_FIELDS,
  VNPAY_REFUND_RESPONSE_HASH_FIELDS,
  vnpayDate,
  vnpayPipeHash,
} from "./providers/vnpay.ts";

/** The gateways answer only while the app runs on the dev keys. */
export const vnpayTestGatewayOn = () =>
  !config().vnpayApiUrl && config().vnpayHashSecret === DEV_VNPAY.hashSecret;
export const momoTestGatewayOn = () =>
  !config().momoRefundUrl && config().momoSecretKey === DEV_MOMO.secretKey;

/** What the gateway has refunded of one payment, and MoMo answers by refund orderId. */
const gatewayKeys = {
  refunded: (provider: string, txId: string) => ["test_gateway_refunded", provider, txId],
  momoAnswer: (orderId: string) => ["test_gateway_momo_refunds", orderId],
};

/** Take `amount` from what is left of `tx` at the gateway; false when it would exceed it. */
async function takeRefund(provider: string, tx: Transaction, amount: number) {
  return await retryAtomic<boolean>(async (op) => {
    const entry = await kv().get<number>(gatewayKeys.refunded(provider, tx.id));
    const done = entry.value ?? 0;
    if (amount <= 0 || done + amount > tx.amount) return false;
    op.check(entry).set(gatewayKeys.refunded(provider, tx.id), done + amount);
    return true;
  });
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** POST merchant_webapi/api/transaction with vnp_Command=refund ("API hoàn tiền"). */
export async function answerVnpayTestRefund(body: unknown): Promise<Record<string, string>> {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const answer = async (code: string, message: string, extra: Record<string, string> = {}) => {
    const fields: Record<string, string> = {
      vnp_ResponseId: newId(),
      vnp_Command: "refund",
      vnp_ResponseCode: code,
      vnp_Message: message,
      vnp_TmnCode: str(b.vnp_TmnCode),
      vnp_TxnRef: str(b.vnp_TxnRef),
      vnp_Amount: str(b.vnp_Amount),
      vnp_BankCode: "NCB",
      vnp_PayDate: vnpayDate(Date.now()),
      vnp_TransactionNo: "",
      vnp_TransactionType: str(b.vnp_TransactionType),
      vnp_TransactionStatus: "",
      vnp_OrderInfo: str(b.vnp_OrderInfo),
      ...extra,
    };
    return {
      ...fields,
      vnp_SecureHash: await vnpayPipeHash(fields, VNPAY_REFUND_RESPONSE_HASH_FIELDS),
    };
  };
  if (b.vnp_Command === "querydr" && b.vnp_Version === "2.1.0") return await answerVnpayQuery(b);
  if (b.vnp_Command !== "refund" || b.vnp_Version !== "2.1.0") {
    return await answer("03", "Invalid data format");
  }
  if (!sameHex(str(b.vnp_SecureHash), await vnpayPipeHash(b, VNPAY_REFUND_HASH_FIELDS))) {
    return await answer("97", "Invalid checksum");
  }
  if (b.vnp_TmnCode !== config().vnpayTmnCode) return await answer("02", "Invalid TmnCode");
  const raw = str(b.vnp_Amount);
  const amount = /^\d{1,12}$/.test(raw) && Number(raw) % 100 === 0 ? Number(raw) / 100 : 0;
  if (!amount || !["02", "03"].includes(str(b.vnp_TransactionType))) {
    return await answer("03", "Invalid data format");
  }
  const tx = (await kv().get<Transaction>(keys.transaction(str(b.vnp_TxnRef)))).value;
  const paid = tx?.provider === "vnpay" ? await providerPaymentOf(tx) : null;
  if (!tx || !paid || paid.transactionNo !== b.vnp_TransactionNo) {
    return await answer("91", "Transaction not found");
  }
  // A full refund ("02") is of the whole amount; a partial one ("03") of less.
  const full = b.vnp_TransactionType === "02";
  if ((full && amount !== tx.amount) || !(await takeRefund("vnpay", tx, amount))) {
    return await answer("95", "Refund refused: amount not allowed");
  }
  return await answer("00", "Refund success", {
    vnp_TransactionNo: String(20_000_000 + Math.floor(Math.random() * 79_999_999)),
    vnp_TransactionStatus: "05",
  });
}

/** vnp_Command=querydr: the payment, or its refund once one was made (type 02/03, status 05). */
async function answerVnpayQuery(b: Record<string, unknown>): Promise<Record<string, string>> {
  const answer = async (code: string, message: string, extra: Record<string, string> = {}) => {
    const fields: Record<string, string> = {
      vnp_ResponseId: newId(),
      vnp_Command: "querydr",
      vnp_ResponseCode: code,
      vnp_Message: message,
      vnp_TmnCode: str(b.vnp_TmnCode),
      vnp_TxnRef: str(b.vnp_TxnRef),
      vnp_Amount: "",
      vnp_BankCode: "NCB",
      vnp_PayDate: "",
      vnp_TransactionNo: "",
      vnp_TransactionType: "",
      vnp_TransactionStatus: "",
      vnp_OrderInfo: str(b.vnp_OrderInfo),
      vnp_PromotionCode: "",
      vnp_PromotionAmount: "",
      ...extra,
    };
    return {
      ...fields,
      vnp_SecureHash: await vnpayPipeHash(fields, VNPAY_QUERY_RESPONSE_HASH_FIELDS),
    };
  };
  if (!sameHex(str(b.vnp_SecureHash), await vnpayPipeHash(b, VNPAY_QUERY_HASH_FIELDS))) {
    return await answer("97", "Invalid checksum");
  }
  const tx = (await kv().get<Transaction>(keys.transaction(str(b.vnp_TxnRef)))).value;
  const paid = tx?.provider === "vnpay" ? await providerPaymentOf(tx) : null;
  if (!tx || !paid) return await answer("91", "Transaction not found");
  const refunded = (await kv().get<number>(gatewayKeys.refunded("vnpay", tx.id))).value ?? 0;
  return await answer("00", "QueryDR Success", {
    vnp_Amount: String((refunded || tx.amount) * 100),
    vnp_PayDate: paid.payDate ?? "",
    vnp_TransactionNo: paid.transactionNo,
    vnp_TransactionType: refunded ? (refunded >= tx.amount ? "02" : "03") : "01",
    vnp_TransactionStatus: refunded ? "05" : "00",
  });
}

/** POST /v2/gateway/api/refund ("Reverse & Refund"). */
export async function answerMomoTestRefund(body: unknown): Promise<Record<string, unknown>> {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const answer = (resultCode: number, message: string, transId = 0) => ({
    partnerCode: str(b.partnerCode),
    orderId: str(b.orderId),
    requestId: str(b.requestId),
    amount: typeof b.amount === "number" ? b.amount : 0,
    transId,
    resultCode,
    message,
    responseTime: Date.now(),
  });
  const amount = b.amount, transId = b.transId;
  if (
    typeof amount !== "number" || !Number.isSafeInteger(amount) ||
    typeof transId !== "number" || !str(b.orderId) || !str(b.requestId)
  ) return answer(20, "Bad format request.");
  const expected = await momoRefundSignature({
    partnerCode: str(b.partnerCode),
    orderId: str(b.orderId),
    requestId: str(b.requestId),
    amount,
    transId,
    description: str(b.description),
  });
  if (!sameHex(str(b.signature), expected) || b.partnerCode !== config().momoPartnerCode) {
    return answer(13, "Merchant authentication failed.");
  }
  const before = (await kv().get<Record<string, unknown>>(gatewayKeys.momoAnswer(str(b.orderId))))
    .value;
  if (before) return before; // the same refund again: the same answer, no second refund
  // "Min: 1.000 VND … Max: 50.000.000 VND".
  if (amount < 1_000 || amount > 50_000_000) return answer(21, "Invalid amount.");
  const txId = (await kv().get<string>(providerPaymentByNo("momo", String(transId)))).value;
  const tx = txId ? (await kv().get<Transaction>(keys.transaction(txId))).value : null;
  if (!tx || tx.provider !== "momo") return answer(42, "Invalid orderId or orderId is not found.");
  if (!(await takeRefund("momo", tx, amount))) return answer(21, "Invalid amount.");
  const ok = answer(0, "Thành công.", 5_000_000_000 + Math.floor(Math.random() * 99_999_999));
  await kv().set(gatewayKeys.momoAnswer(str(b.orderId)), ok);
  return ok;
}
