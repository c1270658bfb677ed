// Asset build: islands bundled by esbuild (code splitting, content-hashed names) and the app's
// Tailwind CSS. Output goes to _build/static and _build/manifest.json, read by lib/assets/index.ts.
import * as esbuild from "esbuild";
import { compile } from "@tailwindcss/node";
import { Scanner } from "@tailwindcss/oxide";
import { projectInputs, sourceHash } from "./hash.ts";

export interface Manifest {
  css: string;
  islands: Record<string, string>;
  /** lib/assets/hash.ts sourceHash of the sources this build read (absent in older builds). */
  sourceHash?: string;
  /** The project files esbuild bundled (relative paths), hashed with the source folders. */
  inputs?: string[];
}

const root = new URL("../../", import.meta.url).pathname;
export const buildDir = `${root}_build`;

async function islandNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(`${root}islands`)) {
    const m = e.name.match(/^([A-Z][A-Za-z0-9]*)\.tsx$/);
    if (e.isFile && m) names.push(m[1]);
  }
  return names.sort();
}

async function hashName(
  base: string,
  ext: string,
  content: string | Uint8Array,
) {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes as BufferSource),
  );
  const hex = Array.from(
    digest.slice(0, 6),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  return `${base}-${hex}.${ext}`;
}

async function buildIslands(
  names: string[],
  outdir: string,
): Promise<{ islands: Record<string, string>; inputs: string[] }> {
  if (names.length === 0) return { islands: {}, inputs: [] };
  const result = await esbuild.build({
    entryPoints: names.map((n) => ({ in: `island:${n}`, out: `island-${n}` })),
    bundle: true,
    splitting: true,
    format: "esm",
    minify: true,
    target: "es2022",
    outdir,
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    metafile: true,
    jsx: "automatic",
    jsxImportSource: "preact",
    absWorkingDir: root,
    nodePaths: [`${root}node_modules`],
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [{
      name: "islands",
      setup(b) {
        b.onResolve(
          { filter: /^island:/ },
          (args) => ({ path: args.path.slice(7), namespace: "island" }),
        );
        b.onLoad({ filter: /.*/, namespace: "island" }, (args) => ({
          contents: `import C from "${root}islands/${args.path}.tsx";
import { boot } from "${root}client/hydrate.ts";
boot(${JSON.stringify(args.path)}, C);`,
          loader: "ts",
          resolveDir: root,
        }));
      },
    }],
  });
  const islands: Record<string, string> = {};
  for (const [file, meta] of Object.entries(result.metafile!.outputs)) {
    const m = meta.entryPoint?.match(/^island:(.+)$/);
    if (m) islands[m[1]] = "/_static/" + file.split("/").pop();
  }
  return { islands, inputs: projectInputs(Object.keys(result.metafile!.inputs)) };
}

async function buildCss(outdir: string): Promise<string> {
  const input = await Deno.readTextFile(`${root}static/styles.css`);
  const compiler = await compile(input, {
    base: `${root}static`,
    onDependency: () => {},
  });
  const scanner = new Scanner({
    sources: ["routes", "components", "islands"].map((d) => ({
      base: `${root}${d}`,
      pattern: "**/*.{ts,tsx}",
      negated: false,
    })),
  });
  const raw = compiler.build(scanner.scan());
  const { code } = await esbuild.transform(raw, {
    loader: "css",
    minify: true,
  });
  const name = await hashName("styles", "css", code);
  await Deno.writeTextFile(`${outdir}/${name}`, code);
  return `/_static/${name}`;
}

export async function buildAssets(): Promise<Manifest> {
  const outdir = `${buildDir}/static`;
  await Deno.remove(buildDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(outdir, { recursive: true });
  const [{ islands, inputs }, css] = await Promise.all([
    buildIslands(await islandNames(), outdir),
    buildCss(outdir),
  ]);
  const manifest: Manifest = { css, islands, sourceHash: await sourceHash(inputs), inputs };
  await Deno.writeTextFile(
    `${buildDir}/manifest.json`,
    JSON.stringify(manifest, null, 2),
  );
  await esbuild.stop();
  return manifest;
}
