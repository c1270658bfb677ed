// A translated sentence with markup inside it ("We sent a new link to {email}."): the message is
// split at its {name} placeholders and each is filled with a node (a link, a bold email), so a
// translation puts the markup where its grammar wants it instead of the code gluing fragments.
import type { ComponentChildren } from "preact";

/** `text` with each `{name}` replaced by `parts[name]` (left as written when not given). */
export function rich(text: string, parts: Record<string, ComponentChildren>): ComponentChildren[] {
  return text.split(/\{(\w+)\}/).map((piece, i) =>
    i % 2 === 0 ? piece : Object.hasOwn(parts, piece) ? parts[piece] : `{${piece}}`
  );
}
