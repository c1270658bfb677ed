// The "blank" starter layout.
import { type Starter, theme } from "./kit.ts";

export default {
  id: "blank",
  name: "Blank page",
  description: "Start from an empty canvas.",
  content: () => ({ theme: theme("#4f46e5"), blocks: [] }),
} satisfies Starter;
