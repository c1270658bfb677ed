// The one rate limiter (lib/http/rate-limit.ts) on its own: counts are atomic under bursts,
// refusals carry Retry-After, windows and subjects are separate, quotas hold in parallel.
import assert from "node:assert/strict";
import { closeKv, openKv } from "../lib/kv/index.ts";
import { loadConfig, setConfig } from "../lib/config.ts";
import { addressSubject, hit, hitSpaced, reserveQuota, unhit } from "../lib/http/rate-limit.ts";
import { AppError } from "../lib/http/index.ts";

async function settle<T>(work: Promise<T>[]) {
  const out = await Promise.allSettled(work);
  const ok = out.filter((r) => r.status === "fulfilled").length;
  const errors = out.flatMap((r) => r.status === "rejected" ? [r.reason as AppError] : []);
  return { ok, errors };
}

Deno.test("rate limiter: atomic counting, Retry-After, quotas", async (t) => {
  await openKv(setConfig(loadConfig({ DENO_KV_PATH: ":memory:" })));
  try {
    const rule = { name: "t", limit: 10, windowMs: 60_000, message: "Slow down" };
    // The first two steps count in one window, and windows turn on the clock's minute: start
    // with at least 15 s of it left, or a new window mid-test resets the count (seen in CI).
    const left = rule.windowMs - Date.now() % rule.windowMs;
    if (left < 15_000) await new Promise((r) => setTimeout(r, left + 50));

    await t.step(
      "60 parallel hits: exactly 10 pass, the rest are 429 with Retry-After",
      async () => {
        const { ok, errors } = await settle(Array.from({ length: 60 }, () => hit(rule, "a")));
        assert.equal(ok, 10);
        assert.equal(errors.length, 50);
        for (const e of errors) {
          assert.ok(e instanceof AppError);
          assert.equal(e.status, 429, e.message);
          assert.equal(e.message, "Slow down");
          const after = Number(e.headers?.["Retry-After"]);
          assert.ok(after >= 1 && after <= 60, String(after));
        }
        await hit(rule, "b"); // another subject has its own count
      },
    );

    await t.step("a hit given back frees one slot", async () => {
      await unhit(rule, "a");
      await hit(rule, "a");
      await assert.rejects(hit(rule, "a"), (e: AppError) => e.status === 429);
    });

    await t.step("a limit of 0 is off", async () => {
      for (let i = 0; i < 5; i++) await hit({ ...rule, limit: 0 }, "a");
    });

    await t.step("spaced: one per gap, N per window", async () => {
      const spaced = { name: "s", limit: 2, windowMs: 3_600_000, gapMs: 60_000 };
      await hitSpaced(spaced, "u");
      const tooSoon = await settle([hitSpaced(spaced, "u"), hitSpaced(spaced, "u")]);
      assert.equal(tooSoon.ok, 0);
      await hitSpaced(spaced, "u", { enforce: false });
      assert.equal((await settle([hitSpaced(spaced, "v")])).ok, 1);
    });

    await t.step(
      "quota: parallel reservations never pass the maximum; give-back frees",
      async () => {
        const quota = { name: "bytes", max: 1000, message: "Full" };
        const { ok, errors } = await settle(
          Array.from({ length: 30 }, () => reserveQuota(quota, "q", 100)),
        );
        assert.equal(ok, 10);
        assert.ok(errors.every((e) => e.status === 413 && e.message === "Full"));
        const giveBack = await reserveQuota({ ...quota, max: 1100 }, "q", 100);
        await assert.rejects(reserveQuota({ ...quota, max: 1100 }, "q", 1));
        await giveBack();
        await reserveQuota({ ...quota, max: 1100 }, "q", 100);
      },
    );
  } finally {
    closeKv();
  }
});

Deno.test("addressSubject: IPv6 counts per /64, IPv4-mapped as IPv4, IPv4 as itself", () => {
  assert.equal(addressSubject("203.0.113.9"), "203.0.113.9");
  assert.equal(addressSubject("::ffff:203.0.113.9"), "203.0.113.9");
  assert.equal(addressSubject("2001:db8:77:1::1"), "2001:db8:77:1::/64");
  assert.equal(addressSubject("2001:0db8:0077:0001:ffff:ffff:ffff:ffff"), "2001:db8:77:1::/64");
  assert.equal(addressSubject("[2001:db8::1]"), "2001:db8:0:0::/64");
  assert.equal(addressSubject("::1"), "0:0:0:0::/64");
  assert.notEqual(addressSubject("2001:db8:77:2::1"), addressSubject("2001:db8:77:1::1"));
});
