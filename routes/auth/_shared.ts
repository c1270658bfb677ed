// Helpers shared by the /auth/* forms.
import { config } from "../../lib/config.ts";
import { safeNext as safeNextPath } from "../../lib/auth/index.ts";
import { AppError } from "../../lib/http/index.ts";
import { type Locale, type MessageKey, t } from "../../lib/i18n/index.ts";

/** Where to go after signing in: a path on this app only (see lib/auth/redirect.ts). */
export const safeNext = (next: string | undefined) => safeNextPath(next, config().appOrigin);

// lib/auth speaks English (the JSON API's messages are part of its contract); the forms show its
// known messages in the reader's language. An unknown message stays as lib/auth wrote it.
const AUTH_MESSAGES: Record<string, MessageKey> = {
  "Email or password is incorrect": "market.auth.err.credentials",
  "An account with this email already exists": "market.auth.err.taken",
  "Too many requests, try again later": "market.auth.err.tooMany",
  "The server is busy signing people in; try again in a moment": "market.auth.err.busy",
  "This account is suspended": "market.auth.err.suspended",
  "This link is invalid or has expired": "market.auth.err.link",
  "Enter a valid email address": "market.auth.err.email",
  "Use at least 8 characters": "market.reset.tooShort",
  "Enter your name": "market.auth.err.name",
};

const inLocale = (message: string, locale: Locale) =>
  Object.hasOwn(AUTH_MESSAGES, message) ? t(locale, AUTH_MESSAGES[message]) : message;

/** An auth error's message and field errors, in `locale` where lib/auth's words are known. */
export function errorText(
  err: unknown,
  locale: Locale = "en",
): { message: string; fields: Record<string, string> } {
  if (err instanceof AppError) {
    const fields = Object.fromEntries(
      Object.entries(err.fields ?? {}).map(([k, v]) => [k, inLocale(v, locale)]),
    );
    return { message: inLocale(err.message, locale), fields };
  }
  throw err;
}
