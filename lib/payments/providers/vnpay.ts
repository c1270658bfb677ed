// VNPay (payment API v2.1.0): the checkout URL with its vnp_* parameters and checksum, and the
// IPN that confirms a payment. Rules come from VNPay's integration guide, "Hướng dẫn tích hợp
// hệ thống PAY" (sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html), sections named below.
import { config } from "../../config.ts";
import { foldToAscii } from "../../pages/slugs.ts";
import type { Transaction } from "../model.ts";
import { type ProviderOutcome, settleProviderPayment } from "../webhook.ts";
import { hmacHex, type PaymentProvider, rememberProviderPayment, sameHex } from "./provider.ts";

export type VnpParams = Record<string, string>;

/**
 * A name or value as the guide's reference code encodes it ("Code cài đặt", the NodeJS sample):
 * `encodeURIComponent` with "%20" turned into "+". The PHP sample's `urlencode` also escapes
 * ! ' ( ) * ~ (`strict`); values we send never hold them, and IPNs are accepted in either form.
 */
export function vnpEncode(value: string, strict = false): string {
  const encoded = encodeURIComponent(value).replace(/%20/g, "+");
  return strict
    ? encoded.replace(/[!'()*~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    : encoded;
}

/**
 * The text the checksum covers ("Tạo URL Thanh toán" and "Code IPN URL"): every vnp_* parameter
 * but vnp_SecureHash and vnp_SecureHashType, sorted by name, `name=value` form-encoded, joined
 * with "&". Other parameters are not VNPay's and are left out, as the guide's code does.
 */
export function vnpaySignData(params: VnpParams, strict = false): string {
  return Object.keys(params)
    .filter((k) => k.startsWith("vnp_") && k !== "vnp_SecureHash" && k !== "vnp_SecureHashType")
    .sort()
    .map((k) => `${vnpEncode(k, strict)}=${vnpEncode(params[k], strict)}`)
    .join("&");
}

/** vnp_SecureHash: hex HMAC-SHA512 of the sign data, keyed with the terminal's hash secret. */
export function vnpaySecureHash(params: VnpParams, secret = config().vnpayHashSecret) {
  return hmacHex("SHA-512", secret, vnpaySignData(params));
}

/** `params` as a query string with its checksum appended (what VNPay sends and receives). */
export async function signedVnpayQuery(params: VnpParams, secret = config().vnpayHashSecret) {
  return `${vnpaySignData(params)}&vnp_SecureHash=${await vnpaySecureHash(params, secret)}`;
}

/** Whether a query VNPay sent (the IPN, the return URL) carries a valid checksum. */
export async function vnpayVerified(params: VnpParams): Promise<boolean> {
  const given = params.vnp_SecureHash;
  if (!given) return false;
  if (sameHex(given, await vnpaySecureHash(params))) return true;
  // The same parameters encoded as the PHP sample does (differs only for ! ' ( ) * ~).
  const strict = vnpaySignData(params, true);
  return strict !== vnpaySignData(params) &&
    sameHex(given, await hmacHex("SHA-512", config().vnpayHashSecret, strict));
}

/** yyyyMMddHHmmss in GMT+7, the format of vnp_CreateDate and vnp_ExpireDate. */
export function vnpayDate(ms: number): string {
  const d = new Date(ms + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** How long VNPay keeps the payment page open (vnp_ExpireDate). */
const EXPIRE_MS = 15 * 60_000;

/** vnp_OrderInfo: "Tiếng Việt không dấu và không bao gồm các ký tự đặc biệt" (the parameter table). */
export function vnpayOrderInfo(title: string, txId: string): string {
  const plain = foldToAscii(title).replace(/[^A-Za-z0-9 ]+/g, " ").replace(/\s+/g, " ").trim();
  return `Thanh toan ${plain.slice(0, 120)} ${txId}`.replace(/\s+/g, " ");
}

export const vnpayReturnUrl = () => `${config().appOrigin}/checkout/vnpay/return`;
/** VNPay's payment page, or the built-in test gateway standing in for it. */
export const vnpayPayUrl = () => config().vnpayUrl ?? `${config().appOrigin}/checkout/vnpay/pay`;

/** The parameters of a payment request for `tx` ("Danh sách tham số", vnp_Command=pay). */
export function vnpayPaymentParams(tx: Transaction, title: string, ip: string, now = Date.now()) {
  return {
    vnp_Version: "2.1.0",
    vnp_Command: "pay",
    vnp_TmnCode: config().vnpayTmnCode,
    // "nhân thêm 100 lần (khử phần thập phân)": VND has no minor unit, so amount × 100.
    vnp_Amount: String(tx.amount * 100),
    vnp_CreateDate: vnpayDate(now),
    vnp_ExpireDate: vnpayDate(now + EXPIRE_MS),
    vnp_CurrCode: "VND",
    vnp_IpAddr: ip,
    vnp_Locale: "vn",
    vnp_OrderInfo: vnpayOrderInfo(title, tx.id),
    vnp_OrderType: "other",
    vnp_ReturnUrl: vnpayReturnUrl(),
    vnp_TxnRef: tx.id,
  } satisfies VnpParams;
}

export const vnpayProvider: PaymentProvider = {
  name: "vnpay",
  currencies: ["vnd"],
  reuseMs: EXPIRE_MS - 60_000,
  amountProblem: (amount) =>
    // vnp_Amount is Numeric[1,12] after × 100.
    amount * 100 >= 1e12 ? "The amount is too large for VNPay" : null,
  async start(tx, item) {
    const params = vnpayPaymentParams(tx, item.title, item.ip);
    return { url: `${vnpayPayUrl()}?${await signedVnpayQuery(params)}`, reference: null };
  },
};

/** VNPay's IPN answer ("Code IPN URL"): 200 with this JSON whatever happened. */
export interface VnpayAnswer {
  RspCode: "00" | "01" | "02" | "04" | "97" | "99";
  Message: string;
}

const ANSWERS: Record<ProviderOutcome, VnpayAnswer> = {
  confirmed: { RspCode: "00", Message: "Confirm Success" },
  not_found: { RspCode: "01", Message: "Order not found" },
  already_confirmed: { RspCode: "02", Message: "Order already confirmed" },
  invalid_amount: { RspCode: "04", Message: "Invalid amount" },
};

/**
 * Handle an IPN call (`GET ?vnp_…`). The guide's order: checksum (97), the order (01), the
 * amount (04), whether it was already confirmed (02), then update: a payment is successful only
 * when vnp_ResponseCode and vnp_TransactionStatus are both "00" ("Bảng mã lỗi"); any other
 * result marks the order failed. Unexpected errors answer 99 so VNPay retries.
 */
export async function handleVnpayIpn(query: VnpParams): Promise<VnpayAnswer> {
  try {
    if (!(await vnpayVerified(query))) return { RspCode: "97", Message: "Invalid signature" };
    const txId = query.vnp_TxnRef ?? "";
    if (!/^[0-9A-Za-z]{1,100}$/.test(txId)) return ANSWERS.not_found;
    const raw = query.vnp_Amount ?? "";
    // vnp_Amount is Numeric[1,12], in hundredths of a đồng.
    const amount = /^\d{1,12}$/.test(raw) && Number(raw) % 100 === 0 ? Number(raw) / 100 : -1;
    const paid = query.vnp_ResponseCode === "00" && query.vnp_TransactionStatus === "00";
    // A refund sends these back ("API hoàn tiền": vnp_TransactionNo, vnp_TransactionDate); the
    // completion keeps them in its own commit, which may already queue a refund.
    const payment = {
      provider: "vnpay" as const,
      transactionNo: (query.vnp_TransactionNo ?? "").slice(0, 64),
      payDate: (query.vnp_PayDate ?? "").slice(0, 14),
    };
    const outcome = await settleProviderPayment({
      provider: "vnpay",
      txId,
      paid,
      amount,
      currency: "vnd",
      providerRef: payment.transactionNo,
      payment,
    });
    // Payments completed before the completion kept them (a no-op once kept).
    if (paid && (outcome === "confirmed" || outcome === "already_confirmed")) {
      await rememberProviderPayment(txId, payment);
    }
    return ANSWERS[outcome];
  } catch (err) {
    console.error("vnpay ipn", err);
    return { RspCode: "99", Message: "Unknown error" };
  }
}

// --- Refunds: the merchant API, vnp_Command=refund and querydr ("API querydr, refund",
// sandbox.vnpayment.vn/apis/docs/truy-van-hoan-tien/querydr&refund.html: POST JSON to
// merchant_webapi/api/transaction). Unlike pay/IPN, the checksum is not over a sorted query
// string: each table's vnp_SecureHash row lists the fields joined by "|" in a fixed order (checked
// against VNPay's own sample code, "Code cài đặt", and the tables of both sections).
//
// vnp_RequestId: "Mã này là duy nhất dùng để phân biệt các yêu cầu … Không được trùng lặp trong
// ngày" — every call gets a new one, a retry included. A retry therefore is a new request to
// VNPay, so provider-refunds.ts asks querydr first whenever an earlier call may have reached it.

/** The fields of a refund request ("Danh sách tham số gửi VNPAY (vnp_Command=refund)"). */
export interface VnpayRefundRequest {
  vnp_RequestId: string;
  vnp_Version: "2.1.0";
  vnp_Command: "refund";
  vnp_TmnCode: string;
  /** "02" full refund, "03" partial refund. */
  vnp_TransactionType: "02" | "03";
  vnp_TxnRef: string;
  /** × 100, as for payments. */
  vnp_Amount: string;
  vnp_TransactionNo: string;
  /** The payment's time at VNPay (yyyyMMddHHmmss, GMT+7). */
  vnp_TransactionDate: string;
  vnp_CreateBy: string;
  vnp_CreateDate: string;
  vnp_IpAddr: string;
  vnp_OrderInfo: string;
  vnp_SecureHash: string;
}

/** The order of the request's checksum data (the `vnp_SecureHash` row of the refund table). */
export const VNPAY_REFUND_HASH_FIELDS = [
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
] as const;

/** The order of the response's checksum data ("Dữ liệu VNPAY phản hồi", vnp_SecureHash). */
export const VNPAY_REFUND_RESPONSE_HASH_FIELDS = [
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
] as const;

/** querydr's checksum order ("Danh sách tham số gửi VNPAY (vnp_Command=querydr)"). */
export const VNPAY_QUERY_HASH_FIELDS = [
  "vnp_RequestId",
  "vnp_Version",
  "vnp_Command",
  "vnp_TmnCode",
  "vnp_TxnRef",
  "vnp_TransactionDate",
  "vnp_CreateDate",
  "vnp_IpAddr",
  "vnp_OrderInfo",
] as const;

/** querydr's answer checksum order: the refund answer's, then the promotion fields. */
export const VNPAY_QUERY_RESPONSE_HASH_FIELDS = [
  ...VNPAY_REFUND_RESPONSE_HASH_FIELDS,
  "vnp_PromotionCode",
  "vnp_PromotionAmount",
] as const;

/**
 * vnp_TransactionDate of refund and querydr: "Thời gian ghi nhận giao dịch tại hệ thống của
 * merchant … Thanh toán PAY giống vnp_CreateDate của vnp_Command=pay" — the vnp_CreateDate of the
 * payment URL we made (kept in the transaction's checkout URL), not the IPN's vnp_PayDate (only a
 * record without that URL falls back to it).
 */
export function vnpayPaymentDate(tx: { checkoutUrl: string }, payDate = ""): string {
  try {
    const d = new URL(tx.checkoutUrl).searchParams.get("vnp_CreateDate") ?? "";
    if (/^\d{14}$/.test(d)) return d;
  } catch {
    // not a URL: fall back
  }
  return payDate;
}

/** Hex HMAC-SHA512 of `fields`' values (missing = empty) joined by "|". */
export function vnpayPipeHash(
  values: Record<string, unknown>,
  fields: readonly string[],
  secret = config().vnpayHashSecret,
) {
  return hmacHex("SHA-512", secret, fields.map((f) => String(values[f] ?? "")).join("|"));
}

/** A signed refund request of `amount` đồng of the payment `tx` (VNPay's numbers from its IPN). */
export async function vnpayRefundRequest(r: {
  requestId: string;
  txId: string;
  amount: number;
  full: boolean;
  transactionNo: string;
  transactionDate: string;
  createBy: string;
  now?: number;
}): Promise<VnpayRefundRequest> {
  const unsigned = {
    vnp_RequestId: r.requestId,
    vnp_Version: "2.1.0" as const,
    vnp_Command: "refund" as const,
    vnp_TmnCode: config().vnpayTmnCode,
    vnp_TransactionType: r.full ? "02" as const : "03" as const,
    vnp_TxnRef: r.txId,
    vnp_Amount: String(r.amount * 100),
    vnp_TransactionNo: r.transactionNo,
    vnp_TransactionDate: r.transactionDate,
    vnp_CreateBy: r.createBy.slice(0, 250),
    vnp_CreateDate: vnpayDate(r.now ?? Date.now()),
    // "Địa chỉ IP của máy chủ thực hiện gọi API": the server's, not a buyer's.
    vnp_IpAddr: "127.0.0.1",
    vnp_OrderInfo: `Hoan tien giao dich ${r.txId}`,
  };
  return {
    ...unsigned,
    vnp_SecureHash: await vnpayPipeHash(unsigned, VNPAY_REFUND_HASH_FIELDS),
  };
}

/** Whether a refund response carries a valid checksum (the response table's rule). */
export async function vnpayRefundResponseVerified(body: Record<string, unknown>) {
  const given = body.vnp_SecureHash;
  return typeof given === "string" &&
    sameHex(given, await vnpayPipeHash(body, VNPAY_REFUND_RESPONSE_HASH_FIELDS));
}

/** A signed querydr of the payment `txId` ("Truy vấn kết quả thanh toán (QueryDr)"). */
export async function vnpayQueryRequest(r: {
  requestId: string;
  txId: string;
  transactionDate: string;
  now?: number;
}): Promise<Record<string, string>> {
  const unsigned = {
    vnp_RequestId: r.requestId,
    vnp_Version: "2.1.0",
    vnp_Command: "querydr",
    vnp_TmnCode: config().vnpayTmnCode,
    vnp_TxnRef: r.txId,
    vnp_TransactionDate: r.transactionDate,
    vnp_CreateDate: vnpayDate(r.now ?? Date.now()),
    vnp_IpAddr: "127.0.0.1",
    vnp_OrderInfo: `Truy van giao dich ${r.txId}`,
  };
  return {
    ...unsigned,
    vnp_SecureHash: await vnpayPipeHash(unsigned, VNPAY_QUERY_HASH_FIELDS),
  };
}

/** Whether a querydr answer carries a valid checksum. */
export async function vnpayQueryResponseVerified(body: Record<string, unknown>) {
  const given = body.vnp_SecureHash;
  return typeof given === "string" &&
    sameHex(given, await vnpayPipeHash(body, VNPAY_QUERY_RESPONSE_HASH_FIELDS));
}
