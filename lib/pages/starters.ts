// Built-in starter layouts (one file each in lib/pages/starters/). The page generator lives in
// lib/ai/generate.ts; its names are re-exported here for existing importers.
import { type Content, contentSchema } from "../blocks.ts";
import { AppError } from "../http/index.ts";
import type { PageLocale, Starter } from "./starters/kit.ts";
import blank from "./starters/blank.ts";
import saas from "./starters/saas.ts";
import appLaunch from "./starters/app-launch.ts";
import event from "./starters/event.ts";
import agency from "./starters/agency.ts";
import newsletter from "./starters/newsletter.ts";
import product from "./starters/product.ts";

export type { PageLocale, Starter } from "./starters/kit.ts";
export { footerText } from "./starters/kit.ts";
export { generateContent, localGenerate, readDescription, readRequest } from "../ai/generate.ts";

export const STARTERS: Starter[] = [blank, saas, appLaunch, event, agency, newsletter, product];

/** A starter's layout with its copy written in `locale` (which becomes the page's locale). */
export function starterContent(id: string, locale: PageLocale = "en"): Content {
  const starter = STARTERS.find((s) => s.id === id);
  if (!starter) {
    throw new AppError(422, "validation_failed", "Unknown template", { templateId: "unknown" });
  }
  return contentSchema.parse({ ...starter.content(locale), locale }) as Content;
}
