// The editor's document store: what is being edited, undo/redo, autosave and version conflicts.
// No DOM and no fetch of its own (the API client and the timer are passed in), so it is tested
// with `deno test` alone (tests/editor_store_test.ts).
import { computed, signal } from "@preact/signals";
import type { Block, Content } from "../../lib/blocks.ts";
import type { ApiError, Doc, EditorPage, PagesApi } from "./api.ts";
import { areaT, type AreaTranslate } from "../../lib/i18n/area.ts";
import { editor } from "../../lib/i18n/areas/editor.ts";

export type SaveState = "saved" | "dirty" | "saving" | "conflict" | "error";

export interface StoreDeps {
  api: Pick<PagesApi, "save" | "publish" | "restore">;
  /** setTimeout/clearTimeout, replaceable in tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
  /** The messages' language (the editor's translator); English when left out. */
  t?: AreaTranslate<typeof editor.en>;
}

/** How long after the last change the document is saved. */
export const AUTOSAVE_MS = 700;
/** Edits with the same key within this time form one undo step. */
const MERGE_MS = 1000;

/** Whether a published page has edits that are not on the live site yet. */
export const changesNotLive = (page: EditorPage) =>
  page.status === "published" && !!page.updatedAt && !!page.publishedAt &&
  page.updatedAt > page.publishedAt;

const docOf = (page: EditorPage): Doc => ({
  name: page.name,
  slug: page.slug,
  content: page.content,
  seo: page.seo,
});

export type EditorStore = ReturnType<typeof createStore>;

export function createStore(page: EditorPage, deps: StoreDeps) {
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as number));
  const now = deps.now ?? Date.now;
  const t = deps.t ?? areaT(editor, "en");
  /** The server's message, or ours when the answer had none (not JSON: a proxy, a crash). */
  const errorText = (e: ApiError, fallback: string) =>
    e.code === "http_error" && e.status
      ? t("editor.msg.requestFailed", { status: e.status })
      : e.message || fallback;
  const id = page.id;

  const doc = signal<Doc>(docOf(page));
  /** The version this editor last loaded or saved: every write sends it. */
  const version = signal(page.version);
  const status = signal(page.status);
  const url = signal(page.url);
  const notLive = signal(changesNotLive(page));
  const state = signal<SaveState>("saved");
  const message = signal("");
  /** Errors the server gave for named fields (e.g. slug), shown at the field. */
  const fieldErrors = signal<Record<string, string>>({});
  /** The server's page after a version conflict. */
  const serverPage = signal<EditorPage | null>(null);
  const past = signal<Doc[]>([]);
  const future = signal<Doc[]>([]);
  /** In-place (canvas) edits that are typed but not committed to the document yet. */
  const typing = signal(0);
  let lastEdit = { key: "", at: 0 };
  let saving: Promise<void> | null = null;
  let timer: unknown = null;

  function schedule() {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      void saveNow();
    }, AUTOSAVE_MS);
  }
  function markDirty() {
    if (state.value !== "conflict") state.value = "dirty";
    if (state.value === "dirty") schedule();
  }

  /** Apply a change; edits with the same key within a second form one undo step. */
  function change(next: Doc, key = "") {
    const t = now();
    if (!(key && key === lastEdit.key && t - lastEdit.at < MERGE_MS)) {
      past.value = [...past.value.slice(-99), doc.value];
      future.value = [];
    }
    lastEdit = { key, at: t };
    doc.value = next;
    if (key in fieldErrors.value) {
      const { [key]: _, ...rest } = fieldErrors.value;
      fieldErrors.value = rest;
    }
    markDirty();
  }
  const setContent = (content: Content, key = "") => change({ ...doc.value, content }, key);
  const setBlocks = (blocks: Block[], key = "") =>
    setContent({ ...doc.value.content, blocks }, key);

  function undo() {
    const prev = past.value.at(-1);
    if (!prev) return;
    future.value = [doc.value, ...future.value];
    past.value = past.value.slice(0, -1);
    doc.value = prev;
    lastEdit = { key: "", at: 0 };
    markDirty();
  }
  function redo() {
    const next = future.value[0];
    if (!next) return;
    past.value = [...past.value, doc.value];
    future.value = future.value.slice(1);
    doc.value = next;
    lastEdit = { key: "", at: 0 };
    markDirty();
  }

  /**
   * Show a version that came from the server (the latest one after a conflict, a restored
   * revision). Undo steps were made on top of an older version, so they are dropped: undoing
   * past this point would write old content over the newer one.
   */
  function load(p: EditorPage) {
    doc.value = docOf(p);
    version.value = p.version;
    status.value = p.status;
    url.value = p.url;
    notLive.value = changesNotLive(p);
    serverPage.value = null;
    past.value = [];
    future.value = [];
    fieldErrors.value = {};
    lastEdit = { key: "", at: 0 };
    state.value = "saved";
  }

  /**
   * Save what is waiting. The answer updates only the page's record (version, address, live
   * state): never the document, which may have been edited while the request was out.
   */
  async function saveNow(): Promise<void> {
    while (saving) await saving;
    if (state.value !== "dirty") return;
    if (timer !== null) (clearTimer(timer), timer = null);
    state.value = "saving";
    const sent = doc.value;
    saving = (async () => {
      const res = await deps.api.save(id, sent, version.value);
      if (res.ok) {
        version.value = res.data.page.version;
        url.value = res.data.page.url;
        notLive.value = changesNotLive(res.data.page);
        message.value = "";
        fieldErrors.value = {};
        state.value = doc.value === sent ? "saved" : "dirty";
        if (state.value === "dirty") schedule();
      } else if (res.status === 409 && res.error.code === "version_conflict" && res.page) {
        serverPage.value = res.page;
        state.value = "conflict";
      } else {
        fieldErrors.value = res.error.fields ?? {};
        message.value = errorText(res.error, "");
        state.value = "error";
      }
    })().catch(() => {
      message.value = t("editor.msg.offline");
      state.value = "error";
    });
    await saving;
    saving = null;
  }

  /** Save now what is waiting (trying again after an error); true when everything is saved. */
  async function flush(): Promise<boolean> {
    if (state.value === "error") state.value = "dirty";
    if (state.value === "dirty" || state.value === "saving") await saveNow();
    return state.value === "saved";
  }

  /** Why the latest edits are not on the server, for messages. */
  const unsaved = () =>
    state.value === "conflict"
      ? t("editor.reason.conflict")
      : state.value === "error"
      ? t("editor.reason.error", { error: message.value })
      : t("editor.reason.saving");

  /** Whether leaving now would lose something: unsaved changes or text still being typed. */
  const hasUnsaved = computed(() => state.value !== "saved" || typing.value > 0);

  function setTyping(on: boolean) {
    typing.value = Math.max(0, typing.value + (on ? 1 : -1));
  }

  function resolveConflict(keepMine: boolean) {
    const server = serverPage.value;
    if (!server) return;
    if (!keepMine) return load(server);
    // Overwrite the newer version knowingly: the next save is checked against it.
    version.value = server.version;
    status.value = server.status;
    url.value = server.url;
    notLive.value = changesNotLive(server);
    serverPage.value = null;
    state.value = "dirty";
    void saveNow();
  }

  async function publish(on: boolean) {
    if (!(await flush())) {
      message.value = t(on ? "editor.msg.notPublished" : "editor.msg.notUnpublished", {
        reason: unsaved(),
      });
      return;
    }
    const res = await deps.api.publish(id, on);
    if (!res.ok) {
      message.value = errorText(res.error, t("editor.msg.publishFailed"));
      return;
    }
    const wasLive = status.value === "published";
    status.value = res.data.page.status;
    url.value = res.data.page.url;
    notLive.value = false;
    message.value = on
      ? t(wasLive ? "editor.msg.updated" : "editor.msg.published")
      : t("editor.msg.unpublished");
  }

  /** Restore a revision; answers an error message, or "" when done. */
  async function restore(revisionId: string): Promise<string> {
    if (!(await flush())) return t("editor.msg.notRestored", { reason: unsaved() });
    const res = await deps.api.restore(id, revisionId, version.value);
    if (res.ok) {
      load(res.data.page);
      message.value = t("editor.msg.restored");
      return "";
    }
    if (res.status === 409 && res.error.code === "version_conflict" && res.page) {
      serverPage.value = res.page;
      state.value = "conflict";
    }
    return errorText(res.error, t("editor.msg.restoreFailed"));
  }

  // ---- block operations (each one undo step, except typing into the same prop)

  const blocks = () => doc.value.content.blocks;
  /** Insert after the block `afterId` (at the end when there is none). */
  function insertBlock(block: Block, afterId: string | null) {
    const list = blocks();
    const i = list.findIndex((b) => b.id === afterId);
    const at = i < 0 ? list.length : i + 1;
    setBlocks([...list.slice(0, at), block, ...list.slice(at)]);
  }
  function moveBlock(blockId: string, to: number) {
    const list = blocks();
    const from = list.findIndex((b) => b.id === blockId);
    if (from < 0 || to < 0 || to >= list.length || from === to) return;
    const next = [...list];
    const [b] = next.splice(from, 1);
    next.splice(to, 0, b);
    setBlocks(next);
  }
  /** Copy a block below itself; answers the copy's id. */
  function duplicateBlock(blockId: string): string | null {
    const list = blocks();
    const i = list.findIndex((b) => b.id === blockId);
    if (i < 0) return null;
    const copy = {
      ...structuredClone(list[i]),
      id: `${list[i].type}-${Math.random().toString(36).slice(2, 8)}`,
    };
    setBlocks([...list.slice(0, i + 1), copy, ...list.slice(i + 1)]);
    return copy.id;
  }
  /** Delete a block; answers the block to select next (the next one, or the previous). */
  function removeBlock(blockId: string): string | null {
    const list = blocks();
    const i = list.findIndex((b) => b.id === blockId);
    if (i < 0) return null;
    setBlocks(list.filter((b) => b.id !== blockId));
    return list[i + 1]?.id ?? list[i - 1]?.id ?? null;
  }
  function setProps(blockId: string, patch: Record<string, unknown>, key: string) {
    setBlocks(
      blocks().map((
        b,
      ) => (b.id === blockId ? ({ ...b, props: { ...b.props, ...patch } } as Block) : b)),
      key,
    );
  }

  function dispose() {
    if (timer !== null) clearTimer(timer);
    timer = null;
  }

  return {
    id,
    doc,
    version,
    status,
    url,
    notLive,
    state,
    message,
    fieldErrors,
    serverPage,
    past,
    future,
    typing,
    hasUnsaved,
    change,
    setContent,
    setBlocks,
    undo,
    redo,
    load,
    saveNow,
    flush,
    unsaved,
    setTyping,
    resolveConflict,
    publish,
    restore,
    insertBlock,
    moveBlock,
    duplicateBlock,
    removeBlock,
    setProps,
    dispose,
  };
}
