// The page editor: block library, canvas with in-place text editing, settings panel, theme,
// SEO, device widths, undo/redo, autosave with conflict handling, revisions and publishing.
import { type Signal, useComputed, useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { Block, BlockType, Content, Seo, Theme } from "../lib/blocks.ts";
import { SiteBlock } from "../components/SiteBlocks.tsx";
import { BLOCKS, type Field, newBlock } from "./editor/schema.ts";
import { isoToLocalInput, localInputToIso, parseLines } from "./editor/values.ts";

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

/** Whether a published page has edits that are not on the live site yet. */
const changesNotLive = (page: EditorPage) =>
  page.status === "published" && !!page.updatedAt && !!page.publishedAt &&
  page.updatedAt > page.publishedAt;

type SaveState = "saved" | "dirty" | "saving" | "conflict" | "error";
type Doc = { name: string; slug: string; content: Content; seo: Seo };
type Device = "desktop" | "tablet" | "mobile";

/** Preview widths in CSS pixels; desktop fills the canvas area but is never narrower than this. */
const DEVICES: Record<Device, number> = { desktop: 1024, tablet: 768, mobile: 390 };

/**
 * The device frame: its nominal width, and the zoom that fits it into the canvas area (the page
 * is laid out at the nominal width and shown smaller, never squeezed).
 */
function frameSize(device: Device, room: { w: number; h: number } | null) {
  if (!room || room.w <= 0) {
    return { width: device === "desktop" ? null : DEVICES[device], zoom: 1, minHeight: 0 };
  }
  const width = device === "desktop" ? Math.max(room.w, DEVICES.desktop) : DEVICES[device];
  const zoom = Math.min(1, Math.floor((room.w / width) * 100) / 100);
  return { width, zoom, minHeight: Math.floor(room.h / zoom) };
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  return { status: res.status, data };
}

const clone = <T,>(v: T): T => JSON.parse(JSON.stringify(v));
const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const focusBlock = (id: string) =>
  requestAnimationFrame(() =>
    (document.querySelector(`[data-block-id="${id}"]`) as HTMLElement | null)?.focus()
  );

export default function PageEditor(props: { page: EditorPage }) {
  const doc = useSignal<Doc>({
    name: props.page.name,
    slug: props.page.slug,
    content: props.page.content,
    seo: props.page.seo,
  });
  /** The version of the page this editor last loaded or saved: every write sends it. */
  const version = useSignal(props.page.version);
  const status = useSignal(props.page.status);
  const url = useSignal(props.page.url);
  const notLive = useSignal(changesNotLive(props.page));
  const state = useSignal<SaveState>("saved");
  const message = useSignal("");
  const serverPage = useSignal<EditorPage | null>(null);
  const selected = useSignal<string | null>(props.page.content.blocks[0]?.id ?? null);
  const device = useSignal<Device>("desktop");
  const room = useSignal<{ w: number; h: number } | null>(null);
  const frame = useComputed(() => frameSize(device.value, room.value));
  const tab = useSignal<"block" | "theme" | "page" | "history">("block");
  const past = useSignal<Doc[]>([]);
  const future = useSignal<Doc[]>([]);
  const lastEdit = useRef({ key: "", at: 0 });
  const saving = useRef<Promise<void> | null>(null);
  const leaving = useRef(false);

  /** Apply a change; edits with the same key within a second form one undo step. */
  function change(next: Doc, key = "") {
    const now = Date.now();
    if (!(key && key === lastEdit.current.key && now - lastEdit.current.at < 1000)) {
      past.value = [...past.value.slice(-99), doc.value];
      future.value = [];
    }
    lastEdit.current = { key, at: now };
    doc.value = next;
    if (state.value !== "conflict") state.value = "dirty";
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
    lastEdit.current = { key: "", at: 0 };
    if (state.value !== "conflict") state.value = "dirty";
  }
  function redo() {
    const next = future.value[0];
    if (!next) return;
    past.value = [...past.value, doc.value];
    future.value = future.value.slice(1);
    doc.value = next;
    lastEdit.current = { key: "", at: 0 };
    if (state.value !== "conflict") state.value = "dirty";
  }

  /**
   * Show a version that came from the server (the latest one after a conflict, a restored
   * revision). Undo steps were made on top of an older version, so they are dropped: undoing
   * past this point would write old content over the newer one.
   */
  function load(page: EditorPage) {
    doc.value = { name: page.name, slug: page.slug, content: page.content, seo: page.seo };
    version.value = page.version;
    status.value = page.status;
    url.value = page.url;
    notLive.value = changesNotLive(page);
    serverPage.value = null;
    past.value = [];
    future.value = [];
    lastEdit.current = { key: "", at: 0 };
    if (!page.content.blocks.some((b) => b.id === selected.value)) {
      selected.value = page.content.blocks[0]?.id ?? null;
    }
    state.value = "saved";
  }

  async function saveNow(): Promise<void> {
    while (saving.current) await saving.current;
    if (state.value !== "dirty") return;
    state.value = "saving";
    const sent = doc.value;
    saving.current = (async () => {
      const res = await api("PUT", `/api/pages/${props.page.id}`, {
        ...sent,
        version: version.value,
      });
      if (res.status === 200) {
        version.value = res.data.page.version;
        url.value = res.data.page.url;
        notLive.value = changesNotLive(res.data.page);
        message.value = "";
        state.value = doc.value === sent ? "saved" : "dirty";
      } else if (res.status === 409 && res.data?.error?.code === "version_conflict") {
        serverPage.value = res.data.page;
        state.value = "conflict";
      } else {
        const fields = res.data?.error?.fields
          ? Object.entries(res.data.error.fields).map(([k, v]) => `${k}: ${v}`).join("; ")
          : "";
        message.value = `${res.data?.error?.message ?? `Save failed (${res.status})`}${
          fields ? ` — ${fields}` : ""
        }`;
        state.value = "error";
      }
    })().catch(() => {
      message.value = "Offline? Your changes are kept here and will be saved when you edit again.";
      state.value = "error";
    });
    await saving.current;
    saving.current = null;
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
      ? "this page was changed elsewhere — load the latest version or replace it with yours"
      : state.value === "error"
      ? `your latest changes could not be saved (${message.value})`
      : "your latest changes are still being saved";

  // Autosave shortly after the last change.
  useSignalEffect(() => {
    void doc.value;
    if (state.value !== "dirty") return;
    const timer = setTimeout(() => saveNow(), 700);
    return () => clearTimeout(timer);
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      const typing = t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName);
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z" && !typing) {
        e.preventDefault();
        e.shiftKey ? redo() : undo();
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "y" && !typing) {
        e.preventDefault();
        redo();
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        flush();
      }
    };
    // Any edit that is not on the server (waiting, saving, refused, in conflict) is lost on leaving.
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (state.value !== "saved" && !leaving.current) e.preventDefault();
    };
    addEventListener("keydown", onKey);
    addEventListener("beforeunload", beforeUnload);
    return () => {
      removeEventListener("keydown", onKey);
      removeEventListener("beforeunload", beforeUnload);
    };
  }, []);

  /** Leave through an in-app link: save first; if that is not possible, ask. */
  async function leave(href: string) {
    if (
      !(await flush()) &&
      !confirm(`Leave the editor? Your latest changes are not saved: ${unsaved()}.`)
    ) return;
    leaving.current = true;
    location.href = href;
  }

  function resolveConflict(keepMine: boolean) {
    const server = serverPage.value!;
    if (keepMine) {
      // Overwrite the newer version knowingly: the next save is checked against it.
      version.value = server.version;
      status.value = server.status;
      url.value = server.url;
      notLive.value = changesNotLive(server);
      serverPage.value = null;
      state.value = "dirty";
      saveNow();
    } else load(server);
  }

  async function publish(on: boolean) {
    if (!(await flush())) {
      message.value = `Not ${on ? "published" : "unpublished"}: ${unsaved()}.`;
      return;
    }
    const res = await api("POST", `/api/pages/${props.page.id}/${on ? "publish" : "unpublish"}`);
    if (res.status === 200) {
      const wasLive = status.value === "published";
      status.value = res.data.page.status;
      url.value = res.data.page.url;
      notLive.value = false;
      message.value = on
        ? wasLive ? "Updated. Your changes are live." : "Published. Your page is live."
        : "Unpublished. The address no longer answers.";
    } else {
      message.value = res.data?.error?.message ?? "Publishing failed";
    }
  }

  async function restore(revisionId: string): Promise<string> {
    if (!(await flush())) return `Not restored: ${unsaved()}.`;
    const res = await api(
      "POST",
      `/api/pages/${props.page.id}/revisions/${revisionId}/restore`,
      { version: version.value },
    );
    if (res.status === 200) {
      load(res.data.page);
      message.value = "Restored. The version it replaced is kept in the history.";
      return "";
    }
    if (res.status === 409 && res.data?.error?.code === "version_conflict") {
      serverPage.value = res.data.page;
      state.value = "conflict";
    }
    return res.data?.error?.message ?? "Restore failed";
  }

  const blocks = doc.value.content.blocks;
  const selectedBlock = blocks.find((b) => b.id === selected.value) ?? null;

  function insert(type: BlockType) {
    const block = newBlock(type);
    const at = selectedBlock ? blocks.indexOf(selectedBlock) + 1 : blocks.length;
    setBlocks([...blocks.slice(0, at), block, ...blocks.slice(at)]);
    selected.value = block.id;
    tab.value = "block";
  }
  function move(id: string, to: number) {
    const from = blocks.findIndex((b) => b.id === id);
    if (from < 0 || to < 0 || to >= blocks.length || from === to) return;
    const next = [...blocks];
    const [b] = next.splice(from, 1);
    next.splice(to, 0, b);
    setBlocks(next);
  }
  function duplicate(id: string) {
    const i = blocks.findIndex((b) => b.id === id);
    const copy = {
      ...clone(blocks[i]),
      id: `${blocks[i].type}-${Math.random().toString(36).slice(2, 8)}`,
    };
    setBlocks([...blocks.slice(0, i + 1), copy, ...blocks.slice(i + 1)]);
    selected.value = copy.id;
  }
  /** Delete a block (one undo step); the next block (or the previous) becomes the selection. */
  function remove(id: string): string | null {
    const i = blocks.findIndex((b) => b.id === id);
    setBlocks(blocks.filter((b) => b.id !== id));
    return selected.value = blocks[i + 1]?.id ?? blocks[i - 1]?.id ?? null;
  }
  function setProps(id: string, propsPatch: Record<string, unknown>, key: string) {
    setBlocks(
      blocks.map((
        b,
      ) => (b.id === id ? ({ ...b, props: { ...b.props, ...propsPatch } } as Block) : b)),
      key,
    );
  }

  return (
    <div class="flex h-dvh flex-col bg-slate-50 text-slate-900">
      <Toolbar
        notLive={notLive.value}
        name={doc.value.name}
        state={state}
        message={message}
        status={status.value}
        url={url.value}
        device={device}
        frame={frame.value}
        canUndo={past.value.length > 0}
        canRedo={future.value.length > 0}
        onUndo={undo}
        onRedo={redo}
        onPublish={publish}
        onLeave={leave}
        pageId={props.page.id}
      />
      {state.value === "conflict" && (
        <div
          role="alert"
          data-testid="conflict"
          class="flex flex-wrap items-center gap-3 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900"
        >
          <strong>This page was changed elsewhere.</strong> Your latest edits are not saved yet.
          <button
            type="button"
            class="btn btn-secondary !py-1"
            data-testid="load-latest"
            onClick={() => resolveConflict(false)}
          >
            Load the latest version
          </button>
          <button
            type="button"
            class="btn btn-secondary !py-1"
            data-testid="keep-mine"
            onClick={() => resolveConflict(true)}
          >
            Replace it with mine
          </button>
        </div>
      )}
      <div class="flex min-h-0 flex-1">
        {/* On a tablet (below 1024 px) the library shows icons only, leaving the canvas room. */}
        <aside
          class="w-14 shrink-0 overflow-y-auto border-r border-slate-200 bg-white p-2 lg:w-44 lg:p-3"
          aria-label="Block library"
        >
          <h2 class="sr-only text-xs font-semibold uppercase tracking-wide text-slate-500 lg:not-sr-only lg:mb-2 lg:block">
            Add a block
          </h2>
          <div class="grid gap-1">
            {(Object.keys(BLOCKS) as BlockType[]).map((type) => (
              <button
                key={type}
                type="button"
                data-add={type}
                title={`Add ${BLOCKS[type].label}`}
                class="flex items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-brand-50"
                onClick={() => insert(type)}
              >
                <span class="w-6 text-center text-slate-400" aria-hidden="true">
                  {BLOCKS[type].icon}
                </span>
                <span class="sr-only lg:not-sr-only">{BLOCKS[type].label}</span>
              </button>
            ))}
          </div>
        </aside>
        <Canvas
          blocks={blocks}
          theme={doc.value.content.theme}
          frame={frame.value}
          room={room}
          selected={selected}
          onSelect={(id) => {
            selected.value = id;
            tab.value = "block";
          }}
          onMove={move}
          onDuplicate={duplicate}
          onRemove={remove}
          onText={(id, key, value) => setProps(id, { [key]: value }, `${id}.${key}`)}
        />
        <aside
          class="w-72 shrink-0 overflow-y-auto border-l border-slate-200 bg-white lg:w-80"
          aria-label="Settings"
        >
          <div class="flex border-b border-slate-200 text-sm" role="tablist">
            {(["block", "theme", "page", "history"] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={tab.value === t}
                class={`flex-1 px-2 py-2 capitalize ${
                  tab.value === t
                    ? "border-b-2 border-brand-600 font-medium text-brand-700"
                    : "text-slate-500"
                }`}
                onClick={() => (tab.value = t)}
              >
                {t}
              </button>
            ))}
          </div>
          <div class="p-4">
            {tab.value === "block" && (selectedBlock
              ? (
                <BlockPanel
                  block={selectedBlock}
                  onChange={(patch, key) => setProps(selectedBlock.id, patch, key)}
                />
              )
              : (
                <p class="text-sm text-slate-500">
                  Select a block on the canvas, or add one from the library.
                </p>
              ))}
            {tab.value === "theme" && (
              <ThemePanel
                theme={doc.value.content.theme}
                onChange={(theme, key) => setContent({ ...doc.value.content, theme }, key)}
              />
            )}
            {tab.value === "page" && <PagePanel doc={doc.value} onChange={change} />}
            {tab.value === "history" && (
              <HistoryPanel
                pageId={props.page.id}
                version={version}
                published={status.value === "published"}
                onRestore={restore}
              />
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

function Toolbar(p: {
  name: string;
  state: Signal<SaveState>;
  message: Signal<string>;
  status: string;
  url: string | null;
  /** Published, with edits since that are not live yet. */
  notLive: boolean;
  device: Signal<Device>;
  frame: ReturnType<typeof frameSize>;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onPublish: (on: boolean) => void;
  onLeave: (href: string) => void;
  pageId: string;
}) {
  const label = useComputed(() => ({
    saved: "Saved",
    dirty: "Unsaved changes",
    saving: "Saving…",
    conflict: "Conflict — not saved",
    error: "Not saved",
  }[p.state.value]));
  const published = p.status === "published";
  // One row from 1280 px: the page name and the last message shorten (their full text in a
  // tooltip) rather than push the tools onto a second row; the live address is in a tooltip.
  return (
    <div
      class="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-4 py-2"
      data-testid="toolbar"
    >
      <div class="flex min-w-0 flex-1 items-center gap-3">
        <a
          href="/dashboard"
          class="shrink-0 text-sm text-slate-500 hover:text-slate-800"
          data-testid="leave"
          onClick={(e) => {
            if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            p.onLeave("/dashboard");
          }}
        >
          ← Pages
        </a>
        <h1 class="min-w-[4rem] max-w-[16rem] truncate font-semibold" title={p.name}>{p.name}</h1>
        <span
          data-testid="save-state"
          data-state={p.state.value}
          title={p.state.value === "saved" ? "All changes saved" : undefined}
          class={`badge shrink-0 ${
            p.state.value === "saved"
              ? "bg-emerald-100 text-emerald-800"
              : p.state.value === "conflict" || p.state.value === "error"
              ? "bg-red-100 text-red-800"
              : "bg-slate-100 text-slate-700"
          }`}
        >
          {label}
        </span>
        {p.message.value && (
          <span
            class="min-w-0 truncate text-sm text-slate-600"
            role="status"
            title={p.message.value}
          >
            {p.message.value}
          </span>
        )}
      </div>
      <div class="flex flex-wrap items-center justify-end gap-2 xl:shrink-0">
        <button
          type="button"
          class="btn btn-secondary !px-2 !py-1"
          disabled={!p.canUndo}
          onClick={p.onUndo}
          title="Undo (Ctrl+Z)"
          aria-label="Undo"
        >
          ↶
        </button>
        <button
          type="button"
          class="btn btn-secondary !px-2 !py-1"
          disabled={!p.canRedo}
          onClick={p.onRedo}
          title="Redo (Ctrl+Shift+Z)"
          aria-label="Redo"
        >
          ↷
        </button>
        <div
          class="flex rounded-lg border border-slate-300 text-sm"
          role="group"
          aria-label="Preview width"
        >
          {(Object.keys(DEVICES) as Device[]).map((d) => (
            <button
              key={d}
              type="button"
              data-device={d}
              title={d === "desktop" ? `${DEVICES[d]} px or wider` : `${DEVICES[d]} px`}
              aria-pressed={p.device.value === d}
              class={`px-2 py-1 capitalize ${
                p.device.value === d ? "bg-brand-50 text-brand-700" : ""
              }`}
              onClick={() => (p.device.value = d)}
            >
              {d}
            </button>
          ))}
        </div>
        {p.frame.width && p.frame.zoom < 1 && (
          <span
            class="text-xs tabular-nums text-slate-500"
            data-testid="frame-size"
            title={`The preview is laid out at ${p.frame.width} px and shown at ${
              Math.round(p.frame.zoom * 100)
            }% to fit`}
          >
            {Math.round(p.frame.zoom * 100)}%
          </span>
        )}
        <a
          class="btn btn-secondary !px-3 !py-1"
          href={`/pages/${p.pageId}/preview`}
          target="_blank"
        >
          Preview
        </a>
        <a
          class="text-sm text-slate-500 hover:text-slate-800"
          href="/support"
          target="_blank"
          title="Support chat and answers, in a new tab"
        >
          Help
        </a>
        <span class="h-5 w-px bg-slate-200" aria-hidden="true" />
        {published
          ? (
            <>
              <span
                data-testid="publish-state"
                data-not-live={p.notLive ? "true" : "false"}
                class={`flex items-center gap-1.5 whitespace-nowrap text-xs ${
                  p.notLive ? "text-amber-800" : "text-emerald-700"
                }`}
                title={p.notLive
                  ? "You have edited the page since it was published: Update puts the changes live"
                  : "The live page shows this version"}
              >
                <span
                  class={`inline-block h-2 w-2 rounded-full ${
                    p.notLive ? "bg-amber-500" : "bg-emerald-500"
                  }`}
                />
                {p.notLive ? "Published · changes not live yet" : "Published"}
              </span>
              {p.url && (
                <a
                  data-testid="live-url"
                  class="whitespace-nowrap text-sm text-brand-600 underline"
                  href={p.url}
                  target="_blank"
                  rel="noopener"
                  title={`Open the live page: ${p.url}`}
                >
                  Live ↗
                </a>
              )}
              {p.notLive && (
                <button
                  type="button"
                  data-testid="update"
                  class="btn btn-primary !px-3 !py-1"
                  onClick={() => p.onPublish(true)}
                >
                  Update
                </button>
              )}
              <button
                type="button"
                data-testid="unpublish"
                class="whitespace-nowrap rounded-md px-1 text-sm text-slate-500 hover:text-red-700"
                onClick={() => p.onPublish(false)}
                title="Take the page offline; its address stops answering"
              >
                Unpublish
              </button>
            </>
          )
          : (
            <button
              type="button"
              data-testid="publish"
              class="btn btn-primary !py-1"
              onClick={() => p.onPublish(true)}
            >
              Publish
            </button>
          )}
      </div>
    </div>
  );
}

function Canvas(p: {
  blocks: Block[];
  theme: Theme;
  frame: ReturnType<typeof frameSize>;
  /** Set here: the room the canvas area has for the device frame. */
  room: Signal<{ w: number; h: number } | null>;
  selected: Signal<string | null>;
  onSelect: (id: string) => void;
  onMove: (id: string, to: number) => void;
  onDuplicate: (id: string) => void;
  onRemove: (id: string) => string | null;
  onText: (id: string, key: string, value: string) => void;
}) {
  const dragging = useRef<string | null>(null);
  const dropAt = useSignal<number | null>(null);
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      p.room.value = { w: Math.floor(width), h: Math.floor(height) };
    });
    observer.observe(area.current!);
    return () => observer.disconnect();
  }, []);
  const f = p.frame;
  const FONTS: Record<Theme["font"], string> = {
    system: `ui-sans-serif,system-ui,sans-serif`,
    serif: `ui-serif,Georgia,serif`,
    mono: `ui-monospace,Menlo,monospace`,
    rounded: `ui-rounded,"Nunito",system-ui,sans-serif`,
  };
  const vars =
    `--p:${p.theme.primaryColor};--bg:${p.theme.backgroundColor};--fg:${p.theme.textColor};--font:${
      FONTS[p.theme.font]
    };` +
    `--gap:${{ compact: "40px", normal: "72px", relaxed: "104px" }[p.theme.spacing]};--r:${
      { none: "0", small: "8px", large: "20px" }[p.theme.radius]
    }`;
  return (
    <div
      ref={area}
      class="min-w-0 flex-1 overflow-y-auto bg-slate-100 p-3 lg:p-6 [scrollbar-gutter:stable_both-edges]"
      data-testid="canvas-area"
    >
      {
        /* The device frame has the device's width (zoomed out to fit) and is centred; the page's
          own CSS (scoped to .lh-canvas) styles the canvas inside it. */
      }
      <div
        class="mx-auto flex flex-col shadow-lg"
        style={f.width ? `width:${f.width}px;zoom:${f.zoom};min-height:${f.minHeight}px` : ""}
        data-testid="device-frame"
      >
        <div
          class="lh-canvas flex-1"
          style={`${vars};container-type:inline-size`}
          data-testid="canvas"
        >
          {p.blocks.length === 0 && (
            <div class="p-16 text-center text-slate-500" style="font-family:system-ui">
              This page is empty. Add a block from the library on the left.
            </div>
          )}
          {p.blocks.map((block, i) => (
            <div
              key={block.id}
              data-block-id={block.id}
              data-block-type={block.type}
              tabIndex={0}
              aria-label={`${BLOCKS[block.type].label} block, ${
                i + 1
              } of ${p.blocks.length}. Alt+Arrow keys move it, Delete removes it.`}
              class={`group relative outline-none ${
                p.selected.value === block.id
                  ? "ring-2 ring-brand-500 ring-inset"
                  : "hover:ring-1 hover:ring-brand-300 hover:ring-inset"
              } ${dropAt.value === i ? "border-t-4 border-brand-500" : ""}`}
              onClick={() => p.onSelect(block.id)}
              onKeyDown={(e) => {
                if (e.target !== e.currentTarget) return;
                // Only keys pressed on the block itself: typing in its text never gets here.
                if (e.altKey && e.key === "ArrowUp") {
                  e.preventDefault();
                  p.onMove(block.id, i - 1);
                  focusBlock(block.id);
                } else if (e.altKey && e.key === "ArrowDown") {
                  e.preventDefault();
                  p.onMove(block.id, i + 1);
                  focusBlock(block.id);
                } else if (
                  (e.key === "Delete" || e.key === "Backspace") &&
                  !(e.altKey || e.ctrlKey || e.metaKey || e.shiftKey)
                ) {
                  e.preventDefault();
                  const next = p.onRemove(block.id);
                  if (next) focusBlock(next);
                } else if (e.key === "Enter") p.onSelect(block.id);
              }}
              onDragOver={(e) => {
                if (!dragging.current) return;
                e.preventDefault();
                const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                dropAt.value = e.clientY < r.top + r.height / 2 ? i : i + 1;
              }}
              onDrop={(e) => {
                e.preventDefault();
                const id = dragging.current;
                const at = dropAt.value;
                dragging.current = null;
                dropAt.value = null;
                if (!id || at === null) return;
                const from = p.blocks.findIndex((b) => b.id === id);
                p.onMove(id, at > from ? at - 1 : at);
              }}
            >
              <div
                class={`absolute right-2 top-2 z-10 gap-1 rounded-md bg-white/95 p-1 text-xs shadow ${
                  p.selected.value === block.id
                    ? "flex"
                    : "hidden group-hover:flex group-focus-within:flex"
                }`}
                // The block's tools keep their size when the frame is shown smaller.
                style={`font-family:system-ui;zoom:${1 / f.zoom}`}
              >
                <span
                  draggable
                  data-drag-handle
                  title="Drag to reorder"
                  class="cursor-grab px-1.5 py-0.5 text-slate-500"
                  onDragStart={(e) => {
                    dragging.current = block.id;
                    e.dataTransfer?.setData("text/plain", block.id);
                  }}
                  onDragEnd={() => {
                    dragging.current = null;
                    dropAt.value = null;
                  }}
                >
                  ⠿
                </span>
                <button
                  type="button"
                  class="px-1.5 py-0.5 hover:bg-slate-100"
                  title="Move up"
                  aria-label="Move up"
                  data-action="up"
                  onClick={(e) => (e.stopPropagation(), p.onMove(block.id, i - 1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="px-1.5 py-0.5 hover:bg-slate-100"
                  title="Move down"
                  aria-label="Move down"
                  data-action="down"
                  onClick={(e) => (e.stopPropagation(), p.onMove(block.id, i + 1))}
                >
                  ↓
                </button>
                <button
                  type="button"
                  class="px-1.5 py-0.5 hover:bg-slate-100"
                  title="Duplicate"
                  data-action="duplicate"
                  onClick={(e) => (e.stopPropagation(), p.onDuplicate(block.id))}
                >
                  ⧉
                </button>
                <button
                  type="button"
                  class="px-1.5 py-0.5 text-red-600 hover:bg-red-50"
                  title="Delete"
                  data-action="delete"
                  onClick={(e) => (e.stopPropagation(), p.onRemove(block.id))}
                >
                  ✕
                </button>
              </div>
              <CanvasBlock block={block} onText={(key, value) => p.onText(block.id, key, value)} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/**
 * Text that is edited where it is shown. Plain text only: what is typed is never parsed as HTML.
 * Empty text shows a placeholder (in the editor only), so it can still be found and clicked.
 */
function Editable(
  p: {
    tag: "h1" | "h2" | "p";
    value: string;
    class?: string;
    field: string;
    placeholder: string;
    onText: (v: string) => void;
  },
) {
  const Tag = p.tag;
  return (
    <Tag
      // The browser rewrites the element's children while it is edited; a new value gets a new
      // element, so what is shown never depends on what the editing left behind.
      key={p.value}
      class={`${
        p.class ?? ""
      } cursor-text outline-none focus:ring-2 focus:ring-brand-300 empty:before:opacity-40 empty:before:content-[attr(data-placeholder)]`}
      contentEditable
      data-field={p.field}
      data-placeholder={p.placeholder}
      onKeyDown={(e) => {
        if (e.key === "Enter" && p.tag !== "p") {
          e.preventDefault();
          (e.currentTarget as HTMLElement).blur();
        }
      }}
      onPaste={(e) => {
        e.preventDefault();
        document.execCommand("insertText", false, e.clipboardData?.getData("text/plain") ?? "");
      }}
      onBlur={(e) => {
        const el = e.currentTarget as HTMLElement;
        const text = el.innerText.trim();
        if (text !== p.value) p.onText(text);
        else if (el.textContent !== p.value) el.textContent = p.value; // only spaces were typed
      }}
    >
      {p.value}
    </Tag>
  );
}

function CanvasBlock(
  { block, onText }: { block: Block; onText: (key: string, value: string) => void },
) {
  if (block.type === "hero") {
    const h = block.props;
    return (
      <section class={`lh-hero lh-align-${h.align}`}>
        <div class="lh-wrap">
          <Editable
            tag="h1"
            field="headline"
            placeholder="Headline"
            value={h.headline}
            onText={(v) => onText("headline", v)}
          />
          <Editable
            tag="p"
            class="lh-lead"
            field="subheadline"
            placeholder="Subheadline"
            value={h.subheadline}
            onText={(v) => onText("subheadline", v)}
          />
          {h.ctaText && <span class="lh-btn">{h.ctaText}</span>}
          {h.image && <img class="lh-hero-img" src={h.image} alt="" />}
        </div>
      </section>
    );
  }
  if (block.type === "cta") {
    const c = block.props;
    return (
      <section class="lh-cta">
        <div class="lh-wrap">
          <Editable
            tag="h2"
            field="headline"
            placeholder="Headline"
            value={c.headline}
            onText={(v) => onText("headline", v)}
          />
          <Editable
            tag="p"
            field="text"
            placeholder="Text"
            value={c.text}
            onText={(v) => onText("text", v)}
          />
          {c.buttonText && <span class="lh-btn lh-btn-light">{c.buttonText}</span>}
        </div>
      </section>
    );
  }
  if (block.type === "html") {
    // User HTML is shown in a sandbox with no script permission; the server sanitises it on publish.
    return (
      <section class="lh-section">
        <div class="lh-wrap">
          <iframe
            sandbox=""
            title="Custom HTML preview"
            srcdoc={block.props.html}
            class="h-40 w-full border-0 bg-white"
          />
        </div>
      </section>
    );
  }
  // Links inside the canvas must not navigate away from the editor.
  return (
    <div
      onClickCapture={(e) => (e.target as HTMLElement).closest("a,button") && e.preventDefault()}
      onSubmitCapture={(e) => e.preventDefault()}
    >
      <SiteBlock block={block} />
    </div>
  );
}

function BlockPanel(
  p: { block: Block; onChange: (patch: Record<string, unknown>, key: string) => void },
) {
  const spec = BLOCKS[p.block.type];
  const values = p.block.props as Record<string, unknown>;
  return (
    <div class="space-y-4">
      <h2 class="font-semibold">{spec.label}</h2>
      <Fields
        fields={spec.fields}
        values={values}
        keyPrefix={p.block.id}
        onChange={(key, value) => p.onChange({ [key]: value }, `${p.block.id}.${key}`)}
      />
    </div>
  );
}

function Fields(p: {
  fields: Field[];
  values: Record<string, unknown>;
  keyPrefix: string;
  onChange: (key: string, value: unknown) => void;
}) {
  return (
    <div class="space-y-3">
      {p.fields.map((f) => (
        <FieldInput
          key={f.key}
          field={f}
          value={p.values[f.key]}
          id={`${p.keyPrefix}-${f.key}`}
          onChange={(v) => p.onChange(f.key, v)}
        />
      ))}
    </div>
  );
}

function FieldInput(
  p: { field: Field; value: unknown; id: string; onChange: (v: unknown) => void },
) {
  const f = p.field;
  const text = (p.value ?? "") as string;
  if (f.kind === "checkbox") {
    return (
      <label class="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={!!p.value}
          onChange={(e) => p.onChange((e.target as HTMLInputElement).checked)}
        />
        {f.label}
      </label>
    );
  }
  if (f.kind === "list") {
    return (
      <ListInput
        field={f}
        value={(p.value ?? []) as Record<string, unknown>[]}
        id={p.id}
        onChange={p.onChange}
      />
    );
  }
  let input;
  if (f.kind === "textarea") {
    input = (
      <textarea
        id={p.id}
        class="input"
        rows={4}
        value={text}
        onInput={(e) => p.onChange((e.target as HTMLTextAreaElement).value)}
      />
    );
  } else if (f.kind === "lines") {
    input = <LinesInput id={p.id} value={(p.value ?? []) as string[]} onChange={p.onChange} />;
  } else if (f.kind === "select") {
    input = (
      <select
        id={p.id}
        class="input"
        value={text}
        onChange={(e) => p.onChange((e.target as HTMLSelectElement).value)}
      >
        {f.options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else if (f.kind === "number") {
    input = (
      <input
        id={p.id}
        class="input"
        type="number"
        min={f.min}
        max={f.max}
        value={p.value as number}
        onInput={(e) => {
          const n = (e.target as HTMLInputElement).valueAsNumber; // NaN while empty
          if (Number.isInteger(n) && n >= f.min && n <= f.max) p.onChange(n);
        }}
      />
    );
  } else if (f.kind === "date") {
    input = <DateInput id={p.id} value={text} onChange={p.onChange} />;
  } else if (f.kind === "image") {
    input = <ImageInput id={p.id} value={text} onChange={p.onChange} />;
  } else {
    input = (
      <input
        id={p.id}
        class="input"
        type="text"
        value={text}
        onInput={(e) => p.onChange((e.target as HTMLInputElement).value)}
      />
    );
  }
  return (
    <div>
      <label class="label" for={p.id}>{f.label}</label>
      {input}
    </div>
  );
}

function ListInput(
  p: {
    field: Extract<Field, { kind: "list" }>;
    value: Record<string, unknown>[];
    id: string;
    onChange: (v: unknown) => void;
  },
) {
  const items = p.value;
  const set = (i: number, item: Record<string, unknown>) =>
    p.onChange(items.map((x, j) => (j === i ? item : x)));
  return (
    <fieldset class="space-y-2">
      <legend class="label">{p.field.label}</legend>
      {items.map((item, i) => (
        <details key={i} class="rounded-lg border border-slate-200 p-2" open={items.length <= 2}>
          <summary class="cursor-pointer text-sm font-medium">
            {String(
              item.title ?? item.name ?? item.label ?? item.question ?? item.author ??
                `${p.field.itemLabel} ${i + 1}`,
            )}
          </summary>
          <div class="mt-2 space-y-2">
            <Fields
              fields={p.field.item}
              values={item}
              keyPrefix={`${p.id}-${i}`}
              onChange={(k, v) =>
                set(i, { ...item, [k]: v })}
            />
            <div class="flex gap-2 text-xs">
              <button
                type="button"
                class="text-slate-600 underline"
                disabled={i === 0}
                onClick={() => {
                  const next = [...items];
                  [next[i - 1], next[i]] = [next[i], next[i - 1]];
                  p.onChange(next);
                }}
              >
                Move up
              </button>
              <button
                type="button"
                class="text-red-600 underline"
                onClick={() =>
                  p.onChange(items.filter((_, j) =>
                    j !== i
                  ))}
              >
                Remove
              </button>
            </div>
          </div>
        </details>
      ))}
      <button
        type="button"
        class="btn btn-secondary w-full !py-1 text-sm"
        onClick={() => p.onChange([...items, { ...p.field.blank }])}
      >
        + Add {p.field.itemLabel.toLowerCase()}
      </button>
    </fieldset>
  );
}

/**
 * A list edited as lines of text. What is typed is kept as typed (new lines, spaces) while the
 * list it stands for is saved as it changes; the text is tidied when the field is left.
 */
function LinesInput(p: { id: string; value: string[]; onChange: (v: string[]) => void }) {
  const typed = useRef<string | null>(null);
  const shown = typed.current !== null && same(parseLines(typed.current), p.value)
    ? typed.current
    : p.value.join("\n");
  return (
    <textarea
      id={p.id}
      class="input"
      rows={Math.min(8, Math.max(3, p.value.length + 1))}
      value={shown}
      onInput={(e) => {
        typed.current = (e.target as HTMLTextAreaElement).value;
        const lines = parseLines(typed.current);
        if (!same(lines, p.value)) p.onChange(lines);
      }}
      onBlur={(e) => {
        typed.current = null;
        (e.target as HTMLTextAreaElement).value = p.value.join("\n");
      }}
    />
  );
}

/**
 * The countdown's end: stored as an ISO instant, edited as local date and time. While the field
 * is being edited it shows what is typed, and only a complete date (a four-digit year) is saved,
 * so typing a date digit by digit never saves the years 0002, 0020 and 0202 on the way.
 */
function DateInput(p: { id: string; value: string; onChange: (v: string) => void }) {
  const typed = useSignal<string | null>(null);
  return (
    <input
      id={p.id}
      class="input"
      type="datetime-local"
      value={typed.value ?? isoToLocalInput(p.value)}
      onFocus={() => (typed.value = isoToLocalInput(p.value))}
      onInput={(e) => {
        typed.value = (e.target as HTMLInputElement).value;
        const iso = localInputToIso(typed.value);
        if (iso && iso !== p.value) p.onChange(iso);
      }}
      onBlur={() => (typed.value = null)}
    />
  );
}

function ImageInput(p: { id: string; value: string; onChange: (v: string) => void }) {
  const error = useSignal("");
  const busy = useSignal(false);
  return (
    <div class="space-y-1">
      <input
        id={p.id}
        class="input"
        type="url"
        value={p.value}
        placeholder="https://… or upload"
        onInput={(e) => p.onChange((e.target as HTMLInputElement).value)}
      />
      <input
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp"
        class="text-xs"
        disabled={busy.value}
        onChange={async (e) => {
          const file = (e.target as HTMLInputElement).files?.[0];
          if (!file) return;
          busy.value = true;
          error.value = "";
          const body = new FormData();
          body.append("file", file);
          const res = await fetch("/api/uploads", {
            method: "POST",
            body,
            credentials: "same-origin",
          });
          const data = await res.json().catch(() => null);
          busy.value = false;
          if (res.status === 201) p.onChange(data.url);
          else error.value = data?.error?.message ?? "Upload failed";
        }}
      />
      {busy.value && <p class="text-xs text-slate-500">Uploading…</p>}
      {error.value && <p class="text-xs text-red-600">{error.value}</p>}
    </div>
  );
}

function ThemePanel(p: { theme: Theme; onChange: (t: Theme, key: string) => void }) {
  const t = p.theme;
  const set = (k: keyof Theme, v: string) => p.onChange({ ...t, [k]: v } as Theme, `theme.${k}`);
  return (
    <div class="space-y-4">
      <h2 class="font-semibold">Theme</h2>
      {([["primaryColor", "Brand colour"], ["backgroundColor", "Background"], [
        "textColor",
        "Text",
      ]] as const).map(([k, label]) => (
        <label key={k} class="flex items-center justify-between text-sm">
          {label}
          <input
            type="color"
            value={t[k]}
            data-theme={k}
            onInput={(e) =>
              set(k, (e.target as HTMLInputElement).value)}
          />
        </label>
      ))}
      {([["font", "Font", ["system", "serif", "mono", "rounded"]], ["spacing", "Spacing", [
        "compact",
        "normal",
        "relaxed",
      ]], ["radius", "Corners", ["none", "small", "large"]]] as const).map((
        [k, label, options],
      ) => (
        <label key={k} class="block text-sm">
          <span class="label">{label}</span>
          <select
            class="input"
            value={t[k]}
            onChange={(e) => set(k, (e.target as HTMLSelectElement).value)}
          >
            {options.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        </label>
      ))}
    </div>
  );
}

function PagePanel(p: { doc: Doc; onChange: (d: Doc, key: string) => void }) {
  const d = p.doc;
  return (
    <div class="space-y-4">
      <h2 class="font-semibold">Page settings</h2>
      <label class="block">
        <span class="label">Name</span>
        <input
          class="input"
          value={d.name}
          onInput={(e) => p.onChange({ ...d, name: (e.target as HTMLInputElement).value }, "name")}
        />
      </label>
      <label class="block">
        <span class="label">Address (slug)</span>
        <input
          class="input"
          value={d.slug}
          pattern="[a-z0-9][a-z0-9-]{1,61}[a-z0-9]"
          onChange={(e) =>
            p.onChange({ ...d, slug: (e.target as HTMLInputElement).value.toLowerCase() }, "slug")}
        />
        <span class="text-xs text-slate-500">Lowercase letters, digits and hyphens.</span>
      </label>
      <h3 class="pt-2 text-sm font-semibold">Search and social</h3>
      <label class="block">
        <span class="label">SEO title</span>
        <input
          class="input"
          value={d.seo.title}
          maxLength={200}
          onInput={(e) =>
            p.onChange(
              { ...d, seo: { ...d.seo, title: (e.target as HTMLInputElement).value } },
              "seo.title",
            )}
        />
      </label>
      <label class="block">
        <span class="label">Description</span>
        <textarea
          class="input"
          rows={3}
          maxLength={500}
          value={d.seo.description}
          onInput={(e) =>
            p.onChange({
              ...d,
              seo: { ...d.seo, description: (e.target as HTMLTextAreaElement).value },
            }, "seo.description")}
        />
      </label>
      <div>
        <span class="label">Social image</span>
        <ImageInput
          id="seo-image"
          value={d.seo.image}
          onChange={(v) => p.onChange({ ...d, seo: { ...d.seo, image: v } }, "seo.image")}
        />
      </div>
    </div>
  );
}

interface RevisionItem {
  id: string;
  version: number;
  name: string;
  at: string;
  kind: "autosave" | "published" | "restore";
  restoredVersion: number | null;
}

const KINDS: Record<RevisionItem["kind"], [string, string]> = {
  autosave: ["Autosave", "bg-slate-100 text-slate-700"],
  published: ["Published", "bg-emerald-100 text-emerald-800"],
  restore: ["Before a restore", "bg-amber-100 text-amber-800"],
};

function HistoryPanel(
  p: {
    pageId: string;
    version: Signal<number>;
    published: boolean;
    /** Restore a revision; answers an error message, or "" when done. */
    onRestore: (revisionId: string) => Promise<string>;
  },
) {
  const items = useSignal<RevisionItem[] | null>(null);
  const error = useSignal("");
  const busy = useSignal(false);
  const load = async () => {
    const res = await api("GET", `/api/pages/${p.pageId}/revisions`);
    items.value = res.status === 200 ? res.data.items : [];
  };
  useEffect(() => {
    load();
  }, [p.version.value]);
  return (
    <div class="space-y-3">
      <h2 class="font-semibold">Revision history</h2>
      <p class="text-xs text-slate-500">
        Autosave keeps a version when you start editing and then every few minutes; the version that
        was live is kept when you change a published page, and the current one before a restore.
        Restoring makes that version the current one.
      </p>
      <p class="rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-sm">
        Now: version {p.version.value}
        {p.published && <span class="badge ml-2 bg-emerald-100 text-emerald-800">Published</span>}
      </p>
      {error.value && <p class="text-sm text-red-600" role="alert">{error.value}</p>}
      {items.value === null
        ? <p class="text-sm text-slate-500">Loading…</p>
        : items.value.length === 0
        ? <p class="text-sm text-slate-500">No earlier versions yet.</p>
        : (
          <ul class="space-y-2">
            {items.value.map((r) => (
              <li
                key={r.id}
                data-revision={r.kind}
                class="flex items-center justify-between gap-2 rounded-lg border border-slate-200 px-3 py-2 text-sm"
              >
                <span class="min-w-0">
                  <span class={`badge ${KINDS[r.kind][1]}`}>
                    {r.kind === "restore" && r.restoredVersion
                      ? `Before restoring v${r.restoredVersion}`
                      : KINDS[r.kind][0]}
                  </span>{" "}
                  Version {r.version}
                  <span class="block truncate text-xs text-slate-500" title={r.name}>
                    {new Date(r.at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}
                    {" · "}
                    {r.name}
                  </span>
                </span>
                <button
                  type="button"
                  class="btn btn-secondary !px-2 !py-1"
                  disabled={busy.value}
                  onClick={async () => {
                    busy.value = true;
                    error.value = await p.onRestore(r.id);
                    busy.value = false;
                  }}
                >
                  Restore
                </button>
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}
