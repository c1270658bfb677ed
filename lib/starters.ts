// Built-in starter layouts, the local page generator, and the Gemini generator.
import { GoogleGenAI } from "@google/genai";
import { config } from "../fresh.config.ts";
import { type Block, type Content, contentSchema, themeSchema } from "./blocks.ts";
import { AppError } from "./http.ts";

export interface Starter {
  id: string;
  name: string;
  description: string;
  content: () => Content;
}

let counter = 0;
const bid = (type: string) =>
  `${type}-${(++counter).toString(36)}${crypto.randomUUID().slice(0, 4)}`;

const block = (type: Block["type"], props: Record<string, unknown>) =>
  ({ id: bid(type), type, props }) as Block;

const theme = (primaryColor: string, extra: Partial<Content["theme"]> = {}) =>
  themeSchema.parse({ primaryColor, ...extra });

const signupForm = (title: string, submitText: string, withCompany = false) =>
  block("form", {
    title,
    fields: [
      { name: "name", label: "Name", type: "text", required: true },
      { name: "email", label: "Work email", type: "email", required: true },
      ...(withCompany
        ? [{ name: "company", label: "Company", type: "text", required: false }]
        : []),
    ],
    submitText,
    successMessage: "Thanks! We'll be in touch within one business day.",
  });

const footer = (name: string) =>
  block("footer", {
    text: `© ${new Date().getFullYear()} ${name}. All rights reserved.`,
    links: [{ label: "Privacy", href: "#" }, { label: "Contact", href: "#contact" }],
  });

export const STARTERS: Starter[] = [
  {
    id: "blank",
    name: "Blank page",
    description: "Start from an empty canvas.",
    content: () => ({ theme: theme("#4f46e5"), blocks: [] }),
  },
  {
    id: "saas",
    name: "SaaS product",
    description: "Hero, features, pricing, testimonials, FAQ and a signup form.",
    content: () => ({
      theme: theme("#4f46e5"),
      blocks: [
        block("hero", {
          headline: "Ship your product faster",
          subheadline: "The all-in-one platform that turns ideas into revenue in days, not months.",
          ctaText: "Start free trial",
          ctaHref: "#signup",
        }),
        block("features", {
          title: "Everything you need",
          subtitle: "Powerful building blocks with none of the busywork.",
          columns: 3,
          items: [
            { icon: "⚡", title: "Fast setup", text: "Go live in minutes with sensible defaults." },
            {
              icon: "🔒",
              title: "Secure by default",
              text: "Encryption, SSO and audit logs included.",
            },
            { icon: "📈", title: "Analytics", text: "See what converts and double down." },
          ],
        }),
        block("pricing", {
          title: "Simple pricing",
          plans: [
            {
              name: "Starter",
              price: "$0",
              period: "mo",
              features: ["1 project", "Community support"],
              ctaText: "Get started",
              ctaHref: "#signup",
              highlighted: false,
            },
            {
              name: "Pro",
              price: "$29",
              period: "mo",
              features: ["Unlimited projects", "Priority support", "Custom domain"],
              ctaText: "Go Pro",
              ctaHref: "#signup",
              highlighted: true,
            },
            {
              name: "Team",
              price: "$99",
              period: "mo",
              features: ["Everything in Pro", "SSO", "Audit logs"],
              ctaText: "Contact sales",
              ctaHref: "#signup",
              highlighted: false,
            },
          ],
        }),
        block("testimonials", {
          title: "Loved by teams",
          items: [
            { quote: "We launched two weeks early.", author: "Maya Chen", role: "CTO, Brightline" },
            {
              quote: "Our signups doubled in a month.",
              author: "Luis Ortega",
              role: "Founder, Tidy",
            },
            { quote: "The support team is fantastic.", author: "Priya Rao", role: "PM, Nimbus" },
          ],
        }),
        block("faq", {
          title: "Questions",
          items: [
            { question: "Is there a free trial?", answer: "Yes, 14 days with every feature." },
            {
              question: "Can I cancel any time?",
              answer: "Yes, with one click from your account.",
            },
          ],
        }),
        { ...signupForm("Start your free trial", "Create my account"), id: "signup" } as Block,
        footer("Acme Inc."),
      ],
    }),
  },
  {
    id: "app-launch",
    name: "App launch",
    description: "A bold launch page with a countdown and a waitlist.",
    content: () => ({
      theme: theme("#0ea5e9", { font: "rounded", radius: "large" }),
      blocks: [
        block("hero", {
          headline: "The app your mornings deserve",
          subheadline: "Launching soon on iOS and Android.",
          ctaText: "Join the waitlist",
          ctaHref: "#waitlist",
        }),
        block("countdown", {
          title: "Launch in",
          target: new Date(Date.now() + 30 * 86400000).toISOString(),
          expiredText: "We're live!",
        }),
        block("features", {
          title: "Why you'll love it",
          columns: 2,
          items: [
            { icon: "☀️", title: "Morning routines", text: "Build habits that stick." },
            { icon: "🔔", title: "Gentle reminders", text: "Nudges at the right moment." },
          ],
        }),
        { ...signupForm("Get early access", "Join the waitlist"), id: "waitlist" } as Block,
        footer("Sunrise Apps"),
      ],
    }),
  },
  {
    id: "event",
    name: "Event",
    description: "Conference or meetup: agenda, speakers and registration.",
    content: () => ({
      theme: theme("#db2777"),
      blocks: [
        block("hero", {
          headline: "DesignConf 2027",
          subheadline: "Two days of talks and workshops · Lisbon · June 12–13",
          ctaText: "Register now",
          ctaHref: "#register",
        }),
        block("countdown", {
          title: "Doors open in",
          target: new Date(Date.now() + 60 * 86400000).toISOString(),
          expiredText: "See you next year!",
        }),
        block("features", {
          title: "Agenda",
          columns: 3,
          items: [
            { icon: "🎤", title: "Keynotes", text: "Industry leaders on the future of design." },
            { icon: "🛠️", title: "Workshops", text: "Hands-on sessions in small groups." },
            { icon: "🥂", title: "Networking", text: "Evening social on the river." },
          ],
        }),
        block("pricing", {
          title: "Tickets",
          plans: [
            {
              name: "Standard",
              price: "€299",
              features: ["Both days", "Lunch included"],
              ctaText: "Buy",
              ctaHref: "#register",
              highlighted: false,
            },
            {
              name: "VIP",
              price: "€549",
              features: ["Both days", "Workshops", "Speaker dinner"],
              ctaText: "Buy VIP",
              ctaHref: "#register",
              highlighted: true,
            },
          ],
        }),
        { ...signupForm("Register", "Save my seat", true), id: "register" } as Block,
        footer("DesignConf"),
      ],
    }),
  },
  {
    id: "agency",
    name: "Agency",
    description: "Services, portfolio gallery, client quotes and a contact form.",
    content: () => ({
      theme: theme("#111827", { font: "serif", spacing: "relaxed" }),
      blocks: [
        block("hero", {
          headline: "We build brands people remember",
          subheadline: "Strategy, identity and websites for ambitious companies.",
          ctaText: "Start a project",
          ctaHref: "#contact",
          align: "left",
        }),
        block("features", {
          title: "Services",
          columns: 3,
          items: [
            { title: "Brand strategy", text: "Positioning that sets you apart." },
            { title: "Visual identity", text: "Logos, type and colour systems." },
            { title: "Web design", text: "Sites that convert visitors into clients." },
          ],
        }),
        block("testimonials", {
          title: "Clients say",
          items: [{
            quote: "They understood us better than we did.",
            author: "Sam Lee",
            role: "CEO, Northwind",
          }],
        }),
        { ...signupForm("Tell us about your project", "Send", true), id: "contact" } as Block,
        footer("Studio North"),
      ],
    }),
  },
  {
    id: "newsletter",
    name: "Newsletter",
    description: "A focused signup page for a newsletter or community.",
    content: () => ({
      theme: theme("#16a34a", { spacing: "compact" }),
      blocks: [
        block("hero", {
          headline: "The 5-minute Friday briefing",
          subheadline: "The week's best ideas on product and growth. Free, every Friday.",
          ctaText: "Subscribe",
          ctaHref: "#subscribe",
        }),
        block("testimonials", {
          items: [{
            quote: "The only newsletter I read every week.",
            author: "Jordan P.",
            role: "Growth lead",
          }],
        }),
        {
          ...block("form", {
            title: "Subscribe",
            fields: [{ name: "email", label: "Email", type: "email", required: true }],
            submitText: "Subscribe",
            successMessage: "You're in! Check your inbox to confirm.",
          }),
          id: "subscribe",
        } as Block,
        footer("Friday Briefing"),
      ],
    }),
  },
  {
    id: "product",
    name: "Product",
    description: "A physical product with gallery, features, reviews and a buy call to action.",
    content: () => ({
      theme: theme("#ea580c"),
      blocks: [
        block("hero", {
          headline: "Meet the Aero Bottle",
          subheadline: "Keeps drinks cold for 24 hours. Weighs less than your phone.",
          ctaText: "Buy now — $39",
          ctaHref: "#buy",
        }),
        block("features", {
          title: "Designed for adventure",
          columns: 4,
          items: [
            { icon: "❄️", title: "24h cold" },
            { icon: "🔥", title: "12h hot" },
            { icon: "🪶", title: "180 g" },
            { icon: "♻️", title: "Recycled steel" },
          ],
        }),
        block("testimonials", {
          title: "Reviews",
          items: [{
            quote: "Survived a week of hiking.",
            author: "Alex K.",
            role: "Verified buyer",
          }],
        }),
        {
          ...block("cta", {
            headline: "Ready for your next trip?",
            text: "Free shipping and 30-day returns.",
            buttonText: "Buy the Aero",
            buttonHref: "#",
          }),
          id: "buy",
        } as Block,
        footer("Aero Gear"),
      ],
    }),
  },
];

export function starterContent(id: string): Content {
  const starter = STARTERS.find((s) => s.id === id);
  if (!starter) {
    throw new AppError(422, "validation_failed", "Unknown template", { templateId: "unknown" });
  }
  return contentSchema.parse(starter.content()) as Content;
}

const KEYWORDS: [RegExp, string][] = [
  [/\b(event|conference|meetup|summit|workshop|festival|webinar)\b/i, "event"],
  [/\b(app|ios|android|mobile|launch|waitlist|beta)\b/i, "app-launch"],
  [/\b(agency|studio|design|consult|freelanc|portfolio|services)\b/i, "agency"],
  [/\b(newsletter|subscribe|community|podcast|blog)\b/i, "newsletter"],
  [/\b(product|shop|store|buy|bottle|gear|ecommerce|sell)\b/i, "product"],
  [/\b(saas|software|platform|tool|api|startup|b2b)\b/i, "saas"],
];

// "Make me a landing page for …", "A site about …": the request, not the product.
const LEAD_IN =
  /^(?:please\s+)?(?:(?:make|create|build|design|generate|write|i\s+(?:want|need))\s+(?:me\s+)?)?(?:(?:a|an|the|my)\s+)?(?:(?:landing\s+)?(?:page|site|website)\s+(?:for|about)\s+)?/i;
// "Brewly, a coffee…", "Brewly — …", "Brewly is …", "… called Brewly"
const NAMED = /\b(?:called|named)\s+["“]?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)/;
const NAME_FIRST = /^["“]?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)["”]?\s*(?:,|:|—|–|\s-\s|\s+is\b)/;
// "… with smart reminders, shared lists and offline mode."
const WITH_LIST = /\bwith\s+([^.!?]+)/i;

// "iOS", "eBay": a word with a capital inside keeps its own spelling.
const capitalise = (s: string) => /^\S*[A-Z]/.test(s) ? s : s.charAt(0).toUpperCase() + s.slice(1);

/** The parts of a description a page is made of: a name, a headline, a subheadline, features. */
export function readDescription(description: string) {
  const text = description.trim().replace(/\s+/g, " ");
  const core = text.replace(LEAD_IN, "") || text;
  const [first, ...rest] = core.split(/(?<=[.!?])\s+/);
  const leading = first.match(NAME_FIRST);
  const name = core.match(NAMED)?.[1] ?? leading?.[1] ?? null;
  // "Brewly, a coffee subscription …" reads as a headline without the name in front.
  const listed = core.match(WITH_LIST)?.[1] ?? "";
  const features = listed.split(/,\s*|\s+and\s+/)
    .map((f) => f.trim().replace(/^(?:a|an|the)\s+/i, ""))
    .filter((f) => f.length > 2).slice(0, 4).map((f) => capitalise(f).slice(0, 60));
  // A listed "with …" becomes the features and the subheadline rather than a long headline.
  let claim = leading ? first.slice(leading[0].length).trim() : first;
  if (features.length >= 2) claim = claim.replace(/\s*\bwith\s+[^.!?]+/i, "");
  const headline = capitalise((claim || first).replace(/[.!?]+$/, "")).slice(0, 90);
  const subheadline = rest.join(" ") ||
    (features.length >= 2 ? `${capitalise(listed.trim().replace(/[.!?]+$/, ""))}.` : "");
  return { name, headline, subheadline: subheadline.slice(0, 300), features };
}

/**
 * A page composed from the description: the closest starter layout by its keywords, with the
 * product's name, a headline and subheadline from the description, and the features it lists.
 */
export function localGenerate(description: string): { content: Content; name: string } {
  const kind = KEYWORDS.find(([re]) => re.test(description))?.[1] ?? "saas";
  const content = starterContent(kind);
  const { name, headline, subheadline, features } = readDescription(description);
  content.blocks = content.blocks.map((b) => {
    if (b.type === "hero") {
      return {
        ...b,
        props: { ...b.props, headline, subheadline },
      };
    }
    if (b.type === "features" && features.length >= 2) {
      const icons = b.props.items.map((item) => item.icon);
      return {
        ...b,
        props: {
          ...b.props,
          title: "What you get",
          columns: Math.min(4, features.length),
          items: features.map((title, i) => ({ icon: icons[i % icons.length], title, text: "" })),
        },
      };
    }
    if (b.type === "footer" && name) {
      return { ...b, props: footer(name).props };
    }
    return b;
  }) as Block[];
  return { content: contentSchema.parse(content) as Content, name: name ?? headline.slice(0, 60) };
}

/** Ask Gemini for a page (validated by the content schema); fall back to the local generator. */
export async function generateContent(
  description: string,
): Promise<{ content: Content; name: string; source: "gemini" | "local" }> {
  const cfg = config();
  if (!cfg.geminiApiKey) return { ...localGenerate(description), source: "local" };
  try {
    const ai = new GoogleGenAI({
      apiKey: cfg.geminiApiKey,
      httpOptions: cfg.geminiBaseUrl ? { baseUrl: cfg.geminiBaseUrl } : undefined,
    });
    const res = await ai.models.generateContent({
      model: "gemini-2.5-flash",
      contents: [{ role: "user", parts: [{ text: description }] }],
      config: {
        systemInstruction:
          "Design a landing page as JSON {theme:{primaryColor:'#rrggbb'}, blocks:[{id,type,props}]}. " +
          "Block types: hero{headline,subheadline,ctaText,ctaHref}, features{title,items:[{icon,title,text}]}, " +
          "pricing{title,plans:[{name,price,period,features[],ctaText,highlighted}]}, testimonials{title,items:[{quote,author,role}]}, " +
          "faq{title,items:[{question,answer}]}, cta{headline,text,buttonText,buttonHref}, " +
          "form{title,fields:[{name,label,type:text|email|tel|textarea,required}],submitText,successMessage}, footer{text}. Use 4-7 blocks.",
        responseMimeType: "application/json",
      },
    });
    const parsed = contentSchema.safeParse(JSON.parse(res.text ?? ""));
    if (parsed.success) {
      const { name, headline } = readDescription(description);
      return {
        content: parsed.data as Content,
        name: name ?? headline.slice(0, 60),
        source: "gemini",
      };
    }
    console.error("Gemini page did not validate:", parsed.error.issues.slice(0, 3));
  } catch (err) {
    console.error("Gemini page generation failed:", err);
  }
  return { ...localGenerate(description), source: "local" };
}
