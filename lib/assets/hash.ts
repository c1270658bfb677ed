// The content hash of everything the asset build reads, so `deno task build` (run by `deno task
// start`) can skip esbuild and Tailwind when nothing changed. Kept apart from build.ts: checking
// must not load esbuild or Tailwind, whose loading is most of a skipped build's cost.
import type { Manifest } from "./build.ts";

const root = new URL("../../", import.meta.url).pathname;

/**
 * Folders read by the build: islands and client code (bundled), blocks and components (bundled
 * when islands import them; Tailwind scans components), routes (Tailwind scans them for class
 * names) and static/ (styles.css is Tailwind's input).
 */
export const SOURCE_DIRS = ["islands", "client", "blocks", "components", "routes", "static"];
/** Files whose change changes the output too: dependency versions and the build itself. */
export const SOURCE_FILES = ["deno.json", "deno.lock", "lib/assets/build.ts", "lib/assets/hash.ts"];

async function walk(dir: string, out: string[]) {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(`${root}${dir}`));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  for (const e of entries) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) await walk(path, out);
    else if (e.isFile) out.push(path);
  }
}

/**
 * SHA-256 (hex) over the path and bytes of every source: SOURCE_DIRS, SOURCE_FILES and `inputs`
 * (the project files esbuild bundled last time, e.g. lib/ modules islands import). A new import
 * of another lib file changes the importing island, so the hash changes with it.
 */
export async function sourceHash(inputs: string[] = []): Promise<string> {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) await walk(dir, files);
  const all = [...new Set([...files, ...SOURCE_FILES, ...inputs])].sort();
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const path of all) {
    parts.push(enc.encode(`${path}\0`));
    try {
      parts.push(await Deno.readFile(`${root}${path}`));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      parts.push(enc.encode("\0missing"));
    }
    parts.push(enc.encode("\0"));
  }
  const digest = await crypto.subtle.digest(
    "SHA-256",
    await new Blob(parts as BlobPart[]).arrayBuffer(),
  );
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Bundled inputs worth hashing: project files (relative paths), not node_modules or virtual ones. */
export function projectInputs(metafileInputs: string[]): string[] {
  return metafileInputs.filter((p) =>
    !p.includes(":") && !p.startsWith("/") && !p.split("/").includes("node_modules")
  ).sort();
}

/** The manifest of the last build when its outputs exist and the sources still hash the same. */
export async function currentBuild(): Promise<Manifest | null> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await Deno.readTextFile(`${root}_build/manifest.json`));
  } catch {
    return null;
  }
  if (!manifest.sourceHash) return null;
  for (const url of [manifest.css, ...Object.values(manifest.islands)]) {
    const name = url.replace(/^\/_static\//, "");
    const exists = await Deno.stat(`${root}_build/static/${name}`).then(() => true, () => false);
    if (!exists) return null;
  }
  return await sourceHash(manifest.inputs ?? []) === manifest.sourceHash ? manifest : null;
}
