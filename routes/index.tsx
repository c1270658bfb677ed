// The home page: what LandingHub is, with a small live demo island.
import { Hono } from "hono";
import type { AppEnv } from "../lib/http.ts";
import { page } from "../lib/render.tsx";
import { Island } from "../components/Island.tsx";
import Counter from "../islands/Counter.tsx";

const app = new Hono<AppEnv>();

app.get("/", (c) => {
  const user = c.get("user");
  return page(
    c,
    { title: "Landing pages that sell", active: "/" },
    (
      <div class="space-y-12">
        <section class="grid items-center gap-10 py-10 md:grid-cols-2">
          <div class="space-y-5">
            <h1 class="text-4xl font-extrabold tracking-tight md:text-5xl">
              Build a landing page in minutes. Sell it as a template.
            </h1>
            <p class="text-lg text-slate-600">
              Drag blocks, publish on your own subdomain, collect leads, and list your best pages in
              the marketplace.
            </p>
            <div class="flex gap-3">
              <a
                class="btn btn-primary"
                href={user ? "/dashboard" : "/auth/register"}
              >
                {user ? "Go to dashboard" : "Start free"}
              </a>
              <a class="btn btn-secondary" href="/marketplace">
                Browse templates
              </a>
            </div>
          </div>
          <div class="card space-y-4 p-6">
            <p class="text-sm font-medium text-slate-500">
              Blocks are live components. Try one:
            </p>
            <Island
              c={Counter}
              props={{ start: 3, label: "visitors converted" }}
            />
          </div>
        </section>
      </div>
    ),
  );
});

export default app;
