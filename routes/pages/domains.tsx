// /pages/:id/domains: the page's custom domains in its settings: add a hostname, the two DNS
// records to create, Verify (which says what is missing), status and remove. Plain form posts.
import { Hono } from "hono";
import { type AppEnv, formAction, formBody } from "../../lib/http/index.ts";
import { requireUser } from "../../lib/http/session.ts";
import { getOwnPage } from "../../lib/pages/index.ts";
import {
  addDomain,
  type DomainView,
  listDomains,
  removeDomain,
  verifyDomain,
} from "../../lib/domains/index.ts";
import { page } from "../../components/render.tsx";
import { Alert } from "../../components/Form.tsx";

const app = new Hono<AppEnv>();

function Records({ d }: { d: DomainView }) {
  const apex = d.hostname.split(".").length === 2;
  return (
    <table class="w-full text-left text-sm" data-testid="dns-records">
      <thead>
        <tr class="text-slate-500">
          <th class="py-1 px-2">Type</th>
          <th class="py-1 px-2">Name</th>
          <th class="py-1">Value</th>
        </tr>
      </thead>
      <tbody class="font-mono">
        <tr>
          <td class="py-1 px-2">TXT</td>
          <td class="py-1 px-2 break-words">{d.verification.name}</td>
          <td class="py-1 break-words" data-testid="txt-value">{d.verification.value}</td>
        </tr>
        <tr>
          <td class="py-1 px-2">{apex ? "ALIAS / ANAME" : "CNAME"}</td>
          <td class="py-1 px-2 break-words">{d.hostname}</td>
          <td class="py-1 break-words">{d.cname}</td>
        </tr>
      </tbody>
    </table>
  );
}

app.get("/:id/domains", async (c) => {
  const user = requireUser(c);
  const own = await getOwnPage(user.id, c.req.param("id"));
  const domains = await listDomains(user.id, own.id);
  const base = `/pages/${own.id}/domains`;
  return page(
    c,
    { title: `Domains · ${own.name}`, active: "/dashboard" },
    (
      <div class="space-y-6">
        <div>
          <nav class="flex gap-3 text-sm" aria-label="Back">
            <a href={`/pages/${own.id}/edit`} class="text-brand-600">← Back to the editor</a>
            <a href="/dashboard" class="text-slate-500 hover:text-slate-800">Dashboard</a>
          </nav>
          <h1 class="text-2xl font-semibold">Custom domains · {own.name}</h1>
          <p class="text-sm text-slate-500">
            Serve this page on your own hostname as well as on its LandingHub address.
            {own.status !== "published" && " The page is a draft: publish it to be seen."}
          </p>
        </div>
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        {c.req.query("verified") && (
          <Alert kind="success">{c.req.query("verified")} is verified and serves this page.</Alert>
        )}
        <form method="post" action={base} class="card flex flex-wrap items-end gap-3 p-4">
          <label class="flex flex-col gap-1 text-sm">
            Hostname
            <input
              class="input"
              name="hostname"
              placeholder="www.example.com"
              required
              maxLength={253}
              data-testid="domain-input"
            />
          </label>
          <button class="btn btn-primary" type="submit">Add domain</button>
        </form>
        {domains.length === 0 && <p class="text-slate-500">No custom domains yet.</p>}
        {domains.map((d) => (
          <section class="card space-y-3 p-4" data-testid="domain">
            <div class="flex flex-wrap items-center justify-between gap-3">
              <h2 class="text-lg font-semibold">
                {d.hostname}{" "}
                <span
                  class={`badge ${
                    d.status === "active"
                      ? "bg-emerald-100 text-emerald-800"
                      : "bg-amber-100 text-amber-800"
                  }`}
                  data-testid="domain-status"
                >
                  {d.status === "active" ? "Active" : "Pending verification"}
                </span>
              </h2>
              <div class="flex gap-2">
                <form method="post" action={`${base}/${d.hostname}/verify`}>
                  <button class="btn btn-secondary" type="submit">Verify</button>
                </form>
                <form method="post" action={`${base}/${d.hostname}/remove`}>
                  <button class="btn btn-secondary" type="submit">Remove</button>
                </form>
              </div>
            </div>
            <p class="text-sm text-slate-600">
              Create these records at your DNS provider. The TXT record proves the domain is yours
              and is required; the CNAME (or ALIAS/ANAME at a bare domain) sends visitors here.
            </p>
            <Records d={d} />
            {d.failingSince && (
              <Alert kind="error">
                The TXT record has not been found since{" "}
                {d.failingSince}; put it back or the domain stops serving this page 48 hours after
                that.
              </Alert>
            )}
          </section>
        ))}
      </div>
    ),
  );
});

app.post("/:id/domains", async (c) => {
  const user = requireUser(c);
  const id = c.req.param("id");
  const hostname = (await formBody(c)).hostname ?? "";
  return await formAction(c, `/pages/${id}/domains`, () => addDomain(user.id, id, hostname));
});

app.post("/:id/domains/:hostname/verify", async (c) => {
  const user = requireUser(c);
  const id = c.req.param("id");
  const hostname = c.req.param("hostname");
  const back = `/pages/${id}/domains`;
  return await formAction(c, back, () => verifyDomain(user.id, id, hostname)).then((res) =>
    res.headers.get("location") === back
      ? c.redirect(`${back}?verified=${encodeURIComponent(hostname)}`, 303)
      : res
  );
});

app.post("/:id/domains/:hostname/remove", async (c) => {
  const user = requireUser(c);
  const id = c.req.param("id");
  return await formAction(
    c,
    `/pages/${id}/domains`,
    () => removeDomain(user.id, id, c.req.param("hostname")),
  );
});

export default app;
