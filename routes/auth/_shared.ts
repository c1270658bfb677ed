// Helpers shared by the /auth/* forms.
import { config } from "../../lib/config.ts";
import { safeNext as safeNextPath } from "../../lib/auth/index.ts";
import { AppError } from "../../lib/http/index.ts";

/** Where to go after signing in: a path on this app only (see lib/auth/redirect.ts). */
export const safeNext = (next: string | undefined) => safeNextPath(next, config().appOrigin);

export function errorText(
  err: unknown,
): { message: string; fields: Record<string, string> } {
  if (err instanceof AppError) {
    return { message: err.message, fields: err.fields ?? {} };
  }
  throw err;
}
