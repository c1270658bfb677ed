// The route table (routes/manifest.ts): every route the app answers passes a guard first, or is
// marked public on purpose. A new route without either fails here, so a forgotten guard is not
// invisible; tests/access_test.ts then proves each guard with requests.
import assert from "node:assert/strict";
import { Hono } from "hono";
import { createApp } from "../main.ts";
import type { AppEnv } from "../lib/http/index.ts";
import { adminOnly, publicRoute } from "../lib/http/session.ts";
import { manifest, mountRoutes } from "../routes/manifest.ts";
import { routeTable } from "./_routes.ts";

const unguarded = (app: Hono<AppEnv>) =>
  routeTable(app).filter((r) => r.access === null).map((r) => `${r.method} ${r.path}`);

/** The app from the manifest, with `add` putting one more route on the router at `prefix`. */
function withExtraRoute(prefix: string, add: (router: Hono<AppEnv>) => void) {
  const mount = manifest.find((m) => m.prefix === prefix)!;
  const router = new Hono<AppEnv>();
  router.route("/", mount.router);
  add(router);
  return mountRoutes(
    new Hono<AppEnv>(),
    manifest.map((m) => m === mount ? { ...m, router } : m),
  );
}

Deno.test("every route of the app has a guard or is marked public", () => {
  const table = routeTable(createApp());
  assert.ok(table.length > 100, `the walk found ${table.length} routes`);
  assert.deepEqual(unguarded(createApp()), []);
  // The folders' guards are what the URL says.
  for (const r of table) {
    if (r.path.startsWith("/admin") || r.path.startsWith("/api/admin/")) {
      assert.equal(r.access, "admin", `${r.method} ${r.path}`);
    }
    if (r.path.startsWith("/dev/")) assert.equal(r.access, "dev", `${r.method} ${r.path}`);
  }
});

Deno.test("no route repeats its router's prefix (a path written before the routes moved)", () => {
  // Routers are mounted at their prefix, so their paths are relative: "/admin/users" written in
  // routes/admin/ would answer at /admin/admin/users.
  for (const r of routeTable(createApp())) {
    const [first, second] = r.path.split("/").filter(Boolean);
    if (first === "api") {
      const [, a, b] = r.path.split("/").filter(Boolean);
      assert.ok(!b || a !== b, `${r.method} ${r.path}`);
    } else {
      assert.ok(!second || first !== second, `${r.method} ${r.path}`);
    }
  }
});

Deno.test("a new route without a guard, not marked public, is reported", () => {
  const handler = (c: { text: (s: string) => Response }) => c.text("hi");
  // A new router whose routes carry their own guards, one of them forgotten.
  const added = new Hono<AppEnv>();
  added.get("/open", publicRoute, handler);
  added.post("/admin-thing", adminOnly, handler);
  added.post("/forgotten", handler);
  const app = mountRoutes(new Hono<AppEnv>(), [
    ...manifest,
    { prefix: "/new", router: added, guard: "per-route" },
  ]);
  assert.deepEqual(unguarded(app), ["POST /new/forgotten"]);

  // A route added to an existing per-route router (the marketplace) without a guard.
  const app2 = withExtraRoute("/marketplace", (r) => r.post("/:id/report", handler));
  assert.deepEqual(unguarded(app2), ["POST /marketplace/:id/report"]);

  // The same route in a guarded folder is covered by the folder's guard.
  const app3 = withExtraRoute("/pages", (r) => r.post("/:id/archive", handler));
  assert.deepEqual(unguarded(app3), []);
  assert.equal(
    routeTable(app3).find((r) => r.path === "/pages/:id/archive")?.access,
    "signed-in",
  );
});
