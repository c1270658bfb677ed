// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// Over 400 lines: one DNS server fixture and one page carry the whole story of a custom domain
// (claim, verify, serve, forms, TLS ask, re-check, remove), which reads best in one place.
// Custom domains against a real DNS server: dnsmasq from Debian's packages on a loopback port,
// started with --no-resolv so it forwards nothing; the app asks it through DNS_NAMESERVER, so no
// lookup leaves this machine.
import assert from "node:assert/strict";
import https from "node:https";
import { hostRequest, startTestServer, type TestServer } from "./_helpers.ts";
import { kv, listAll } from "../lib/kv/index.ts";
import { addDomain, GRACE_MS, recheckDomain } from "../lib/domains/index.ts";
import type { MailRecord } from "../lib/mail/index.ts";

const DNSMASQ = "/usr/sbin/dnsmasq";
const hasDnsmasq = (() => {
  try {
    return Deno.statSync(DNSMASQ).isFile;
  } catch {
    return false;
  }
})();
if (!hasDnsmasq) {
  console.warn(
    "domains_test: dnsmasq is not installed (apt-get install -y dnsmasq); the DNS tests are skipped",
  );
}

/** A free port on loopback (TCP; dnsmasq also binds UDP on it, and fails loudly if it cannot). */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** dnsmasq answering only from the records given; `set` restarts it with new ones. */
class Dns {
  port = freePort();
  proc: Deno.ChildProcess | null = null;

  async set(records: { txt?: [string, string][]; cname?: [string, string][] }) {
    await this.stop();
    const args = [
      "--no-daemon",
      "--no-resolv",
      "--no-hosts",
      "--conf-file=/dev/null",
      "--pid-file=",
      `--port=${this.port}`,
      "--listen-address=127.0.0.1",
      "--bind-interfaces",
    ];
    for (const [name, value] of records.txt ?? []) args.push(`--txt-record=${name},${value}`);
    for (const [alias, target] of records.cname ?? []) {
      // dnsmasq answers a CNAME only for a target it knows itself.
      args.push(`--host-record=${target},127.0.0.1`, `--cname=${alias},${target}`);
    }
    this.proc = new Deno.Command(DNSMASQ, { args, stdout: "null", stderr: "piped" }).spawn();
    // Ready when it answers: ask for a name it holds (or any) until a reply comes back.
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        await Deno.resolveDns("ready.test", "TXT", {
          nameServer: { ipAddr: "127.0.0.1", port: this.port },
          signal: AbortSignal.timeout(300),
        });
        return;
      } catch (err) {
        if (err instanceof Deno.errors.NotFound) return; // an answer: it is up
        if (Date.now() > deadline) throw new Error(`dnsmasq did not start: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  async stop() {
    if (!this.proc) return;
    this.proc.kill("SIGTERM");
    await this.proc.stderr.cancel();
    await this.proc.status;
    this.proc = null;
  }
}

async function setup(dns: Dns) {
  await dns.set({});
  const server = await startTestServer({ DNS_NAMESERVER: `127.0.0.1:${dns.port}` });
  const owner = server.client();
  await owner.register(`owner-${crypto.randomUUID().slice(0, 6)}@example.com`);
  const page = await owner.post("/api/pages", { name: "Shop", slug: "shop-page" });
  const id = page.body.page.id;
  const put = await owner.put(`/api/pages/${id}`, {
    version: 1,
    content: {
      blocks: [
        { id: "h", type: "hero", props: { headline: "Welcome to the shop" } },
        {
          id: "signup",
          type: "form",
          props: {
            title: "Join",
            fields: [{ name: "email", label: "Email", type: "email", required: true }],
            submitText: "Join",
            successMessage: "Thanks!",
          },
        },
      ],
    },
  });
  assert.equal(put.status, 200, put.text);
  assert.equal((await owner.post(`/api/pages/${id}/publish`)).status, 200);
  return { server, owner, id };
}

const get = (server: TestServer, host: string, path = "/", headers = {}) =>
  hostRequest(server.port, host, path, { headers });

Deno.test({
  name: "custom domains: claim, verify by TXT, serve like the subdomain, remove",
  ignore: !hasDnsmasq,
  async fn(t) {
    const dns = new Dns();
    const { server, owner, id } = await setup(dns);
    try {
      let value = "";
      await t.step("adding a hostname → 201 pending with the TXT record and CNAME", async () => {
        const res = await owner.post(`/api/pages/${id}/domains`, { hostname: "Shop.Example." });
        assert.equal(res.status, 201, res.text);
        const d = res.body.domain;
        assert.equal(d.hostname, "shop.example");
        assert.equal(d.status, "pending");
        assert.equal(d.verification.type, "TXT");
        assert.equal(d.verification.name, "_landinghub.shop.example");
        assert.match(d.verification.value, /^lh-verify-[0-9a-f]{32}$/);
        assert.equal(d.cname, `shop-page.${server.sitesDomain.replace(/:\d+$/, "")}`);
        value = d.verification.value;
        const list = await owner.get(`/api/pages/${id}/domains`);
        assert.deepEqual(list.body.items.map((x: any) => x.hostname), ["shop.example"]);
      });

      await t.step("a pending hostname is not served and the TLS ask says no", async () => {
        assert.equal((await get(server, "shop.example")).status, 404);
        const ask = await owner.get("/api/domains/check?domain=shop.example");
        assert.equal(ask.status, 404);
      });

      await t.step("verify before the record → 409 naming the missing TXT", async () => {
        const res = await owner.post(`/api/pages/${id}/domains/shop.example/verify`);
        assert.equal(res.status, 409, res.text);
        assert.equal(res.body.error.code, "dns_not_ready");
        assert.match(res.body.error.message, /No TXT record found at _landinghub\.shop\.example/);
        assert.match(res.body.error.message, new RegExp(value));
        assert.match(res.body.error.message, /CNAME.*advisory/);
      });

      await t.step(
        "the page's domain settings show the records, Verify and its outcome",
        async () => {
          const html = { accept: "text/html" };
          const ui = await owner.get(`/pages/${id}/domains`, { headers: html });
          assert.equal(ui.status, 200, ui.text.slice(0, 300));
          assert.match(ui.text, /_landinghub\.shop\.example/);
          assert.match(ui.text, new RegExp(value));
          assert.match(ui.text, new RegExp(`shop-page\\.`));
          assert.match(ui.text, /Pending verification/);
          assert.match(ui.text, /action="\/pages\/[^"]+\/domains\/shop\.example\/verify"/);
          const verify = await owner.request("POST", `/pages/${id}/domains/shop.example/verify`, {
            body: new URLSearchParams({}),
            headers: html,
          });
          assert.equal(verify.status, 303);
          const back = String(verify.headers.get("location"));
          assert.match(decodeURIComponent(back), /error=No TXT record found at _landinghub/);
          const shown = await owner.get(back, { headers: html });
          assert.match(shown.text, /No TXT record found at _landinghub\.shop\.example/);
          const bad = await owner.request("POST", `/pages/${id}/domains`, {
            body: new URLSearchParams({ hostname: "10.0.0.1" }),
            headers: html,
          });
          assert.match(decodeURIComponent(String(bad.headers.get("location"))), /IP address/);
        },
      );

      await t.step("a wrong TXT value → 409 saying what is there instead", async () => {
        await dns.set({ txt: [["_landinghub.shop.example", "something-else"]] });
        const res = await owner.post(`/api/pages/${id}/domains/shop.example/verify`);
        assert.equal(res.status, 409);
        assert.match(res.body.error.message, /holds "something-else", not the value/);
        assert.deepEqual(res.body.checks, { txt: "wrong_value", cname: "missing" });
      });

      await t.step("with the TXT record → 200 active", async () => {
        await dns.set({
          txt: [["_landinghub.shop.example", value]],
          cname: [["shop.example", `shop-page.sites.test`]],
        });
        const res = await owner.post(`/api/pages/${id}/domains/shop.example/verify`);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.domain.status, "active");
        // The CNAME points elsewhere than the sites host: said, but not required.
        assert.equal(res.body.domain.cnameStatus, "elsewhere");
      });

      await t.step("the custom host serves the page exactly as the subdomain does", async () => {
        const sub = await get(server, `shop-page.${server.sitesDomain}`);
        const custom = await get(server, "shop.example");
        assert.equal(custom.status, 200);
        assert.match(custom.text, /Welcome to the shop/);
        assert.equal(custom.headers.etag, sub.headers.etag);
        assert.equal(
          custom.headers["content-security-policy"],
          sub.headers["content-security-policy"],
        );
        // A Host with a port or a trailing dot is the same host.
        assert.equal((await get(server, "SHOP.example.:443")).status, 200);
        const again = await get(server, "shop.example", "/", { "if-none-match": sub.headers.etag });
        assert.equal(again.status, 304);
        assert.equal((await get(server, "shop.example", "/robots.txt")).status, 200);
        assert.equal((await get(server, "shop.example", "/sitemap.xml")).status, 200);
        // No app routes on a custom host.
        assert.equal((await get(server, "shop.example", "/dashboard")).status, 404);
      });

      await t.step("forms post on the custom host and become the page's leads", async () => {
        const res = await hostRequest(server.port, "shop.example", "/forms/signup", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "buyer@example.com" }),
        });
        assert.equal(res.status, 201, res.text);
        const leads = await owner.get(`/api/pages/${id}/leads`);
        assert.deepEqual(leads.body.items.map((l: any) => l.data.email), ["buyer@example.com"]);
      });

      await t.step("the TLS ask: 200 for the active hostname, 404 otherwise", async () => {
        const anon = server.client();
        assert.equal((await anon.get("/api/domains/check?domain=shop.example")).status, 200);
        assert.equal((await anon.get("/api/domains/check?domain=SHOP.EXAMPLE.")).status, 200);
        assert.equal((await anon.get("/api/domains/check?domain=other.example")).status, 404);
        assert.equal((await anon.get("/api/domains/check")).status, 404);
      });

      await t.step("another page (another user's too) claiming it → 409", async () => {
        const other = server.client();
        await other.register();
        const p = await other.post("/api/pages", { name: "Other" });
        const res = await other.post(`/api/pages/${p.body.page.id}/domains`, {
          hostname: "SHOP.example",
        });
        assert.equal(res.status, 409);
        assert.equal(res.body.error.code, "domain_taken");
        // And another user cannot see, verify or remove it through the owner's page.
        assert.equal((await other.get(`/api/pages/${id}/domains`)).status, 404);
        assert.equal((await other.delete(`/api/pages/${id}/domains/shop.example`)).status, 404);
      });

      await t.step("apex and www both added: www serves, the apex redirects to it", async () => {
        await owner.post(`/api/pages/${id}/domains`, { hostname: "www.shop.example" });
        await dns.set({
          txt: [["_landinghub.shop.example", value], [
            "_landinghub.www.shop.example",
            (await owner.get(`/api/pages/${id}/domains`)).body.items
              .find((d: any) => d.hostname === "www.shop.example").verification.value,
          ]],
        });
        const v = await owner.post(`/api/pages/${id}/domains/www.shop.example/verify`);
        assert.equal(v.status, 200, v.text);
        const www = await get(server, "www.shop.example");
        assert.equal(www.status, 200);
        assert.match(www.text, /Welcome to the shop/);
        const apex = await get(server, "shop.example", "/?utm=x");
        assert.equal(apex.status, 301);
        assert.equal(apex.headers.location, "http://www.shop.example/?utm=x");
        // A form posted to the apex keeps its method and body through the redirect.
        const post = await hostRequest(server.port, "shop.example", "/forms/signup", {
          method: "POST",
        });
        assert.equal(post.status, 308);
      });

      await t.step("re-verification: a lost TXT record lapses after the grace period", async () => {
        await dns.set({ txt: [["_landinghub.shop.example", value]] }); // www's record is gone
        const now = Date.now();
        let d = await recheckDomain("www.shop.example", undefined, now);
        assert.equal(d?.status, "active");
        assert.ok(d?.failingSince, "the failure is remembered");
        assert.equal((await get(server, "www.shop.example")).status, 200, "still served in grace");
        d = await recheckDomain("www.shop.example", undefined, now + GRACE_MS + 1000);
        assert.equal(d?.status, "pending");
        assert.equal((await get(server, "www.shop.example")).status, 404);
        // With www gone, the apex serves the page itself again.
        assert.equal((await get(server, "shop.example")).status, 200);
        const mails = await listAll<MailRecord>(["mail"]);
        assert.ok(
          mails.some((m) => m.subject === "www.shop.example is no longer verified"),
          JSON.stringify(mails.map((m) => m.subject)),
        );
        // The apex with its record in place stays active and clears nothing.
        const apex = await recheckDomain("shop.example", undefined, now);
        assert.equal(apex?.status, "active");
        assert.equal(apex?.failingSince, null);
      });

      await t.step("removing a hostname stops serving it at once", async () => {
        assert.equal((await get(server, "shop.example")).status, 200);
        const res = await owner.delete(`/api/pages/${id}/domains/shop.example`);
        assert.equal(res.status, 204);
        assert.equal((await get(server, "shop.example")).status, 404);
        assert.equal((await owner.get("/api/domains/check?domain=shop.example")).status, 404);
        assert.equal((await owner.delete(`/api/pages/${id}/domains/shop.example`)).status, 404);
        // The URL may name a hostname as typed: case and IDN are normalised there too.
        const typed = await owner.post(`/api/pages/${id}/domains/WWW.Shop.Example./verify`);
        assert.equal(typed.status, 409, "found (its TXT record is gone), not a 404");
      });

      await t.step("deleting the page frees its hostnames", async () => {
        assert.equal((await owner.delete(`/api/pages/${id}`)).status, 204);
        assert.equal((await kv().get(["domains", "www.shop.example"])).value, null);
        const again = await owner.post("/api/pages", { name: "New" });
        const res = await owner.post(`/api/pages/${again.body.page.id}/domains`, {
          hostname: "www.shop.example",
        });
        assert.equal(res.status, 201, res.text);
      });
    } finally {
      await server.close();
      await dns.stop();
    }
  },
});

Deno.test({
  name: "custom domains: refused hostnames, normalisation and one winner among 20 claims",
  ignore: !hasDnsmasq,
  async fn(t) {
    const dns = new Dns();
    const { server, owner, id } = await setup(dns);
    try {
      await t.step("the app's and the sites' domains, IPs, TLDs and junk → 422", async () => {
        const appHost = new URL(server.origin).hostname;
        const sites = server.sitesDomain.replace(/:\d+$/, "");
        for (
          const hostname of [
            appHost,
            `x.${appHost}`,
            `shop-page.${sites}`,
            "1.2.3.4",
            "0x7f.1",
            "[::1]",
            "com",
            "example",
            "",
            "a b.example",
            "shop.example:8080",
            "-bad.example",
            `${"a".repeat(64)}.example`,
            "x.123",
          ]
        ) {
          const res = await owner.post(`/api/pages/${id}/domains`, { hostname });
          assert.equal(res.status, 422, `${hostname}: ${res.text}`);
          assert.ok(res.body.error.fields?.hostname ?? res.body.error.fields, hostname);
        }
        assert.equal((await owner.post(`/api/pages/${id}/domains`, {})).status, 422);
      });

      await t.step("IDN hostnames are stored as punycode", async () => {
        const res = await owner.post(`/api/pages/${id}/domains`, { hostname: "Bücher.Example" });
        assert.equal(res.status, 201, res.text);
        assert.equal(res.body.domain.hostname, "xn--bcher-kva.example");
        const dup = await owner.post(`/api/pages/${id}/domains`, {
          hostname: "xn--bcher-kva.example",
        });
        assert.equal(dup.status, 409);
        assert.equal(dup.body.error.code, "domain_exists");
      });

      await t.step("an unverified claim lapses for other pages after 72 hours", async () => {
        const squatter = server.client();
        await squatter.register();
        const sp = (await squatter.post("/api/pages", { name: "Squat" })).body.page.id;
        const first = await squatter.post(`/api/pages/${sp}/domains`, {
          hostname: "lapse.example",
        });
        assert.equal(first.status, 201, first.text);
        const owner2 = server.client();
        await owner2.register();
        const op = (await owner2.post("/api/pages", { name: "Real" })).body.page.id;
        const early = await owner2.post(`/api/pages/${op}/domains`, { hostname: "lapse.example" });
        assert.equal(early.status, 409, early.text);
        // Back-date the squatter's claim past the limit.
        const key = ["domains", "lapse.example"];
        const rec = (await kv().get<Record<string, unknown>>(key)).value!;
        assert.equal(rec.pageId, sp);
        await kv().set(key, {
          ...rec,
          createdAt: new Date(Date.now() - 73 * 3600_000).toISOString(),
        });
        const late = await owner2.post(`/api/pages/${op}/domains`, { hostname: "lapse.example" });
        assert.equal(late.status, 201, late.text);
        assert.deepEqual((await squatter.get(`/api/pages/${sp}/domains`)).body.items, []);
      });

      await t.step("20 pages claiming one hostname at once: exactly one 201", async () => {
        const clients = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
          const c = server.client();
          const userId = (await c.register()).id;
          const p = await c.post("/api/pages", { name: `Claim ${i}` });
          return { c, userId, pageId: p.body.page.id as string };
        }));
        const results = await Promise.all(
          clients.map(({ c, pageId }) =>
            c.post(`/api/pages/${pageId}/domains`, { hostname: "race.example" })
          ),
        );
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(statuses, [201, ...Array(19).fill(409)], JSON.stringify(statuses));
        const holders = await listAll(["domains_by_page"]);
        assert.equal(holders.filter((h) => h === "race.example").length, 1);
        // In-process, the 20 claims start in the same tick and interleave at every await: only
        // the commit's check on the hostname key keeps this to one winner.
        const direct = await Promise.allSettled(
          clients.map(({ userId, pageId }) => addDomain(userId, pageId, "race2.example")),
        );
        assert.equal(direct.filter((r) => r.status === "fulfilled").length, 1);
        const holders2 = await listAll(["domains_by_page"]);
        assert.equal(holders2.filter((h) => h === "race2.example").length, 1);
      });

      await t.step("unknown hostnames → 404, never the app", async () => {
        const res = await get(server, "nobody.example");
        assert.equal(res.status, 404);
        assert.doesNotMatch(res.text, /LandingHub/);
      });
    } finally {
      await server.close();
      await dns.stop();
    }
  },
});

const CADDY = "/usr/bin/caddy";
const hasCaddy = (() => {
  try {
    return Deno.statSync(CADDY).isFile;
  } catch {
    return false;
  }
})();

/** An HTTPS GET to 127.0.0.1:port with SNI and Host `host`, trusting only `ca`. */
function tlsGet(port: number, host: string, ca: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: "127.0.0.1", port, servername: host, ca, headers: { host }, path: "/", agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => text += d);
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

if (!hasCaddy) {
  console.warn(
    "domains_test: caddy is not installed (apt-get install -y caddy); the TLS test is skipped",
  );
}

Deno.test({
  name: "custom domains over TLS: Caddy's on_demand_tls asks the app, serves active hostnames only",
  ignore: !hasDnsmasq || !hasCaddy,
  async fn() {
    const dns = new Dns();
    const { server, owner, id } = await setup(dns);
    const dir = await Deno.makeTempDir({ prefix: "caddy-" });
    let caddy: Deno.ChildProcess | null = null;
    try {
      const add = await owner.post(`/api/pages/${id}/domains`, { hostname: "shop.example" });
      await owner.post(`/api/pages/${id}/domains`, { hostname: "pending.example" });
      await dns.set({ txt: [["_landinghub.shop.example", add.body.domain.verification.value]] });
      assert.equal((await owner.post(`/api/pages/${id}/domains/shop.example/verify`)).status, 200);

      // Caddy's internal CA (local_certs): no ACME server is ever contacted.
      const httpsPort = freePort();
      await Deno.writeTextFile(
        `${dir}/Caddyfile`,
        `{
	admin off
	local_certs
	skip_install_trust
	auto_https disable_redirects
	http_port ${freePort()}
	https_port ${httpsPort}
	storage file_system {
		root ${dir}/data
	}
	on_demand_tls {
		ask http://127.0.0.1:${server.port}/api/domains/check
	}
}

https:// {
	bind 127.0.0.1
	tls {
		on_demand
	}
	reverse_proxy 127.0.0.1:${server.port}
}
`,
      );
      caddy = new Deno.Command(CADDY, {
        args: ["run", "--config", `${dir}/Caddyfile`, "--adapter", "caddyfile"],
        env: { HOME: dir, XDG_DATA_HOME: `${dir}/xdg`, XDG_CONFIG_HOME: `${dir}/xdg` },
        stdout: "null",
        stderr: "null",
      }).spawn();
      const ca = await waitFor("Caddy made its local CA", async () => {
        (await Deno.connect({ hostname: "127.0.0.1", port: httpsPort })).close();
        return await Deno.readTextFile(`${dir}/data/pki/authorities/local/root.crt`);
      });

      const live = await tlsGet(httpsPort, "shop.example", ca);
      assert.equal(live.status, 200);
      assert.match(live.text, /Welcome to the shop/);
      // A pending hostname gets no certificate: the handshake is refused.
      await assert.rejects(() => tlsGet(httpsPort, "pending.example", ca));
      await assert.rejects(() => tlsGet(httpsPort, "unknown.example", ca));
    } finally {
      if (caddy) {
        caddy.kill("SIGTERM");
        await caddy.status;
      }
      await server.close();
      await dns.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
