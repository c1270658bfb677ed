// The built asset manifest (see lib/assets/build.ts) and the static file handler.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { acceptsGzip } from "../http/accept-encoding.ts";
import type { Context } from "hono";
import type { Manifest } from "./build.ts";
import { classesInHtml, classesInScript, cutSheet, parseSheet, type Sheet } from "./page-css.ts";

const root = new URL("../../", import.meta.url).pathname;
let manifest: Manifest | null = null;
let inline: InlineStyle | null = null;

/** A stylesheet to put in a <style> element, and the CSP source that allows exactly it. */
export interface InlineStyle {
  text: string;
  /** `'sha256-…'` of `text`, for style-src. */
  source: string;
}

/** The CSP hash source of an inline <style>'s text (what the browser hashes: its UTF-8 bytes). */
export function styleHashSource(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The app's built stylesheet as inline text, read and hashed once per process. Public pages
 * carry it in <head> so a first visit paints without waiting for a render-blocking request;
 * "</style" cannot occur in Tailwind's output, but is broken up anyway so the text cannot end
 * the element early.
 */
export function inlineAppCss(): InlineStyle {
  if (inline) return inline;
  const file = `${root}_build/static/${assets().css.replace(/^\/_static\//, "")}`;
  const text = Deno.readTextFileSync(file).replace(/<\/(style)/gi, "<\\/$1");
  inline = { text, source: styleHashSource(text) };
  return inline;
}

let sheet: Sheet | null = null;
const islandClasses = new Map<string, string[]>();
const cuts = new Map<string, InlineStyle>();
const MAX_CUTS = 500;

/** The classes an island's bundle (and the chunks it imports) can put on the page. */
function classesOfIsland(name: string, known: ReadonlySet<string>): string[] {
  let found = islandClasses.get(name);
  if (found) return found;
  const seen = new Set<string>();
  const files = [assets().islands[name]?.replace(/^\/_static\//, "")].filter(Boolean) as string[];
  const all = new Set<string>();
  while (files.length) {
    const file = files.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const js = Deno.readTextFileSync(`${root}_build/static/${file}`);
    for (const c of classesInScript(js, known)) all.add(c);
    for (const m of js.matchAll(/["']\.\/(chunk-[\w-]+\.js)["']/g)) files.push(m[1]);
  }
  found = [...all];
  islandClasses.set(name, found);
  return found;
}

/**
 * The inline stylesheet for a visitor's page: the app sheet cut to the rules `html` and the
 * `islands` it hydrates can use (lib/assets/page-css.ts), cached per distinct set of classes.
 */
export function pageInlineCss(html: string, islands: readonly string[]): InlineStyle {
  sheet ??= parseSheet(inlineAppCss().text);
  const classes = classesInHtml(html, sheet.known, new Set());
  for (const name of islands) for (const c of classesOfIsland(name, sheet.known)) classes.add(c);
  const key = [...classes].sort().join(" ");
  let cut = cuts.get(key);
  if (!cut) {
    const text = cutSheet(sheet, classes);
    cut = { text, source: styleHashSource(text) };
    if (cuts.size >= MAX_CUTS) cuts.delete(cuts.keys().next().value!);
    cuts.set(key, cut);
  }
  return cut;
}

export function assets(): Manifest {
  if (manifest) return manifest;
  try {
    manifest = JSON.parse(
      Deno.readTextFileSync(`${root}_build/manifest.json`),
    ) as Manifest;
  } catch {
    throw new Error("Assets are not built: run `deno task build` first");
  }
  return manifest;
}

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  txt: "text/plain; charset=utf-8",
  webmanifest: "application/manifest+json",
};

async function serveFile(path: string, cacheControl: string) {
  try {
    const body = await Deno.readFile(path);
    const ext = path.split(".").pop() ?? "";
    return new Response(body, {
      headers: {
        "content-type": TYPES[ext] ?? "application/octet-stream",
        "cache-control": cacheControl,
        "x-content-type-options": "nosniff",
      },
    });
  } catch {
    return null;
  }
}

const IMMUTABLE = "public, max-age=31536000, immutable";
/** Built files by name, read and gzipped once: they never change while the process runs. */
const built = new Map<
  string,
  { body: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer> | null }
>();

/**
 * /_static/* are content-hashed build outputs: cached for a year, never revalidated. Each is read
 * and (for text) gzipped once, not per request as the compress middleware would.
 */
export async function serveBuilt(c: Context) {
  const name = c.req.path.slice("/_static/".length);
  if (!/^[\w.-]+$/.test(name)) return c.notFound();
  let file = built.get(name);
  if (!file) {
    try {
      const body = await Deno.readFile(`${root}_build/static/${name}`);
      const text = /\.(js|css|svg)$/.test(name);
      file = { body, gzip: text ? new Uint8Array(gzipSync(body)) : null };
      built.set(name, file);
    } catch {
      return c.notFound();
    }
  }
  const ext = name.split(".").pop() ?? "";
  const gzip = file.gzip && acceptsGzip(c.req.header("accept-encoding"));
  return new Response(gzip ? file.gzip : file.body, {
    headers: {
      "content-type": TYPES[ext] ?? "application/octet-stream",
      "cache-control": IMMUTABLE,
      "x-content-type-options": "nosniff",
      ...(file.gzip ? { vary: "Accept-Encoding" } : {}),
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    },
  });
}

/** Files in static/ are served at the site root (Fresh's convention). */
export async function serveStatic(c: Context) {
  const name = c.req.path.slice(1);
  if (!/^[\w.-]+\.[a-z]+$/.test(name)) return null;
  return await serveFile(`${root}static/${name}`, "public, max-age=3600");
}
