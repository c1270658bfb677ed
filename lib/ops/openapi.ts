// The OpenAPI 3.1 document of the JSON API, built from the mounted routes (so a new route is
// listed without anyone remembering to) and from the zod schemas of request bodies where the
// route's schema is registered (z.toJSONSchema). Also a plain HTML rendering for /api/docs.
import { z } from "zod";

export interface ApiRoute {
  method: string;
  /** Hono's pattern, e.g. /api/pages/:id/publish */
  path: string;
  access?: string;
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** `/api/pages/:id{[0-9]+}` → `/api/pages/{id}` and its parameter names. */
export function openApiPath(pattern: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?\??/g, (_m, name) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

function bodySchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  } catch {
    return { type: "object" };
  }
}

const errorEnvelope = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        fields: { type: "object", additionalProperties: { type: "string" } },
      },
      required: ["code", "message"],
    },
  },
};

/**
 * The document for `routes` (only /api ones are kept). `bodies` maps "METHOD /api/pattern" to the
 * zod schema of its JSON body.
 */
export function buildOpenApi(
  routes: ApiRoute[],
  bodies: Record<string, z.ZodType>,
  info: { title: string; version: string; serverUrl?: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  const seen = new Set<string>();
  for (const r of routes) {
    if (!r.path.startsWith("/api/") || !METHODS.has(r.method)) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { path, params } = openApiPath(r.path);
    const op: Record<string, unknown> = {
      operationId: `${r.method.toLowerCase()}${
        path.replace(/[{}]/g, "").split(/[/._-]/).map((s) => s[0]?.toUpperCase() + s.slice(1))
          .join("")
      }`,
      tags: [r.path.split("/")[2] === "admin" ? "admin" : r.path.split("/")[2]],
      responses: {
        "2XX": { description: "Success" },
        "4XX": {
          description: "The error envelope",
          content: { "application/json": { schema: errorEnvelope } },
        },
      },
    };
    if (r.access) op["x-access"] = r.access;
    if (params.length) {
      op.parameters = params.map((name) => ({
        name,
        in: "path",
        required: true,
        schema: { type: "string" },
      }));
    }
    const body = bodies[key];
    if (body) {
      op.requestBody = {
        required: true,
        content: { "application/json": { schema: bodySchema(body) } },
      };
    } else if (r.method === "POST" || r.method === "PUT" || r.method === "PATCH") {
      op.requestBody = {
        required: false,
        content: { "application/json": { schema: { type: "object" } } },
      };
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: { title: info.title, version: info.version },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        cookie: { type: "apiKey", in: "cookie", name: "lh_at" },
      },
    },
    paths,
  };
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A server-rendered listing of the document: no scripts, nothing from a CDN. */
export function renderDocsHtml(doc: ReturnType<typeof buildOpenApi>): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(ops)) {
      const op = raw as { requestBody?: { content: Record<string, { schema: unknown }> } } & {
        "x-access"?: string;
      };
      const schema = op.requestBody?.content["application/json"]?.schema;
      rows.push(
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td>` +
          `<td>${esc(op["x-access"] ?? "")}</td><td>${
            schema
              ? `<details><summary>body</summary><pre>${
                esc(JSON.stringify(schema, null, 2))
              }</pre></details>`
              : ""
          }</td></tr>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(doc.info.title)} API</title><style>` +
    `body{font:14px/1.5 system-ui,sans-serif;margin:2rem;color:#111}` +
    `table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;` +
    `padding:.35rem .5rem;text-align:left;vertical-align:top}pre{font-size:12px;` +
    `background:#f6f6f6;padding:.5rem;overflow:auto}</style></head><body>` +
    `<h1>${esc(doc.info.title)} API</h1><p>The machine-readable document: ` +
    `<a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${doc.openapi}). ` +
    `Errors use the envelope <code>{"error":{"code","message","fields"}}</code>.</p>` +
    `<table><thead><tr><th>Method</th><th>Path</th><th>Access</th><th>Request body</th></tr>` +
    `</thead><tbody>${rows.join("")}</tbody></table></body></html>`;
}
