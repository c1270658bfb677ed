// Conversions go to the variant the submitting visitor is assigned to (the sticky hash of address
// and User-Agent, worked out again at submission), whatever `_variant` the post names: a forged
// `_variant` cannot inflate another variant, and a post without it (JSON, no-JS) still counts.
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";
import { formBlock, hero, publishedPage, startedSplit, UA, variantOf } from "./_experiments.ts";

Deno.test("experiment conversions follow the visitor's assignment, not the posted _variant", async () => {
  const server = await startTestServer({ TRUST_PROXY: "1", FORM_RATE_PER_MINUTE: "0" });
  try {
    const owner = server.client();
    await owner.register();
    const pageId = await publishedPage(owner, "ab-forge", "Original");
    const exp = await startedSplit(owner, pageId, "Forge", [
      hero("B"),
      { ...formBlock, id: "only-b" },
    ]);
    const [control, b] = exp.variants;
    const base = `/api/pages/${pageId}/experiments/${exp.id}`;

    const host = `ab-forge.${server.sitesDomain}`;
    const shown = async (ip: string) =>
      variantOf(
        (await hostRequest(server.port, host, "/", {
          headers: { "user-agent": UA, "x-forwarded-for": ip },
        })).text,
      );
    // One visitor assigned to each variant.
    let controlIp = "", bIp = "";
    for (let n = 1; n < 200 && (!controlIp || !bIp); n++) {
      const ip = `10.9.0.${n}`;
      const v = await shown(ip);
      if (v === control.id && !controlIp) controlIp = ip;
      if (v === b.id && !bIp) bIp = ip;
    }
    assert.ok(controlIp && bIp);
    const post = (path: string, ip: string, body: Record<string, string>) =>
      hostRequest(server.port, host, path, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": UA, "x-forwarded-for": ip },
        body: JSON.stringify(body),
      });
    const conversions = async () => {
      const v = (await owner.get(base)).body.experiment.variants;
      return [v[0].conversions, v[1].conversions];
    };

    // A control visitor forging B's id: counts for control, nothing for B.
    const forged = await post("/forms/signup", controlIp, {
      email: "f@example.com",
      _variant: b.id,
    });
    assert.equal(forged.status, 201, forged.text);
    assert.deepEqual(await conversions(), [1, 0]);
    // A B visitor posting without `_variant` (JSON, no script): counts for B.
    const plain = await post("/forms/signup", bIp, { email: "p@example.com" });
    assert.equal(plain.status, 201, plain.text);
    assert.deepEqual(await conversions(), [1, 1]);
    // B's own form takes B's visitors; a control visitor naming B cannot reach it.
    assert.equal(
      (await post("/forms/only-b", bIp, { email: "o@example.com", _variant: b.id })).status,
      201,
    );
    assert.equal(
      (await post("/forms/only-b", controlIp, { email: "x@example.com", _variant: b.id })).status,
      404,
    );
    assert.deepEqual(await conversions(), [1, 2]);
  } finally {
    await server.close();
  }
});
