// The "blank" starter layout.
import { type PageLocale, type Starter, theme } from "./kit.ts";

export default {
  id: "blank",
  name: "Blank page",
  description: "Start from an empty canvas.",
  content: (locale: PageLocale = "en") => ({ theme: theme("#4f46e5"), locale, blocks: [] }),
} satisfies Starter;
