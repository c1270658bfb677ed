// deno-lint-ignore-file no-explicit-any -- JSON replies in tests are loosely typed
// The local support assistant (no GEMINI_API_KEY): realistic questions against the demo FAQ and
// two listings → which entry answers and whether the room goes to a person, then the same
// through the real server (queued job, room status, SITES_DOMAIN in the answer).
import assert from "node:assert/strict";
import { loadConfig, setConfig } from "../lib/config.ts";
import { asksForHuman, decide, moneyProblem, phraseAnswer } from "../lib/ai/assistant.ts";
import { faqDoc, listingDoc } from "../lib/ai/retrieval.ts";
import { expandFaqText, type Faq } from "../lib/chat/faqs.ts";
import type { Listing } from "../lib/market/index.ts";
import { DEMO_FAQS } from "../lib/seed/faqs.ts";
import { eventually, startTestServer } from "./_helpers.ts";
import { ADMIN_ENV, adminClient } from "./_market.ts";

const SITES = "pages.example.com";

const Q = {
  publish: "How do I publish my landing page?",
  slug: "Can I change the address (slug) of my page?",
  leads: "Where do I see the leads from my forms?",
  fee: "How much does LandingHub take when I sell a template?",
  sell: "How do I sell my page as a template?",
  payout: "When can I withdraw my earnings?",
  edit: "Can I edit a template I bought?",
  refund: "What is the refund policy for templates?",
  blocks: "Which blocks can I use in the editor?",
  password: "How do I reset my password?",
} as const;

function listing(id: string, title: string, description: string, category: string): Listing {
  return {
    id,
    title,
    description,
    category,
    price: 1900,
    currency: "usd",
    status: "approved",
  } as Listing;
}

function knowledge() {
  setConfig(loadConfig({ SITES_DOMAIN: SITES, APP_ORIGIN: "https://app.example.com" }));
  const faqs: Faq[] = DEMO_FAQS.map((f, i) => ({
    ...f,
    id: `faq${i}`,
    question: expandFaqText(f.question),
    answer: expandFaqText(f.answer),
    updatedAt: "2025-01-01T00:00:00.000Z",
  }));
  const listings = [
    listing(
      "lst-bistro",
      "Bistro restaurant landing page",
      "A warm restaurant page with a menu, opening hours, a gallery and a table booking form.",
      "restaurant",
    ),
    listing(
      "lst-saas",
      "SaaS launch",
      "Hero, features, three-tier pricing, testimonials and a trial signup form for software.",
      "saas",
    ),
  ];
  return { faqs, docs: [...faqs.map(faqDoc), ...listings.map(listingDoc)] };
}

type Expect = {
  q: string;
  /** The FAQ entry that should answer (its question), a listing id, or null for none. */
  source: string | null;
  escalate: boolean;
  reason?: string | null;
};

const CASES: Expect[] = [
  // custom domains are not in the FAQ: say so, and hand over (not the publishing answer)
  {
    q: "How do I connect my own domain to my page?",
    source: null,
    escalate: true,
    reason: "low_confidence",
  },
  {
    q: "Can I use my own domain name for a page?",
    source: null,
    escalate: true,
    reason: "low_confidence",
  },
  // fee, not withdrawal
  { q: "What fee do you charge on sales?", source: Q.fee, escalate: false },
  {
    q: "How much commission does LandingHub take when I sell a template?",
    source: Q.fee,
    escalate: false,
  },
  { q: "How do I change my page address?", source: Q.slug, escalate: false },
  { q: "How can I change the URL of my site?", source: Q.slug, escalate: false },
  { q: "How do I publish my landing page?", source: Q.publish, escalate: false },
  // "someone" and "user agent" are not requests for a person
  { q: "Can someone explain how publishing works?", source: Q.publish, escalate: false },
  {
    q: "What happens when someone fills in the form on my page?",
    source: Q.leads,
    escalate: false,
  },
  {
    q: "Why does my page look different in another user agent?",
    source: null,
    escalate: true,
    reason: "low_confidence",
  },
  { q: "How can I withdraw my earnings?", source: Q.payout, escalate: false },
  { q: "I forgot my password", source: Q.password, escalate: false },
  { q: "What sections can I add to a page?", source: Q.blocks, escalate: false },
  { q: "Can I modify a template after buying it?", source: Q.edit, escalate: false },
  { q: "What is the refund policy?", source: Q.refund, escalate: false },
  { q: "How do I export my leads to CSV?", source: Q.leads, escalate: false },
  { q: "Do you have a template for a restaurant?", source: "lst-bistro", escalate: false },
  // real requests for a person, and money problems
  { q: "I want to talk to a human", source: null, escalate: true, reason: "asked_for_human" },
  {
    q: "Can I speak to someone about my account?",
    source: null,
    escalate: true,
    reason: "asked_for_human",
  },
  {
    q: "Is there a real person I can chat with?",
    source: null,
    escalate: true,
    reason: "asked_for_human",
  },
  {
    q: "I was charged twice for a template, I need my money back",
    source: null,
    escalate: true,
    reason: "payment",
  },
  {
    q: "Can I get a refund on a template I bought?",
    source: Q.refund,
    escalate: true,
    reason: "payment",
  },
  { q: "What's the weather like today?", source: null, escalate: true, reason: "low_confidence" },
];

Deno.test("local assistant: realistic questions → the right FAQ entry and hand-off decision", () => {
  const { faqs, docs } = knowledge();
  const failures: string[] = [];
  for (const c of CASES) {
    const a = decide(c.q, docs);
    const used = a.sources.faqIds.map((id) => faqs.find((f) => f.id === id)!.question);
    const got = c.reason === "asked_for_human" ? null : used[0] ?? a.sources.listingIds[0] ?? null;
    const problems = [
      got !== c.source && `answered from ${JSON.stringify(got)}, want ${JSON.stringify(c.source)}`,
      a.escalate !== c.escalate && `escalate=${a.escalate}, want ${c.escalate}`,
      c.reason !== undefined && a.reason !== c.reason && `reason=${a.reason}, want ${c.reason}`,
    ].filter(Boolean);
    if (problems.length) failures.push(`${c.q}\n    ${problems.join("; ")}\n    ${a.text}`);
  }
  assert.deepEqual(failures, [], `\n${failures.join("\n")}`);
});

Deno.test("local assistant: answers read well", () => {
  const { docs } = knowledge();
  const text = (q: string) => decide(q, docs).text;

  // leads with the answer, no "Yes." to a how-question (but kept for a yes/no question)
  assert.match(text("How do I change my page address?"), /^In the editor's settings/);
  assert.match(text("Can I change the address of my page?"), /^Yes\./);
  assert.equal(phraseAnswer("No, not yet.", "How do I do X?"), "Not yet.");
  assert.equal(phraseAnswer("Yes. It works.", "Is it possible?"), "Yes. It works.");

  // the real sites domain, not a placeholder
  const publish = text("How do I publish my landing page?");
  assert.match(publish, /^Open the page in the editor and press Publish/);
  assert.ok(publish.includes(`https://my-offer.${SITES}/`), publish);
  assert.doesNotMatch(publish, /<sites domain>|\{site_url|your-slug/);
  assert.equal(
    expandFaqText("Live at https://your-slug.<sites domain>/ now"),
    `Live at https://your-slug.${SITES}/ now`,
    "entries saved with the old placeholder are filled in too",
  );

  // honest about a gap, and says a person will follow
  const domain = text("How do I connect my own domain to my page?");
  assert.match(domain, /couldn't find an answer/);
  assert.match(domain, /person will reply/);
  assert.doesNotMatch(domain, /Publish/);

  // unsure answers say so
  assert.match(text("When do I get paid for my sales?"), /not completely sure/);

  // a greeting gets a greeting, not a hand-off
  const hello = decide("Hello there!", docs);
  assert.equal(hello.escalate, false);
  assert.match(hello.text, /^Hi!/);
});

Deno.test("hand-off triggers: real requests only", () => {
  for (
    const yes of [
      "talk to a human",
      "Can I speak with someone?",
      "I'd like to chat with a real person",
      "agent please",
      "I need an agent",
      "Please transfer me to your team",
      "Is there someone I can talk to?",
      "I don't want a bot",
      "human!",
    ]
  ) assert.ok(asksForHuman(yes), yes);
  for (
    const no of [
      "Can someone explain how publishing works?",
      "What does the user agent column in leads mean?",
      "Can somebody buy my template twice?",
      "How do I let people contact me from my page?",
      "Which staff picks are in the marketplace?",
      "Does the preview emulate a phone user agent?",
    ]
  ) assert.ok(!asksForHuman(no), no);
  for (
    const yes of [
      "I need a refund",
      "I was charged twice",
      "My payment failed",
      "I haven't been paid for my sales",
      "I want my money back",
    ]
  ) assert.ok(moneyProblem(yes), yes);
  for (const no of ["What is the refund policy?", "What fee do you charge on sales?"]) {
    assert.ok(!moneyProblem(no), no);
  }
});

Deno.test("local assistant through the server: the answer, SITES_DOMAIN, and the room's status", async () => {
  const server = await startTestServer({ ...ADMIN_ENV, SITES_DOMAIN: SITES });
  try {
    const admin = await adminClient(server);
    for (const faq of DEMO_FAQS) {
      assert.equal((await admin.post("/api/admin/faqs", faq)).status, 201);
    }
    // The public FAQ shows the real address; the admin editor keeps the placeholder.
    const publicFaq = (await admin.get("/api/faqs")).body.items
      .find((f: any) => f.question === Q.publish);
    assert.ok(publicFaq.answer.includes(`my-offer.${SITES}/`), publicFaq.answer);

    const user = server.client();
    await user.register();
    const ask = async (message: string) => {
      const room = (await user.post("/api/chat/rooms", { subject: "Q", message })).body.room;
      const ai = await eventually(async () =>
        (await user.get(`/api/chat/rooms/${room.id}/messages`)).body.items
          .find((m: any) => m.senderType === "ai")
      );
      return { ai, room: (await user.get(`/api/chat/rooms/${room.id}`)).body.room };
    };

    const publish = await ask("Can someone explain how publishing works?");
    assert.equal(publish.room.status, "open", "not handed over");
    assert.ok(publish.ai.message.includes(`.${SITES}/`), publish.ai.message);

    const domain = await ask("How do I connect my own domain to my page?");
    assert.equal(domain.room.status, "waiting_admin");
    assert.match(domain.ai.message, /couldn't find an answer/);

    const fee = await ask("What fee do you charge on sales?");
    assert.equal(fee.room.status, "open");
    assert.match(fee.ai.message, /keeps 10%/);
  } finally {
    await server.close();
  }
});
