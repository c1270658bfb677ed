// A visitor who arrives from a campaign (utm_* in the URL) is shown the variant they are
// assigned to, with its `_variant` field and their attribution inputs — not the original page.
import assert from "node:assert/strict";
import { hostRequest, startTestServer } from "./_helpers.ts";
import { formBlock, hero, publishedPage, startedSplit, UA, variantOf } from "./_experiments.ts";

Deno.test("an experiment shows a campaign visitor their own variant, with its source inputs", async () => {
  const server = await startTestServer({ TRUST_PROXY: "1" });
  try {
    const owner = server.client();
    await owner.register();
    const pageId = await publishedPage(owner, "ab-utm");
    const exp = await startedSplit(owner, pageId, "Utm", [hero("Variant B headline"), formBlock]);
    const b = exp.variants[1];
    const host = `ab-utm.${server.sitesDomain}`;
    const visit = (ip: string, path = "/") =>
      hostRequest(server.port, host, path, {
        headers: { "user-agent": UA, "x-forwarded-for": ip },
      });
    let bIp = "";
    for (let n = 1; n < 200 && !bIp; n++) {
      if (variantOf((await visit(`10.8.0.${n}`)).text) === b.id) bIp = `10.8.0.${n}`;
    }
    assert.ok(bIp, "a visitor assigned to B");

    const fromCampaign = await visit(bIp, "/?utm_source=newsletter&utm_campaign=spring");
    assert.equal(fromCampaign.status, 200);
    assert.equal(variantOf(fromCampaign.text), b.id, "the campaign visitor sees variant B");
    assert.ok(fromCampaign.text.includes("Variant B headline"));
    assert.ok(!fromCampaign.text.includes("Original headline"));
    assert.match(fromCampaign.text, /name="_utm_source" value="newsletter"/);
  } finally {
    await server.close();
  }
});
