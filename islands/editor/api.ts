// A typed client for the pages API (see /work/shared/API.md): the editor's only network code.
import type { Content, Seo } from "../../lib/blocks.ts";

export interface EditorPage {
  id: string;
  name: string;
  slug: string;
  status: "draft" | "published";
  url: string | null;
  version: number;
  content: Content;
  seo: Seo;
  /** When the page was last edited and last published: a later edit is not live yet. */
  updatedAt?: string;
  publishedAt?: string | null;
}

/** What the editor changes and sends on each save. */
export interface Doc {
  name: string;
  slug: string;
  content: Content;
  seo: Seo;
}

export interface RevisionItem {
  id: string;
  version: number;
  name: string;
  at: string;
  kind: "autosave" | "published" | "restore";
  restoredVersion: number | null;
}

/** The error envelope of every API answer that is not a success. */
export interface ApiError {
  code: string;
  message: string;
  /** Messages by input field (e.g. slug). */
  fields?: Record<string, string>;
  /** With code "http_error" (an answer without the JSON envelope): its HTTP status. */
  status?: number;
}

export type Result<T> =
  | { ok: true; data: T }
  /** `page` comes with a version conflict: the server's current page. */
  | { ok: false; status: number; error: ApiError; page?: EditorPage };

async function call<T>(method: string, path: string, body?: unknown): Promise<Result<T>> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = res.headers.get("content-type")?.includes("json")
    ? await res.json().catch(() => null)
    : null;
  if (res.ok) return { ok: true, data: data as T };
  return {
    ok: false,
    status: res.status,
    error: data?.error ??
      { code: "http_error", message: `Request failed (${res.status})`, status: res.status },
    page: data?.page,
  };
}

type PageAnswer = { page: EditorPage };

/**
 * Where the editor saves: the page, or an experiment's variant when the editor was opened at
 * /pages/:id/experiments/:eid/variants/:vid/edit (the variant takes the same body and answers
 * in the page's shape, with the variant's content and version).
 */
export function savePath(id: string, pathname = globalThis.location?.pathname ?? ""): string {
  const m = pathname.match(/^\/pages\/[^/]+\/experiments\/([^/]+)\/variants\/([^/]+)\/edit$/);
  return m ? `/api/pages/${id}/experiments/${m[1]}/variants/${m[2]}` : `/api/pages/${id}`;
}

export const pagesApi = {
  save: (id: string, doc: Doc, version: number) =>
    call<PageAnswer>("PUT", savePath(id), { ...doc, version }),
  publish: (id: string, on: boolean) =>
    call<PageAnswer>("POST", `/api/pages/${id}/${on ? "publish" : "unpublish"}`),
  revisions: (id: string) => call<{ items: RevisionItem[] }>("GET", `/api/pages/${id}/revisions`),
  restore: (id: string, revisionId: string, version: number) =>
    call<PageAnswer>("POST", `/api/pages/${id}/revisions/${revisionId}/restore`, { version }),
};

export type PagesApi = typeof pagesApi;

/** Upload an image; answers its URL or an error message. */
export async function uploadImage(
  file: File,
  /** The message when the server gives none (in the editor's language). */
  failed = "Upload failed",
): Promise<{ url: string } | { error: string }> {
  const body = new FormData();
  body.append("file", file);
  const res = await fetch("/api/uploads", { method: "POST", body, credentials: "same-origin" });
  const data = await res.json().catch(() => null);
  return res.status === 201 ? { url: data.url } : { error: data?.error?.message ?? failed };
}
