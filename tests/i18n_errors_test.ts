// A form's own error, already written in the reader's language, reaches them as written: the
// generic "some fields are not valid" of its error code must not replace it.
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers.ts";
import { seller } from "../lib/i18n/areas/seller.ts";

Deno.test("a translated form error keeps its own words in vi and th", async () => {
  const server = await startTestServer();
  try {
    const user = server.client();
    await user.register();
    for (const lang of ["vi", "th", "en"] as const) {
      const res = await user.request("POST", `/sales/payout?lang=${lang}`, {
        body: new URLSearchParams({ amount: "-5", currency: "usd" }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(res.status, 303);
      const location = decodeURIComponent(res.headers.get("location") ?? "");
      assert.ok(
        location.includes(seller[lang]["seller.sales.positiveAmount"]),
        `${lang}: ${location}`,
      );
    }
  } finally {
    await server.close();
  }
});
