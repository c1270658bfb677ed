// The app's configuration, read once from the environment (see README "Configuration").
export interface AppConfig {
  port: number;
  appOrigin: string;
  /** Where this process can reach itself (the test checkout posts its webhook here). */
  internalOrigin: string;
  sitesDomain: string;
  kvPath: string;
  kvUrl: string | null;
  /** `kv` = kv.enqueue/listenQueue (embedded KV); `jobs` = KV-backed job list (remote KV has no queues). */
  queueBackend: "kv" | "jobs";
  production: boolean;
  jwtSecret: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  stripeSecretKey: string | null;
  stripeWebhookSecret: string;
  /** STRIPE_API_BASE: where Stripe API calls go (payout transfers); tests point it at a fake. */
  stripeApiBase: string;
  /** PAYOUT_RETRY_MS: first retry delay of a failed payout transfer (doubles each attempt). */
  payoutRetryMs: number;
  /** VNPay merchant (terminal) code and checksum secret; dev values when unset. */
  vnpayTmnCode: string;
  vnpayHashSecret: string;
  /** VNPay's payment page (vpcpay.html); null = the built-in offline test gateway. */
  vnpayUrl: string | null;
  /** MoMo partner credentials; dev values when unset. */
  momoPartnerCode: string;
  momoAccessKey: string;
  momoSecretKey: string;
  /** MoMo's create-payment URL (…/v2/gateway/api/create); null = the offline test gateway. */
  momoEndpoint: string | null;
  /** VNPay's merchant API (refund); null = the offline test gateway's own endpoint. */
  vnpayApiUrl: string | null;
  /** MoMo's refund URL (…/v2/gateway/api/refund); null = the offline test gateway's own. */
  momoRefundUrl: string | null;
  /** Provider refunds: first retry delay (doubling), attempts in all, and each call's timeout. */
  providerRefundBackoffMs: number;
  providerRefundAttempts: number;
  providerRefundTimeoutMs: number;
  geminiApiKey: string | null;
  geminiBaseUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  githubClientId: string | null;
  githubClientSecret: string | null;
  chromePath: string;
  /** Take page screenshots (thumbnails) with Chromium; SCREENSHOTS=0 keeps placeholders. */
  screenshots: boolean;
  trustProxy: boolean;
  /** DEV_PAGES=1 opens /dev/* (the mailbox) to requests from this machine's loopback only. */
  devPages: boolean;
  refundWindowDays: number;
  /** scrypt cost as log2(N); tests may lower it, production keeps 17. */
  scryptLogN: number;
  /** Password hashes that may wait for one of the 4 hashing slots before others get a 503. */
  hashQueue: number;
  seedDemo: boolean;
  /** Form submissions accepted per client address and site per minute (0 = no limit). */
  formRatePerMinute: number;
  /** Accounts created per client address per 10 minutes (0 = no limit; tests switch it off). */
  registerRatePer10Min: number;
  /** Support-chat messages per user per minute (each starts an assistant job; 0 = no limit). */
  chatRatePerMinute: number;
  /** Image uploads per user per minute (0 = no limit). */
  uploadRatePerMinute: number;
  /** Bytes of uploaded images a user may store (0 = no quota). */
  uploadQuotaBytes: number;
  bodyLimitBytes: number;
  /** DNS_NAMESERVER (`host:port`): where custom-domain checks ask; null = the system resolver. */
  dnsNameserver: string | null;
  /** ALLOW_PRIVATE_WEBHOOKS=1 lets webhooks target loopback/private addresses (tests, local dev). */
  allowPrivateWebhooks: boolean;
  /** First retry delay of a failed webhook delivery; each next one doubles (capped at 6 h). */
  webhookBackoffMs: number;
  /** A webhook attempt that has no complete answer within this time has failed. */
  webhookTimeoutMs: number;
  /** How long a delivery is retried, and how long an integration may fail before it is disabled. */
  webhookRetryWindowMs: number;
  /** Campaign emails sent per second at most (CAMPAIGN_RATE_PER_SECOND). */
  campaignRatePerSecond: number;
}

export const DEV_WEBHOOK_SECRET = "whsec_landinghub_dev_secret";
/** Dev credentials of the offline VNPay and MoMo test gateways (never valid at the providers). */
export const DEV_VNPAY = { tmnCode: "LHDEV001", hashSecret: "LANDINGHUBDEVVNPAYSECRET" };
export const DEV_MOMO = {
  partnerCode: "LANDINGHUBDEV",
  accessKey: "lhdevaccesskey",
  secretKey: "landinghub-dev-momo-secret",
};

export function loadConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): AppConfig {
  const port = Number(env.PORT ?? 8000);
  const stripeSecretKey = env.STRIPE_SECRET_KEY || null;
  return {
    port,
    appOrigin: (env.APP_ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, ""),
    internalOrigin: `http://127.0.0.1:${port}`,
    sitesDomain: env.SITES_DOMAIN ?? `localhost:${port}`,
    kvPath: env.DENO_KV_PATH ?? "./data/landinghub.kv",
    kvUrl: env.DENO_KV_URL || null,
    queueBackend: (env.QUEUE_BACKEND ?? (env.DENO_KV_URL ? "jobs" : "kv")) === "jobs"
      ? "jobs"
      : "kv",
    production: env.DENO_ENV === "production",
    jwtSecret: env.JWT_SECRET || null,
    adminEmail: env.ADMIN_EMAIL || null,
    adminPassword: env.ADMIN_PASSWORD || null,
    stripeSecretKey,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET ||
      (stripeSecretKey ? "" : DEV_WEBHOOK_SECRET),
    stripeApiBase: (env.STRIPE_API_BASE || "https://api.stripe.com").replace(/\/$/, ""),
    payoutRetryMs: Number(env.PAYOUT_RETRY_MS ?? 30_000),
    vnpayTmnCode: env.VNPAY_TMN_CODE || DEV_VNPAY.tmnCode,
    vnpayHashSecret: env.VNPAY_HASH_SECRET || DEV_VNPAY.hashSecret,
    vnpayUrl: env.VNPAY_URL || null,
    momoPartnerCode: env.MOMO_PARTNER_CODE || DEV_MOMO.partnerCode,
    momoAccessKey: env.MOMO_ACCESS_KEY || DEV_MOMO.accessKey,
    momoSecretKey: env.MOMO_SECRET_KEY || DEV_MOMO.secretKey,
    momoEndpoint: env.MOMO_ENDPOINT || null,
    // With real keys the sandbox is the default; with the dev keys, the built-in test gateway.
    vnpayApiUrl: env.VNPAY_API_URL ||
      (env.VNPAY_TMN_CODE ? "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction" : null),
    momoRefundUrl: env.MOMO_REFUND_URL ||
      (env.MOMO_ENDPOINT ? new URL("/v2/gateway/api/refund", env.MOMO_ENDPOINT).href : null),
    providerRefundBackoffMs: Number(env.PROVIDER_REFUND_BACKOFF_MS ?? 60_000),
    providerRefundAttempts: Math.max(1, Number(env.PROVIDER_REFUND_ATTEMPTS ?? 5) || 5),
    // MoMo: "Minimum timeout when call this API must be 30s".
    providerRefundTimeoutMs: Number(env.PROVIDER_REFUND_TIMEOUT_MS ?? 30_000),
    geminiApiKey: env.GEMINI_API_KEY || null,
    geminiBaseUrl: env.GEMINI_BASE_URL || null,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM ?? "LandingHub <no-reply@landinghub.local>",
    githubClientId: env.GITHUB_CLIENT_ID || null,
    githubClientSecret: env.GITHUB_CLIENT_SECRET || null,
    chromePath: env.CHROME_PATH ?? "/usr/bin/chromium",
    screenshots: env.SCREENSHOTS !== "0",
    trustProxy: env.TRUST_PROXY === "1",
    devPages: env.DEV_PAGES === "1",
    refundWindowDays: Number(env.REFUND_WINDOW_DAYS ?? 7),
    scryptLogN: Number(env.SCRYPT_LOG_N ?? 17),
    hashQueue: Number(env.HASH_QUEUE ?? 16),
    seedDemo: env.SEED_DEMO !== "0",
    formRatePerMinute: Number(env.FORM_RATE_PER_MINUTE ?? 10),
    registerRatePer10Min: Number(env.REGISTER_RATE_PER_10MIN ?? 5),
    chatRatePerMinute: Number(env.CHAT_RATE_PER_MINUTE ?? 12),
    uploadRatePerMinute: Number(env.UPLOAD_RATE_PER_MINUTE ?? 10),
    uploadQuotaBytes: Number(env.UPLOAD_QUOTA_MB ?? 50) * 1024 * 1024,
    bodyLimitBytes: Number(env.BODY_LIMIT_BYTES ?? 1024 * 1024),
    dnsNameserver: env.DNS_NAMESERVER || null,
    allowPrivateWebhooks: env.ALLOW_PRIVATE_WEBHOOKS === "1",
    webhookBackoffMs: Number(env.WEBHOOK_BACKOFF_MS ?? 60_000),
    webhookTimeoutMs: Number(env.WEBHOOK_TIMEOUT_MS ?? 10_000),
    webhookRetryWindowMs: Number(env.WEBHOOK_RETRY_WINDOW_MS ?? 24 * 3600 * 1000),
    campaignRatePerSecond: Math.max(1, Number(env.CAMPAIGN_RATE_PER_SECOND ?? 20) || 20),
  };
}

let current: AppConfig | null = null;

export function config(): AppConfig {
  return current ??= loadConfig();
}

export function setConfig(next: AppConfig): AppConfig {
  current = next;
  return next;
}
