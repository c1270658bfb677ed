// The FAQ the demo store starts with (also what the local assistant answers from).
import type { FaqInput } from "../chat/faqs.ts";

export const DEMO_FAQS: FaqInput[] = [
  {
    question: "How do I publish my landing page?",
    answer:
      "Open the page in the editor and press Publish. It goes live right away at its own address: a page with the address my-offer is published at {site_url:my-offer}. Unpublish takes it offline at once.",
    category: "publishing",
    tags: ["publish", "live", "online", "subdomain"],
  },
  {
    question: "Can I change the address (slug) of my page?",
    answer:
      "Yes. In the editor's settings change the address; it must be 3-63 lowercase letters, digits or hyphens and not already taken. The old address is freed immediately.",
    category: "publishing",
    tags: ["slug", "address", "url", "rename"],
  },
  {
    question: "Where do I see the leads from my forms?",
    answer:
      "Every form submission is stored as a lead. Open Dashboard → your page → Leads to see them, set a status (new, contacted, won, lost), add tags, search, and export a CSV. You also get an email and a live notification for each new lead.",
    category: "leads",
    tags: ["leads", "form", "submissions", "csv", "export", "contacts"],
  },
  {
    question: "How much does LandingHub take when I sell a template?",
    answer:
      "The platform keeps 10% of each sale. The other 90% is held during the refund window (7 days), then released to your available balance, from which you can request a payout.",
    category: "selling",
    tags: ["fees", "commission", "sell", "earnings", "percent"],
  },
  {
    question: "How do I sell my page as a template?",
    answer:
      "Publish the page, then go to Marketplace → Sell a template, pick the page, and set a title, description, category and price. An admin reviews each listing before it appears in the marketplace.",
    category: "selling",
    tags: ["sell", "listing", "template", "marketplace", "approval"],
  },
  {
    question: "When can I withdraw my earnings?",
    answer:
      "Earnings become available once the refund window of a sale has passed. On the Sales page request a payout of any amount up to your available balance; an admin marks it paid.",
    category: "selling",
    tags: ["payout", "withdraw", "balance", "earnings"],
  },
  {
    question: "Can I edit a template I bought?",
    answer:
      "Yes. Every purchase puts an editable copy of the page in your Pages as a draft. Change anything you like and publish it under your own address.",
    category: "buying",
    tags: ["edit", "template", "bought", "purchase", "copy", "customize"],
  },
  {
    question: "What is the refund policy for templates?",
    answer:
      "You can ask for a refund within 7 days of a purchase. Our team handles refunds personally.",
    category: "buying",
    tags: ["refund", "money", "policy"],
  },
  {
    question: "Which blocks can I use in the editor?",
    answer:
      "Hero, features, pricing, testimonials, FAQ, call to action, image, gallery, video embed, form, countdown, custom HTML (sanitised) and footer. Drag to reorder, undo and redo, and preview on desktop, tablet and phone.",
    category: "editor",
    tags: ["blocks", "editor", "builder", "sections", "drag"],
  },
  {
    question: "How do I reset my password?",
    answer:
      "On the sign-in page choose 'Forgot password?', enter your email, and follow the link we send you. The link works for one hour.",
    category: "account",
    tags: ["password", "reset", "login", "sign in", "account"],
  },
];
