// The app's route table as the tests see it: every route the mounted Hono app answers, with the
// guard it passes first (its folder's, from routes/manifest.ts, or its own). Built by walking
// `app.routes`, so a route added anywhere shows up here without editing a test.
import type { Hono } from "hono";
import { adminOnly, publicRoute, signedIn } from "../lib/http/session.ts";
import { devOnly } from "../routes/dev/_middleware.ts";
import { signedInOrGuest } from "../lib/chat/index.ts";

export type Access = "public" | "signed-in" | "admin" | "dev";

export interface TableRoute {
  method: string;
  /** Hono's pattern, e.g. /api/pages/:id/publish */
  path: string;
  /** null: no guard runs before the handler and the route is not marked public. */
  access: Access | null;
}

const GUARDS = new Map<unknown, Access>([
  [publicRoute, "public"],
  [signedIn, "signed-in"],
  // The chat room routes a guest token also opens: without either, a 401 as signed-in routes.
  [signedInOrGuest, "signed-in"],
  [adminOnly, "admin"],
  [devOnly, "dev"],
]);

/** Every (method, path) the app routes to a handler, with the guard that covers it. */
// deno-lint-ignore no-explicit-any -- any Env: only the route list is read
export function routeTable(app: Hono<any, any, any>): TableRoute[] {
  const routes = app.routes;
  const out = new Map<string, TableRoute>();
  for (const r of routes) {
    if (r.method === "ALL" || GUARDS.has(r.handler)) continue;
    const key = `${r.method} ${r.path}`;
    if (out.has(key)) continue;
    // Its own guard: a middleware registered with the same method and path before the handler.
    const own = routes.find((g) =>
      g.method === r.method && g.path === r.path && GUARDS.has(g.handler)
    );
    // Else its folder's: the most specific `prefix` / `prefix/*` guard that matches.
    let folder: { len: number; access: Access } | null = null;
    for (const g of routes) {
      if (g.method !== "ALL" || !GUARDS.has(g.handler)) continue;
      const prefix = g.path.endsWith("/*") ? g.path.slice(0, -2) : null;
      const covers = g.path === r.path ||
        (prefix !== null && (r.path === prefix || r.path.startsWith(prefix + "/")));
      if (covers && (!folder || g.path.length > folder.len)) {
        folder = { len: g.path.length, access: GUARDS.get(g.handler)! };
      }
    }
    const access = own ? GUARDS.get(own.handler)! : folder?.access ?? null;
    out.set(key, { method: r.method, path: r.path, access });
  }
  return [...out.values()];
}

/** A concrete path for a pattern: each `:param` becomes `id` (an id that names nothing). */
export function samplePath(pattern: string, id = "01JZZZZZZZZZZZZZZZZZZZZZZZ") {
  return pattern.replace(/:[A-Za-z]+(\{[^}]*\})?/g, id).replace(/\/\*$/, "");
}

/** Whether a concrete path is one the pattern matches. */
export function matches(pattern: string, path: string) {
  const re = "^" + pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z]+/g, "[^/]+") +
    "$";
  return new RegExp(re).test(path.split("?")[0]);
}
