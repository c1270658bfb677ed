// The page address as the slug input checks it (the server checks again, with reserved names).

/**
 * The input's `pattern`. Browsers compile it with the `v` flag, where a literal `-` in a class
 * must be escaped (`[a-z0-9-]` is a syntax error there and the browser logs it).
 */
export const SLUG_PATTERN = String.raw`[a-z0-9][a-z0-9\-]{1,61}[a-z0-9]`;
const SLUG_RE = new RegExp(`^(?:${SLUG_PATTERN})$`, "v");

export const isSlug = (s: string) => SLUG_RE.test(s);

/**
 * The placeholder address a name without Latin letters or digits gets (a Thai name: "page-" and
 * six random characters, lib/pages/slugs.ts): the editor asks for a real one next to the field.
 */
export const isPlaceholderSlug = (slug: string, name: string) =>
  /^page-[0-9a-z]{6,10}(?:-[0-9a-z]{4})?$/.test(slug) && !/[a-z0-9]/i.test(name.normalize("NFKD"));
