// The error envelope of the contract and input parsing shared by every route. An error's `code`
// is stable; its message is in the request's language ("mail.err.<code>" in
// lib/i18n/areas/mail.ts for vi/th; English keeps the error's own, more specific text).
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { UserRecord } from "../auth/index.ts";
import type { Locale } from "../i18n/index.ts";
import { areaT } from "../i18n/area.ts";
import { mail as mailArea } from "../i18n/areas/mail.ts";

export class AppError extends Error {
  /** Values for the placeholders of the translated message (e.g. {provider}). */
  params?: Record<string, string | number>;
  /** Set when `message` is already in the reader's language: it is then kept as it is. */
  localized = false;
  constructor(
    public status: ContentfulStatusCode,
    public code: string,
    message: string,
    public fields?: Record<string, string>,
    public extra?: Record<string, unknown>,
    public headers?: Record<string, string>,
  ) {
    super(message);
  }

  /**
   * An error whose message a route already wrote in the reader's language (a form's own reason,
   * "Enter a positive amount"): shown as it is, never replaced by its code's generic text.
   */
  static inLanguage(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    fields?: Record<string, string>,
  ): AppError {
    const err = new AppError(status, code, message, fields);
    err.localized = true;
    return err;
  }

  /** Give the translated message its placeholders' values; returns the error for `throw`. */
  withParams(params: Record<string, string | number>): this {
    this.params = params;
    return this;
  }
}

type MailKey = keyof typeof mailArea.en;
const ERROR_KEYS = new Set<string>(
  Object.keys(mailArea.en).filter((k) => k.startsWith("mail.err.")),
);

/**
 * `err`'s message for a reader of `locale`: English is the error's own text; Vietnamese and Thai
 * come from "mail.err.<code>", or the English text when the code has no translation (or the
 * translation needs values the error did not give).
 */
export function errorMessage(err: AppError, locale: Locale = "en"): string {
  if (locale === "en" || err.localized) return err.message;
  const key = `mail.err.${err.code}`;
  if (!ERROR_KEYS.has(key)) return err.message;
  const text = areaT(mailArea, locale)(key as MailKey, err.params);
  return /\{\w+\}/.test(text) ? err.message : text;
}

export const badRequest = (
  message = "Malformed request",
  code = "bad_request",
) => new AppError(400, code, message);
export const unauthorized = (message = "Sign in to continue") =>
  new AppError(401, "unauthorized", message);
export const forbidden = (message = "You are not allowed to do this") =>
  new AppError(403, "forbidden", message);
export const notFound = (what = "Resource") => new AppError(404, "not_found", `${what} not found`);
export const conflict = (
  code: string,
  message: string,
  extra?: Record<string, unknown>,
) => new AppError(409, code, message, undefined, extra);
export const invalid = (message: string, fields?: Record<string, string>) =>
  new AppError(422, "validation_failed", message, fields);
export const tooMany = (retryAfterSeconds: number) =>
  new AppError(
    429,
    "rate_limited",
    "Too many requests, try again later",
    undefined,
    undefined,
    {
      "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))),
    },
  );

/** The contract's error envelope, its message in `locale` (the request's language). */
export function errorBody(err: AppError, locale: Locale = "en") {
  return {
    error: {
      code: err.code,
      message: errorMessage(err, locale),
      ...(err.fields ? { fields: err.fields } : {}),
    },
    ...(err.extra ?? {}),
  };
}

/**
 * Deno KV's own limits reached by oversized input (a 3,000-character id or cursor in the URL, a
 * record over 64 KiB, a garbled list cursor): a 400 or a 413 instead of a 500.
 */
export function kvLimitError(err: unknown): AppError | null {
  if (!(err instanceof TypeError)) return null;
  if (/^Key too large|^invalid cursor/.test(err.message)) {
    return badRequest("An id or cursor in the request is not valid");
  }
  if (/^(Value|Total mutation size|Total key size) too large/.test(err.message)) {
    return new AppError(413, "payload_too_large", "This is too large to save");
  }
  return null;
}

/** Turn zod issues into `fields`: the first message for each top-level path. */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.join(".") : "_";
    fields[path] ??= issue.message;
  }
  return fields;
}

export function parseWith<S extends z.ZodType>(
  schema: S,
  data: unknown,
): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    throw invalid("Some fields are not valid", zodFields(result.error));
  }
  return result.data;
}

/**
 * An optional query filter (`?status=`, `?role=`): absent or empty means "any"; anything other
 * than one of `values` fails validation, so a typo is a 422 rather than an empty list.
 */
export function queryEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((v) => (v === "" ? undefined : v), z.enum(values).optional());
}

/** A field key as words for people: `pageId` → "Page id", `items.0.name` → "Items 0 name". */
export function fieldLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[._]+/g, " ").trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

/**
 * An error in one line for a form page: which fields are wrong and why (named for people, from
 * `labels` or the key), or the message.
 */
export function describeError(
  err: AppError,
  labels: Record<string, string> = {},
  locale: Locale = "en",
): string {
  return err.fields
    ? Object.entries(err.fields).map(([field, why]) =>
      `${Object.hasOwn(labels, field) ? labels[field] : fieldLabel(field)}: ${why}`
    ).join("; ")
    : errorMessage(err, locale);
}

export interface FormActionOptions {
  /** On success, `?done=<done>` is added to `back` for the page to confirm what happened. */
  done?: string;
  /**
   * On a client error, render the form page again (with the posted values and `err.fields`)
   * instead of redirecting, so nothing the user typed is lost. Answers with the error's status.
   */
  rerender?: (err: AppError) => Response | Promise<Response>;
}

/** `path` with `name=value` added to its query. */
export function withQuery(path: string, name: string, value: string): string {
  const sep = path.includes("?") ? "&" : "?";
  return `${path}${sep}${name}=${encodeURIComponent(value)}`;
}

/**
 * Run a form post's action and go back to `back` (303, with `?done=` when asked). A client error
 * re-renders the form when `rerender` is given, else goes back with its description in `?error=`.
 */
export async function formAction(
  c: Context,
  back: string,
  run: () => Promise<unknown>,
  opts: FormActionOptions = {},
) {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    if (opts.rerender) {
      const res = await opts.rerender(err);
      return new Response(res.body, { status: err.status, headers: res.headers });
    }
    const locale: Locale = c.get("locale") ?? "en";
    return c.redirect(withQuery(back, "error", describeError(err, {}, locale)), 303);
  }
  return c.redirect(opts.done ? withQuery(back, "done", opts.done) : back, 303);
}

/** Read and validate a JSON body; malformed JSON is a 400, a bad shape a 422. */
export async function jsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<z.infer<S>> {
  let data: unknown;
  try {
    const text = await c.req.text();
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON", "malformed_json");
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw badRequest("The body must be a JSON object", "malformed_json");
  }
  return parseWith(schema, data);
}

/** Read a form-encoded (or multipart) body as plain strings. */
export async function formBody(c: Context): Promise<Record<string, string>> {
  try {
    const form = await c.req.parseBody();
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) {
      if (typeof v === "string") out[k] = v;
    }
    return out;
  } catch {
    throw badRequest("The form body could not be read");
  }
}

/** The client address for rate limits: the last X-Forwarded-For hop behind one trusted proxy. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = c.req.header("x-forwarded-for");
    if (xff) return xff.split(",").at(-1)!.trim();
  }
  const info = (c.env as { remoteAddr?: Deno.NetAddr } | undefined)?.remoteAddr;
  return info?.hostname ?? "unknown";
}

/**
 * Hono's typed variables: the signed-in user (if any), how they authenticated, and the session
 * (refresh-token family) their access token belongs to.
 */
export type AppEnv = {
  Variables: {
    user: UserRecord | null;
    authVia: "bearer" | "cookie" | null;
    sessionId: string | null;
    /** The request's language (lib/i18n/middleware.ts). */
    locale: Locale;
  };
};
