// The app stylesheet cut down to what one page can use. Visitors' pages inline their CSS (no
// render-blocking request); inlining the whole 49 kB Tailwind sheet sent every visitor every rule
// of the app (sign-in now carries 14 kB). A page keeps: every rule that names no class (preflight,
// element styles), every rule whose classes all occur in its markup or in the bundles of the
// islands it hydrates (an island may add classes later, e.g. an error message), the theme
// variables and @property rules those rules reference, and keyframes. The sheet is parsed once;
// each distinct set of classes is cut once and cached.
import postcss, { type AtRule, type ChildNode, type Container, type Declaration } from "postcss";

/** A rule of the sheet with what it needs: null = always kept; else one class set per selector. */
type Piece =
  | { kind: "rule"; text: string; needs: string[][] | null }
  | { kind: "group"; open: string; children: Piece[] } // @layer, @media, @supports …
  | { kind: "vars"; selector: string; decls: { name: string; text: string }[] } // :root theme
  | { kind: "property"; name: string; text: string } // @property --tw-x
  | { kind: "raw"; text: string }; // statements: @layer a,b; comments dropped

export interface Sheet {
  pieces: Piece[];
  /** Every class some rule names: what a page's markup or bundle is intersected with. */
  known: Set<string>;
}

const unescapeCss = (s: string) =>
  s.replace(/\\([0-9a-fA-F]{1,6})\s?/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/\\(.)/g, "$1");

/** Drop `:not(...)` (nesting included): classes inside it are not needed for a match. */
function withoutNot(selector: string): string {
  let out = "";
  for (let i = 0; i < selector.length; i++) {
    if (selector.startsWith(":not(", i)) {
      let depth = 0;
      for (i += 4; i < selector.length; i++) {
        if (selector[i] === "(") depth++;
        else if (selector[i] === ")" && --depth === 0) break;
      }
      continue;
    }
    out += selector[i];
  }
  return out;
}

/** The classes a selector needs, unescaped (`.md\:p-4:hover` → ["md:p-4"]). */
export function selectorClasses(selector: string): string[] {
  const found = withoutNot(selector).match(/\.(?:\\[0-9a-fA-F]{1,6}\s?|\\.|[\w-])+/g) ?? [];
  return [...new Set(found.map((c) => unescapeCss(c.slice(1))))];
}

function toPieces(container: Container<ChildNode>, known: Set<string>): Piece[] {
  const pieces: Piece[] = [];
  for (const node of container.nodes ?? []) {
    if (node.type === "comment") continue;
    if (node.type === "rule") {
      const vars = node.nodes.length > 0 &&
        node.nodes.every((d) => d.type === "decl" && d.prop.startsWith("--"));
      if (vars && /^(:root|:host|,|\s)+$/.test(node.selector)) {
        pieces.push({
          kind: "vars",
          selector: node.selector,
          decls: (node.nodes as Declaration[]).map((d) => ({ name: d.prop, text: d.toString() })),
        });
        continue;
      }
      const sets = node.selectors.map(selectorClasses);
      for (const set of sets) for (const c of set) known.add(c);
      pieces.push({
        kind: "rule",
        text: node.toString(),
        needs: sets.some((s) => s.length === 0) ? null : sets,
      });
    } else if (node.type === "atrule") {
      const at = node as AtRule;
      if (at.name === "property") {
        pieces.push({ kind: "property", name: at.params.trim(), text: at.toString() });
      } else if (!at.nodes) {
        // A statement (`@layer theme,base;`): postcss leaves its semicolon to the parent.
        pieces.push({ kind: "raw", text: `${at.toString()};` });
      } else if (at.name === "keyframes" || at.name === "font-face") {
        pieces.push({ kind: "raw", text: at.toString() });
      } else {
        pieces.push({
          kind: "group",
          open: `@${at.name}${at.raws.afterName ?? " "}${at.params}`,
          children: toPieces(at, known),
        });
      }
    }
  }
  return pieces;
}

export function parseSheet(css: string): Sheet {
  const known = new Set<string>();
  const root = postcss.parse(css);
  root.raws.after = "";
  return { pieces: toPieces(root, known), known };
}

const VAR_REF = /var\(\s*(--[\w-]+)/g;

/** The CSS of `sheet` that a page whose markup and scripts use `classes` can match. */
export function cutSheet(sheet: Sheet, classes: ReadonlySet<string>): string {
  const keeps = (p: Piece & { kind: "rule" }) =>
    p.needs === null || p.needs.some((set) => set.every((c) => classes.has(c)));
  // First pass: the kept rules, with variables and @property left as placeholders.
  type Out = string | Piece & ({ kind: "vars" } | { kind: "property" });
  const emit = (pieces: Piece[]): Out[] => {
    const out: Out[] = [];
    for (const p of pieces) {
      if (p.kind === "rule") {
        if (keeps(p)) out.push(p.text);
      } else if (p.kind === "group") {
        const inner = emit(p.children);
        if (inner.length) out.push(`${p.open}{`, ...inner, "}");
      } else if (p.kind === "raw") out.push(p.text);
      else out.push(p);
    }
    return out;
  };
  const parts = emit(sheet.pieces);
  // Variables referenced by what is kept, followed through variables that reference variables.
  const used = new Set<string>();
  const scan = (text: string) => {
    for (const m of text.matchAll(VAR_REF)) used.add(m[1]);
  };
  for (const part of parts) if (typeof part === "string") scan(part);
  const values = new Map<string, string>();
  for (const part of parts) {
    if (typeof part !== "string" && part.kind === "vars") {
      for (const d of part.decls) values.set(d.name, d.text);
    }
  }
  const queue = [...used];
  while (queue.length) {
    const text = values.get(queue.pop()!);
    if (!text) continue;
    for (const m of text.matchAll(VAR_REF)) {
      if (!used.has(m[1])) {
        used.add(m[1]);
        queue.push(m[1]);
      }
    }
  }
  // Tailwind reads a theme's default font through --default-font-family etc. in base rules,
  // which the scan above already saw; a --tw-* variable a kept rule only sets (never reads)
  // needs no @property either.
  return parts.map((part) => {
    if (typeof part === "string") return part;
    if (part.kind === "property") return used.has(part.name) ? part.text : "";
    const decls = part.decls.filter((d) => used.has(d.name)).map((d) => d.text);
    return decls.length ? `${part.selector}{${decls.join(";")}}` : "";
  }).join("");
}

/** The known classes a script bundle mentions (any token that is a class name of the sheet). */
export function classesInScript(js: string, known: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const token of js.split(/[\s"'`{}<>;,\\()+=?|&]+/)) {
    if (token && known.has(token)) found.add(token);
  }
  return [...found];
}

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", "#39": "'" };
/** An attribute value as the browser reads it (Preact escapes &, <, >, " and ' in attributes). */
const decodeAttr = (v: string) =>
  v.includes("&") ? v.replace(/&(amp|quot|lt|gt|#39);/g, (_, e) => ENTITIES[e]) : v;

/** The classes in an HTML fragment's class attributes. */
export function classesInHtml(html: string, known: ReadonlySet<string>, into: Set<string>) {
  for (const m of html.matchAll(/\sclass="([^"]*)"/g)) {
    for (const c of decodeAttr(m[1]).split(/\s+/)) if (known.has(c)) into.add(c);
  }
  return into;
}
