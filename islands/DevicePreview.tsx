// The home page's product shot: the editor with a landing page on its canvas, drawn in HTML and
// CSS. The one interactive part is the preview size (desktop, tablet, phone): the canvas narrows
// and the page inside reflows with container queries, as it does in the real editor.
import { useState } from "preact/hooks";
// Only the preview's part of the editor's messages: the home page does not bundle the editor's.
import { type AreaTranslate, useAreaT } from "../lib/i18n/area.ts";
import { editorPreview } from "../lib/i18n/areas/editor-preview.ts";

type T = AreaTranslate<typeof editorPreview.en>;

type Device = "desktop" | "tablet" | "phone";

const DEVICES: { id: Device; width: string; icon: string }[] = [
  {
    id: "desktop",
    width: "w-full",
    icon: "M3 5h18v11H3zM8 20h8M12 16v4",
  },
  {
    id: "tablet",
    width: "w-[70%]",
    icon: "M6 3h12v18H6zM11 18h2",
  },
  {
    id: "phone",
    width: "w-[42%] min-w-36",
    icon: "M8 3h8v18H8zM11 18h2",
  },
];

const BLOCKS = ["hero", "features", "pricing", "testimonials", "form", "faq"] as const;

function Icon({ d, class: cls }: { d: string; class: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      class={`fill-none stroke-current ${cls}`}
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={d} />
    </svg>
  );
}

/** The landing page on the canvas; it reflows by the width of its frame (an @container). */
function SamplePage({ t }: { t: T }) {
  return (
    <div class="text-[10px] leading-snug text-slate-700">
      <div class="flex items-center justify-between gap-2 border-b border-slate-100 px-3 py-2">
        <span class="flex items-center gap-1 font-bold text-slate-900">
          <span class="h-2.5 w-2.5 rounded-full bg-gradient-to-br from-orange-400 to-pink-500">
          </span>
          Aurora
        </span>
        <span class="hidden gap-3 text-slate-500 @2xs:flex">
          <span>{t("editor.preview.nav.features")}</span>
          <span>{t("editor.preview.nav.pricing")}</span>
          <span>{t("editor.preview.nav.faq")}</span>
        </span>
        <span class="rounded bg-slate-900 px-2 py-0.5 font-medium text-white">
          {t("editor.preview.signUp")}
        </span>
      </div>
      <div class="bg-gradient-to-b from-orange-50 to-white px-3 pt-4 pb-3 text-center @sm:px-6 @sm:pt-6">
        <span class="rounded-full bg-orange-100 px-2 py-0.5 text-[9px] font-medium text-orange-700">
          {t("editor.preview.badge")}
        </span>
        <p class="mx-auto mt-2 max-w-[16rem] text-sm leading-tight font-extrabold text-slate-900 @sm:text-lg">
          {t("editor.preview.headline")}
        </p>
        <p class="mx-auto mt-1 max-w-[18rem] text-slate-500">
          {t("editor.preview.text")}
        </p>
        <div class="mt-2.5 flex flex-col items-center justify-center gap-1.5 @2xs:flex-row">
          <span class="rounded-md bg-orange-700 px-2.5 py-1 font-semibold text-white">
            {t("editor.preview.trial")}
          </span>
          <span class="rounded-md border border-slate-200 bg-white px-2.5 py-1 font-medium">
            {t("editor.preview.demo")}
          </span>
        </div>
        <div class="mx-auto mt-3 flex h-14 max-w-[20rem] items-end gap-1 rounded-md border border-slate-200 bg-white p-2 shadow-sm @sm:h-20">
          {[40, 65, 45, 80, 60, 95, 70, 85].map((h, i) => (
            <span
              class={`flex-1 rounded-sm ${i % 3 === 1 ? "bg-pink-300" : "bg-orange-300"}`}
              style={`height:${h}%`}
            >
            </span>
          ))}
        </div>
      </div>
      <div class="grid gap-2 px-3 py-3 @2xs:grid-cols-3">
        {([
          ["editor.preview.feature1", "bg-orange-100"],
          ["editor.preview.feature2", "bg-pink-100"],
          ["editor.preview.feature3", "bg-amber-100"],
        ] as const).map(([key, bg]) => (
          <div class="flex items-start gap-1.5 rounded-md border border-slate-100 p-1.5 @2xs:block">
            <span class={`block h-4 w-4 shrink-0 rounded ${bg}`}></span>
            <span class="block">
              <span class="block font-semibold text-slate-900 @2xs:mt-1">{t(key)}</span>
              <span class="mt-1 block h-1 w-full rounded bg-slate-100"></span>
              <span class="mt-0.5 block h-1 w-2/3 rounded bg-slate-100"></span>
            </span>
          </div>
        ))}
      </div>
      <div class="mx-3 mb-3 rounded-md bg-slate-900 p-2.5 text-white">
        <p class="font-semibold">{t("editor.preview.access")}</p>
        <div class="mt-1.5 flex flex-col gap-1 @2xs:flex-row">
          <span class="flex-1 rounded bg-white/10 px-2 py-1 text-slate-300">
            {t("editor.preview.email")}
          </span>
          <span class="rounded bg-orange-700 px-2 py-1 text-center font-semibold">
            {t("editor.preview.join")}
          </span>
        </div>
      </div>
    </div>
  );
}

export default function DevicePreview(props: { domain: string }) {
  const t = useAreaT(editorPreview);
  const [device, setDevice] = useState<Device>("desktop");
  const current = DEVICES.find((d) => d.id === device)!;
  return (
    <div
      class="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-2xl shadow-slate-900/10"
      role="figure"
      aria-label={t("editor.preview.figure")}
      data-testid="product-mock"
    >
      <div class="flex items-center gap-3 border-b border-slate-200 bg-slate-50 px-3 py-2">
        <span class="flex gap-1.5" aria-hidden="true">
          <span class="h-2.5 w-2.5 rounded-full bg-red-300"></span>
          <span class="h-2.5 w-2.5 rounded-full bg-amber-300"></span>
          <span class="h-2.5 w-2.5 rounded-full bg-emerald-300"></span>
        </span>
        <span class="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-white px-2.5 py-0.5 text-xs text-slate-500">
          aurora.{props.domain}
        </span>
      </div>
      <div class="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-2">
        <span class="hidden min-w-0 truncate text-xs text-slate-500 sm:block">
          <span class="font-medium text-slate-800">{t("editor.preview.pageName")}</span> ·{" "}
          {t("editor.preview.saved")}
        </span>
        <div
          class="flex rounded-lg bg-slate-100 p-0.5"
          role="group"
          aria-label={t("editor.preview.size")}
        >
          {DEVICES.map((d) => (
            <button
              type="button"
              class={`flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium transition ${
                d.id === device
                  ? "bg-white text-brand-700 shadow-sm"
                  : "text-slate-600 hover:text-slate-800"
              }`}
              aria-pressed={d.id === device}
              data-testid={`device-${d.id}`}
              onClick={() => setDevice(d.id)}
            >
              <Icon d={d.icon} class="h-3.5 w-3.5" />
              {t(`editor.preview.${d.id}`)}
            </button>
          ))}
        </div>
        <span class="rounded-md bg-brand-600 px-2.5 py-1 text-xs font-semibold text-white">
          {t("editor.preview.publish")}
        </span>
      </div>
      <div class="flex h-80 sm:h-96">
        <div class="hidden w-32 shrink-0 space-y-1 border-r border-slate-200 bg-slate-50 p-2 text-xs sm:block">
          <p class="px-1.5 pb-1 text-[10px] font-semibold tracking-wide text-slate-600 uppercase">
            {t("editor.preview.blocks")}
          </p>
          {BLOCKS.map((b, i) => (
            <span
              class={`flex items-center gap-1.5 rounded-md px-1.5 py-1 ${
                i === 0
                  ? "bg-brand-50 font-medium text-brand-700 ring-1 ring-brand-100"
                  : "text-slate-600"
              }`}
            >
              <span class="text-slate-300" aria-hidden="true">⋮⋮</span>
              {t(`editor.preview.block.${b}`)}
            </span>
          ))}
        </div>
        <div class="flex min-w-0 flex-1 justify-center overflow-hidden bg-slate-100 p-3">
          <div
            class={`@container h-full overflow-hidden rounded-lg bg-white shadow ring-1 ring-slate-200 transition-[width] duration-300 ${current.width}`}
            data-testid="preview-frame"
            data-device={device}
          >
            <SamplePage t={t} />
          </div>
        </div>
      </div>
    </div>
  );
}
