// What the starter layouts are built from: block and form builders, the theme, the footer line.
// Each starter writes its copy in English, Vietnamese and Thai (the page's `content.locale`).
import type { Block, Content } from "../../blocks.ts";
import { themeSchema } from "../../blocks.ts";

/** The languages a page can be written in (content.locale). */
export type PageLocale = "en" | "vi" | "th";

export interface Starter {
  id: string;
  name: string;
  description: string;
  content: (locale?: PageLocale) => Content;
}

/** The words of the form fields and footer every starter shares. */
export const KIT_WORDS: Record<PageLocale, {
  name: string;
  email: string;
  workEmail: string;
  company: string;
  message: string;
  thanks: string;
  rights: string;
}> = {
  en: {
    name: "Name",
    email: "Email",
    workEmail: "Work email",
    company: "Company",
    message: "Message",
    thanks: "Thanks! We'll be in touch within one business day.",
    rights: "All rights reserved.",
  },
  vi: {
    name: "Họ và tên",
    email: "Email",
    workEmail: "Email công việc",
    company: "Công ty",
    message: "Lời nhắn",
    thanks: "Cảm ơn bạn! Chúng tôi sẽ liên hệ lại trong vòng một ngày làm việc.",
    rights: "Bảo lưu mọi quyền.",
  },
  th: {
    name: "ชื่อ-นามสกุล",
    email: "อีเมล",
    workEmail: "อีเมลที่ทำงาน",
    company: "บริษัท",
    message: "ข้อความ",
    thanks: "ขอบคุณ! เราจะติดต่อกลับภายในหนึ่งวันทำการ",
    rights: "สงวนลิขสิทธิ์",
  },
};

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
  opts: { b2b?: boolean; company?: boolean; successMessage?: string; locale?: PageLocale } = {},
) => {
  const w = KIT_WORDS[opts.locale ?? "en"];
  return ({
    ...block("form", {
      title,
      fields: [
        { name: "name", label: w.name, type: "text", required: true },
        { name: "email", label: opts.b2b ? w.workEmail : w.email, type: "email", required: true },
        ...(opts.company
          ? [{ name: "company", label: w.company, type: "text", required: false }]
          : []),
      ],
      submitText,
      successMessage: opts.successMessage ?? w.thanks,
    }),
    id,
  }) as Block;
};

/**
 * "© 2026 Acme Inc. All rights reserved." (one period however the name ends); Vietnamese "Bảo lưu
 * mọi quyền.", Thai "สงวนลิขสิทธิ์" (no sentence period in Thai).
 */
export function footerText(
  name: string | null,
  year = new Date().getFullYear(),
  locale: PageLocale = "en",
): string {
  const owner = name?.trim().replace(/[\s.]+$/, "");
  const rights = KIT_WORDS[locale].rights;
  if (locale === "th") return owner ? `© ${year} ${owner} ${rights}` : `© ${year} ${rights}`;
  return owner ? `© ${year} ${owner}. ${rights}` : `© ${year}. ${rights}`;
}

type Link = { label: string; href: string };
export const footer = (name: string | null, links: Link[] = [], locale: PageLocale = "en") =>
  block("footer", { text: footerText(name, undefined, locale), links });
