// What the starter layouts are built from: block and form builders, the theme, the footer line.
import type { Block, Content } from "../../blocks.ts";
import { themeSchema } from "../../blocks.ts";

export interface Starter {
  id: string;
  name: string;
  description: string;
  content: () => Content;
}

let counter = 0;
const bid = (type: string) =>
  `${type}-${(++counter).toString(36)}${crypto.randomUUID().slice(0, 4)}`;

export const block = (type: Block["type"], props: Record<string, unknown>) =>
  ({ id: bid(type), type, props }) as Block;

export const theme = (primaryColor: string, extra: Partial<Content["theme"]> = {}) =>
  themeSchema.parse({ primaryColor, ...extra });

/** A form block's anchor on the published page (the site renders it as `form-<id>`). */
export const formAnchor = (id: string) => `#form-${id}`;

/** A signup form with a fixed id (links point at it): name, email and, optionally, company. */
export const signupForm = (
  id: string,
  title: string,
  submitText: string,
  opts: { b2b?: boolean; company?: boolean; successMessage?: string } = {},
) =>
  ({
    ...block("form", {
      title,
      fields: [
        { name: "name", label: "Name", type: "text", required: true },
        { name: "email", label: opts.b2b ? "Work email" : "Email", type: "email", required: true },
        ...(opts.company
          ? [{ name: "company", label: "Company", type: "text", required: false }]
          : []),
      ],
      submitText,
      successMessage: opts.successMessage ?? "Thanks! We'll be in touch within one business day.",
    }),
    id,
  }) as Block;

/** "© 2026 Acme Inc. All rights reserved." (one period however the name ends). */
export function footerText(name: string | null, year = new Date().getFullYear()): string {
  const owner = name?.trim().replace(/[\s.]+$/, "");
  return owner ? `© ${year} ${owner}. All rights reserved.` : `© ${year}. All rights reserved.`;
}

type Link = { label: string; href: string };
export const footer = (name: string | null, links: Link[] = []) =>
  block("footer", { text: footerText(name), links });
