// Over 400 lines: the local generator is one reading of a description (patterns, name, features,
// labels) whose parts only make sense together; Gemini is the short part at the end.
// The page generator: a page from a description, by Gemini when configured (its answer shaped
// by the JSON schema derived from the blocks' own schemas), else composed locally from the
// description's words and the starter layouts.
import { config } from "../config.ts";
import { type Block, type Content, contentSchema } from "../blocks.ts";
import { generatorJsonSchema } from "../../blocks/registry.ts";
import { starterContent } from "../pages/starters.ts";
import {
  block,
  footer,
  footerText,
  formAnchor,
  KIT_WORDS,
  type PageLocale,
  theme,
} from "../pages/starters/kit.ts";
import {
  detectPageLocale,
  GENERATED_WORDS,
  type GeneratedWords,
  LANGUAGE_PROMPT,
  LOCAL_B2B,
  LOCAL_KEYWORDS,
  LOCAL_PRICING,
  PAGE_WORDS,
  readLocalDescription,
} from "./page-language.ts";

// ---------------------------------------------------------------------------------------------
// The local generator (no GEMINI_API_KEY): a page composed from the description's own words.

/** Which layout a description asks for; the first match wins. */
const KEYWORDS: [RegExp, string][] = [
  [/\b(event|conference|meetup|meet-up|summit|workshop|festival|webinar|hackathon)s?\b/i, "event"],
  [
    /\b(apps?|ios|android|mobile|launch|launching|waitlist|wait-list|beta|coming soon|early access)\b/i,
    "app-launch",
  ],
  [
    /\b(agency|(?:design|creative|branding|web|digital|marketing) studio|consultancy|consulting|consultants?|freelancers?|portfolio)\b/i,
    "agency",
  ],
  [/\b(newsletter|subscribe|community|podcast|blog)\b/i, "newsletter"],
  [
    /\b(products?|shop|store|buy|bottle|gear|e-?commerce|sell|selling|subscription box|handmade|merch|coffee|tea|wine|chocolate|snacks?|skincare|cosmetics|clothing|fashion|jewell?ery|shoes|sneakers|furniture|candles?|backpacks?|bikes?|gadgets?)\b/i,
    "product",
  ],
  [/\b(saas|software|platform|tool|api|startup|b2b|dashboard|crm)\b/i, "saas"],
];
/** Pages for businesses, whose forms ask for a work email. */
const B2B_KINDS = new Set(["saas", "agency"]);
const B2B_WORDS =
  /\b(b2b|for (?:teams|businesses|companies|agencies|startups|enterprises|sales teams))\b/i;

const WORD = String.raw`[\p{L}\p{N}][\p{L}\p{N}'’-]*`;
// "Make me a simple landing page for …", "A waitlist page for …", "One-page site about …": the
// request, not the product.
const LEAD_IN = new RegExp(
  String.raw`^(?:(?:please|hi|hey|hello)\b[,!]?\s*)?` +
    String.raw`(?:(?:can|could|would)\s+you\s+(?:please\s+)?)?` +
    String
      .raw`(?:(?:make|create|build|design|generate|write|draft|give|set\s+up)\s+(?:me\s+|us\s+)?|(?:i|we)\s+(?:want|need|would\s+like|'d\s+like)\s+)?` +
    String.raw`(?:(?:a|an|the|my|our)\s+)?` +
    String
      .raw`(?:(?:simple|clean|modern|minimal|minimalist|quick|short|basic|small|nice|beautiful|bold|sleek|stylish|elegant|professional|fun|playful|friendly|new|great|single|one-page|single-page|one\s+page|dark|light|colou?rful|responsive|landing|waitlist|wait-list|signup|sign-up|launch|coming[\s-]soon|pre-?launch|marketing|sales|product|event|registration|pre-?order|promo|promotional|lead|portfolio|company|business|startup|agency|design|app|personal|info|information(?:al)?|splash)[\s,]+)*` +
    String.raw`(?:page|web\s*page|site|web\s*site|homepage|home\s+page|one-pager|microsite)\s*` +
    String
      .raw`(?:(?:for|about|of|on|promoting|advertising|to\s+(?:promote|advertise|sell|launch|announce)|that\s+(?:sells|promotes|advertises|announces|introduces))\s+|[:—–]\s*|-\s+)`,
  "iu",
);
// "… called Pawsome", "… named "Brewly"": the product's name (capitalised, or quoted).
const NAMED = new RegExp(
  String
    .raw`\s*,?\s*\b(?:called|named)\s+(?:["“]([^"”]{1,40})["”]|(\p{Lu}${WORD}(?:\.\p{L}{2,})?(?:\s+(?:&\s+)?[\p{Lu}\d]${WORD}){0,2}))`,
  "u",
);
// "Brewly, a coffee…", "Brewly — …", "Brewly: …", "Brewly is …"
const NAME_FIRST = new RegExp(
  String
    .raw`^["“]?([\p{Lu}\d]${WORD}(?:\.\p{L}{2,})?(?:\s+(?:&\s+)?[\p{Lu}\d]${WORD}){0,2})["”]?(\s*(?:,|:|—|–|\s-\s)\s*|\s+(?:is|are)\s+)`,
  "u",
);
// "the Trailmate backpack": a capitalised name after "the" at the start.
const THE_NAME = new RegExp(
  String.raw`^the\s+(\p{Lu}${WORD}(?:\s+(?:&\s+)?\p{Lu}${WORD}){0,2})\b`,
  "u",
);
/** Sentence openers that are not names: "A …, ", "The …, ", "Our …, ". */
const NOT_NAMES = /^(?:a|an|the|my|our|this|that|these|we|i|it|please|make|create|build|hi|hey)$/i;
// "… with smart reminders, shared lists and offline mode."
const WITH_LIST = /,?\s+\b(?:with|featuring|including|offering)\s+([^.!?]+)/i;
// What the request asks the page to contain rather than what the product is: "pricing in euros",
// "a signup form", "testimonials".
const META_ITEM = new RegExp(
  String
    .raw`^(?:(?:a|an|the|some|clear|simple|transparent|monthly|yearly|annual|two|three|four|[234]|several|different|flexible|short|nice|big|bold)\s+)*` +
    String
      .raw`(?:pricing|prices|price|price\s+list|plans|tiers|packages|testimonials?|reviews|customer\s+quotes|faqs?|questions|(?:signup|sign-up|contact|waitlist|wait-list|email|registration|lead|newsletter)\s+(?:form|box)|forms?|countdown(?:\s+timer)?|footer|hero(?:\s+section)?|call\s+to\s+action|cta|section)\b` +
    String
      .raw`|^(?:(?:in|using|with)\s+)?(?:euros?|pounds?(?:\s+sterling)?|dollars?|eur|gbp|usd|[€£$])$`,
  "i",
);
const META_LEAD =
  /^(?:please\s+)?(?:(?:include|add|show|use|have|put|with|also|and|plus|needs?)\s+)+/i;
const PRICING = /\b(pricing|prices?|priced|plans|tiers?|price\s+list)\b/i;
const EUROS = /\b(euros?|eur)\b|€/i;
const POUNDS = /\b(pounds?\s+sterling|gbp|pounds)\b|£/i;

// "iOS", "eBay": a word with a capital inside keeps its own spelling.
const capitalise = (s: string) => /^\S*[A-Z]/.test(s) ? s : s.charAt(0).toUpperCase() + s.slice(1);
// "A dog-walking app" after "Pawsome — " reads "a dog-walking app".
const lowerArticle = (s: string) => s.replace(/^(A|An|The)\b/, (a) => a.toLowerCase());
const trimPunct = (s: string) => s.trim().replace(/^[\s,;:—–-]+|[\s,;:—–-]+$/g, "");
/** Cut at a word boundary so the result is at most `max` characters. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(" ") > max / 2 ? cut.lastIndexOf(" ") : cut.length)}…`;
}
const splitList = (s: string) =>
  s.split(/\s*,\s*(?:and\s+|&\s+)?|\s+and\s+|\s+&\s+|\s+plus\s+/i).map(trimPunct).filter(Boolean);
const isMeta = (item: string) => META_ITEM.test(trimPunct(item).replace(META_LEAD, ""));
/** A sentence that only asks for page parts ("Pricing in euros.", "Add a signup form."). */
const isMetaSentence = (s: string) => {
  const items = splitList(trimPunct(s.replace(/[.!?]+$/, "")).replace(META_LEAD, ""));
  return items.length > 0 && items.every(isMeta);
};
/** "a, b and c" */
const joinList = (items: string[]) =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

/** The parts of a description a page is made of: a name, a headline, a subheadline, features. */
export function readDescription(description: string) {
  const text = description.trim().replace(/\s+/g, " ");
  const core = text.replace(LEAD_IN, "").trim() || text;
  const [first, ...rest] = core.split(/(?<=[.!?])\s+/);

  let name: string | null = null;
  let claim = first;
  const leading = first.match(NAME_FIRST);
  if (leading && !NOT_NAMES.test(leading[1].split(" ")[0])) {
    name = leading[1];
    claim = first.slice(leading[0].length);
  }
  const named = claim.match(NAMED) ?? (name ? null : core.match(NAMED));
  if (named) {
    name ??= trimPunct(named[1] ?? named[2]);
    claim = claim.replace(NAMED, "");
  }

  // A "with …" list: the product's features, less what the page is asked to contain.
  let features: string[] = [];
  const listed = claim.match(WITH_LIST);
  if (listed) {
    const items = splitList(listed[1].replace(/[.!?]+$/, "")).filter((f) =>
      !isMeta(f) && f.length > 2
    );
    features = items.map((f) => f.replace(/^(?:a|an|the)\s+/i, ""));
    // A single feature stays in the claim ("a bike with a built-in lock"); a list moves out.
    claim = claim.replace(
      WITH_LIST,
      items.length === 1 ? ` ${listed[0].trim().split(/\s/)[0]} ${items[0]}` : "",
    );
    if (features.length < 2) features = [];
  }
  // What is left of the claim, without asks such as ", pricing in euros".
  const parts = claim.replace(/[.!?]+$/, "").split(/\s*,\s*/);
  claim = trimPunct([parts[0], ...parts.slice(1).filter((p) => !isMetaSentence(p))].join(", "));
  // "The Aero Bottle with …": the name is the product's, and the claim already says it.
  name ??= claim.match(THE_NAME)?.[1] ?? null;

  const headline = clip(
    name && claim && !claim.includes(name)
      ? `${name} — ${lowerArticle(claim)}`
      : capitalise(claim || name || trimPunct(first.replace(/[.!?]+$/, "")) || text),
    120,
  );
  const more = rest.filter((s) => !isMetaSentence(s)).join(" ");
  const subheadline = more || (features.length >= 2 ? `${capitalise(joinList(features))}.` : "");
  return {
    name: name ? clip(name, 60) : null,
    headline,
    subheadline: clip(subheadline, 300),
    features: features.slice(0, 4).map((f) => clip(capitalise(f), 60)),
  };
}

/** What else the description asks of the page: a layout, pricing, a currency, a business audience. */
export function readRequest(description: string, locale: PageLocale = "en") {
  const text = description.trim().replace(/\s+/g, " ");
  if (locale !== "en") {
    // Vietnamese and Thai: the language's own words first, then English loanwords ("app", "SaaS").
    const kind = LOCAL_KEYWORDS[locale].find(([re]) => re.test(text))?.[1] ??
      KEYWORDS.find(([re]) => re.test(text))?.[1] ?? "generic";
    return {
      kind,
      b2b: B2B_KINDS.has(kind) || LOCAL_B2B[locale].test(text),
      // Prices are written in the page's own currency (the starters' ₫ and ฿).
      pricing: LOCAL_PRICING[locale].test(text),
      currency: null,
    };
  }
  const core = text.replace(LEAD_IN, "").trim() || text;
  // What the thing is decides the layout ("an invoicing tool for freelancers" is a tool), then the
  // rest of the words, less any "with …" features ("with weekend workshops" is not an event).
  const head = core.replace(NAME_FIRST, "").split(
    /\s+(?:for|with|that|which|who|in|called|named)\s+|[,.;:!?]/,
  )[0];
  const words = text.replace(WITH_LIST, "");
  const find = (s: string) => KEYWORDS.find(([re]) => re.test(s))?.[1];
  const matched = find(head) ?? find(words) ?? null;
  const kind = matched ?? "generic";
  const currency = EUROS.test(text) ? "€" : POUNDS.test(text) ? "£" : null;
  return {
    kind,
    b2b: (matched !== null && B2B_KINDS.has(matched)) || B2B_WORDS.test(text),
    pricing: PRICING.test(text) || currency !== null,
    currency,
  };
}

/**
 * A neutral layout for descriptions that match no starter: hero, contact form, footer (and, for a
 * course, why to learn there); in the page's language.
 */
const genericContent = (locale: PageLocale, words: GeneratedWords): Content => {
  const w = KIT_WORDS[locale], form = words.form!;
  return {
    theme: theme("#4f46e5"),
    locale,
    blocks: [
      block("hero", { headline: "", ctaText: form.cta, ctaHref: formAnchor("contact") }),
      ...(words.features
        ? [block("features", { ...words.features, columns: words.features.items.length })]
        : []),
      {
        ...block("form", {
          title: form.title,
          fields: [
            { name: "name", label: w.name, type: "text", required: true },
            { name: "email", label: w.email, type: "email", required: true },
            { name: "message", label: w.message, type: "textarea", required: false },
          ],
          submitText: form.submit,
          successMessage: form.success,
        }),
        id: "contact",
      } as Block,
      footer(null, [{ label: PAGE_WORDS[locale].contact, href: formAnchor("contact") }], locale),
    ],
  };
};

/** Plans for a page that asks for pricing: the SaaS starter's, in plainer words for consumers. */
function pricingBlock(b2b: boolean, href: string, locale: PageLocale): Block {
  const saas = starterContent("saas", locale).blocks.find((b) => b.type === "pricing")!;
  if (saas.type !== "pricing") throw new Error("the SaaS starter has pricing");
  const plans = saas.props.plans.map((plan) => ({ ...plan, ctaHref: href }));
  if (b2b) return { ...saas, props: { ...saas.props, plans } };
  const [basic, plus] = plans;
  const w = PAGE_WORDS[locale];
  return {
    ...saas,
    props: {
      title: w.pricing,
      plans: [
        { ...basic, name: w.basic.name, features: w.basic.features },
        {
          ...plus,
          name: w.plus.name,
          price: w.plus.price ?? plus.price.replace(/\d+/, "9"),
          ctaText: w.plus.cta,
          features: w.plus.features,
        },
      ],
    },
  };
}

/**
 * A page composed from the description: the closest layout by its keywords, with the product's
 * name, a headline and subheadline from the description, the features it lists, pricing when it
 * asks for it (in its currency), and a form that asks for a work email only on business pages.
 * The result always passes the content schema.
 */
export function localGenerate(
  description: string,
  locale: PageLocale = detectPageLocale(description) ?? "en",
): { content: Content; name: string } {
  const { name, headline, subheadline, features } = locale === "en"
    ? readDescription(description)
    : readLocalDescription(description, locale);
  const { kind, b2b, pricing, currency } = readRequest(description, locale);
  const words = GENERATED_WORDS[locale][kind] ?? GENERATED_WORDS[locale].generic;
  const content = words.form ? genericContent(locale, words) : starterContent(kind, locale);
  const say = PAGE_WORDS[locale];
  let blocks = content.blocks;

  // The listed features, on layouts without a features block (after the hero and countdown).
  if (features.length >= 2 && !blocks.some((b) => b.type === "features")) {
    const at = blocks.findIndex((b) => b.type !== "hero" && b.type !== "countdown");
    const icons = ["✨", "✅", "💡", "⭐"];
    const listed = block("features", {
      title: say.whatYouGet,
      columns: Math.min(4, features.length),
      items: features.map((title, i) => ({ icon: icons[i % icons.length], title, text: "" })),
    });
    blocks = [
      ...blocks.slice(0, at < 0 ? blocks.length : at),
      listed,
      ...blocks.slice(at < 0 ? blocks.length : at),
    ];
  }
  // Pricing: kept (or added, before the quotes, questions and form) when asked for.
  if (pricing && !blocks.some((b) => b.type === "pricing")) {
    const form = blocks.find((b) => b.type === "form");
    const at = blocks.findIndex((b) =>
      ["testimonials", "faq", "form", "cta", "footer"].includes(b.type)
    );
    const plans = pricingBlock(b2b, form ? formAnchor(form.id) : "#", locale);
    blocks = [
      ...blocks.slice(0, at < 0 ? blocks.length : at),
      plans,
      ...blocks.slice(at < 0 ? blocks.length : at),
    ];
  }

  blocks = blocks.flatMap((b): Block[] => {
    switch (b.type) {
      case "hero":
        return [{
          ...b,
          props: {
            ...b.props,
            headline,
            subheadline: subheadline || words.subheadline,
            ctaText: words.ctaText ?? b.props.ctaText,
          },
        }];
      case "features": {
        if (features.length >= 2) {
          const icons = b.props.items.map((item) => item.icon);
          return [{
            ...b,
            props: {
              ...b.props,
              title: say.whatYouGet,
              subtitle: "",
              columns: Math.min(4, features.length),
              items: features.map((title, i) => ({
                icon: icons[i % icons.length],
                title,
                text: "",
              })),
            },
          }];
        }
        const generic = words.features;
        return generic
          ? [{
            ...b,
            props: {
              ...b.props,
              ...generic,
              subtitle: "",
              columns: Math.min(4, generic.items.length),
            },
          }]
          : [b];
      }
      case "pricing": {
        if (!currency) return [b];
        const plans = b.props.plans.map((p) => ({
          ...p,
          price: p.price.replace(/^[$€£]/, currency),
        }));
        return [{ ...b, props: { ...b.props, plans } }];
      }
      case "testimonials":
        return words.testimonials
          ? [{
            ...b,
            props: { ...b.props, items: words.testimonials.map((t) => ({ ...t, avatar: "" })) },
          }]
          : [b];
      case "cta":
        return [{
          ...b,
          props: {
            ...b.props,
            headline: name ? say.ctaFor(name) : say.ctaDefault,
            text: "",
            buttonText: say.buyNow,
          },
        }];
      case "form": {
        const fields = b.props.fields.map((f) =>
          f.type === "email"
            ? { ...f, label: b2b ? KIT_WORDS[locale].workEmail : KIT_WORDS[locale].email }
            : f
        );
        return [{ ...b, props: { ...b.props, fields } }];
      }
      case "footer":
        return [{ ...b, props: { ...b.props, text: footerText(name, undefined, locale) } }];
      default:
        return [b];
    }
  });
  return {
    content: contentSchema.parse({ ...content, locale, blocks }) as Content,
    name: name ?? (clip(headline, 60) || NEW_PAGE[locale]),
  };
}

const NEW_PAGE: Record<PageLocale, string> = { en: "New page", vi: "Trang mới", th: "หน้าใหม่" };

/** The page's language: the one asked for, else the description's own, else English. */
export const pageLocaleOf = (description: string, asked?: PageLocale | null): PageLocale =>
  asked ?? detectPageLocale(description) ?? "en";

/** The answer's shape, derived from the blocks' zod schemas (blocks/registry.ts). */
const GENERATOR_SCHEMA = (() => {
  const { $schema: _, ...schema } = generatorJsonSchema();
  return schema;
})();

/** Ask Gemini for a page (validated by the content schema); fall back to the local generator. */
export async function generateContent(
  description: string,
  opts: { locale?: PageLocale | null } = {},
): Promise<{ content: Content; name: string; source: "gemini" | "local" }> {
  const cfg = config();
  const locale = pageLocaleOf(description, opts.locale);
  if (!cfg.geminiApiKey) return { ...localGenerate(description, locale), source: "local" };
  try {
    // Loaded on first use (only with GEMINI_API_KEY): the package is the slowest import at start.
    const { GoogleGenAI } = await import("@google/genai");
    const ai = new GoogleGenAI({
      apiKey: cfg.geminiApiKey,
      httpOptions: cfg.geminiBaseUrl ? { baseUrl: cfg.geminiBaseUrl } : undefined,
    });
    const res = await ai.models.generateContent({
      model: "gemini-2.5-flash",
      contents: [{ role: "user", parts: [{ text: description }] }],
      config: {
        systemInstruction:
          "Design a landing page for the description: a brand colour and 4-7 blocks, starting with a hero " +
          "and ending with a footer. Write real copy for the product described, never placeholders. " +
          LANGUAGE_PROMPT[locale],
        responseMimeType: "application/json",
        responseJsonSchema: GENERATOR_SCHEMA,
      },
    });
    const parsed = contentSchema.safeParse(JSON.parse(res.text ?? ""));
    if (parsed.success) {
      const { name, headline } = locale === "en"
        ? readDescription(description)
        : readLocalDescription(description, locale);
      return {
        content: { ...parsed.data, locale } as Content,
        name: name ?? (clip(headline, 60) || NEW_PAGE[locale]),
        source: "gemini",
      };
    }
    console.error("Gemini page did not validate:", parsed.error.issues.slice(0, 3));
  } catch (err) {
    console.error("Gemini page generation failed:", err);
  }
  return { ...localGenerate(description, locale), source: "local" };
}
