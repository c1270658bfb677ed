// Small server-rendered form pieces shared by pages that must work without JavaScript.
import type { ComponentChildren } from "preact";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";
import { useT } from "../lib/i18n/context.ts";
import type { MessageKey } from "../lib/i18n/index.ts";

export function Field(
  props: {
    name: string;
    label: string;
    type?: string;
    value?: string;
    error?: string;
    required?: boolean;
    autocomplete?: string;
    minLength?: number;
  },
) {
  return (
    <label class="block">
      <span class="label">{props.label}</span>
      <input
        class={`input ${props.error ? "!border-red-500" : ""}`}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        minLength={props.minLength}
        {...fieldAria(props.name, props.error)}
      />
      <FieldError name={props.name} error={props.error} />
    </label>
  );
}

export function Alert(
  props: { kind: "error" | "success" | "info"; children: ComponentChildren },
) {
  const colors = {
    error: "border-red-200 bg-red-50 text-red-800",
    success: "border-emerald-200 bg-emerald-50 text-emerald-800",
    info: "border-sky-200 bg-sky-50 text-sky-800",
  }[props.kind];
  return (
    <div
      role={props.kind === "error" ? "alert" : "status"}
      class={`rounded-lg border px-4 py-3 text-sm ${colors}`}
    >
      {props.children}
    </div>
  );
}

export function AuthCard(
  props: { title: string; children: ComponentChildren },
) {
  return (
    // Top-aligned, not centred vertically: Chrome may paint before the whole document is parsed,
    // and a vertically centred card that then grows moves up (a layout shift Lighthouse counted
    // on sign-in/up: CLS 0.06–0.09). The language list is left-aligned for the same reason.
    <main class="flex min-h-screen items-start justify-center bg-slate-50 px-4 pb-8 pt-16">
      <div class="w-full max-w-sm">
        <a
          href="/"
          class="mb-6 flex items-center justify-center gap-2 text-lg font-bold text-brand-700"
        >
          <span class="inline-block h-7 w-7 rounded-md bg-brand-600">
          </span>LandingHub
        </a>
        <div class="card space-y-4 p-6">
          <h1 class="text-xl font-semibold">{props.title}</h1>
          {props.children}
        </div>
        <LanguageSwitcher class="mt-4" />
      </div>
    </main>
  );
}

/** The id of a field's error text, for the field's aria-describedby. */
export const fieldErrorId = (name: string) => `${name}-error`;

/** A field's error under it (referenced by the field's aria-describedby). */
export function FieldError(props: { name: string; error?: string }) {
  return props.error
    ? (
      <span id={fieldErrorId(props.name)} class="mt-1 block text-sm text-red-600">
        {props.error}
      </span>
    )
    : null;
}

/** aria attributes for a field with or without an error. */
export const fieldAria = (name: string, error?: string) =>
  error ? { "aria-invalid": "true" as const, "aria-describedby": fieldErrorId(name) } : {};

/** What each `?done=` key confirms (the console's form posts redirect with one). */
export const DONE_MESSAGES: Record<string, string> = {
  approved: "Listing approved: it is on sale now.",
  rejected: "Listing rejected. The seller sees your reason.",
  faq_added: "FAQ entry added.",
  faq_saved: "FAQ entry saved.",
  faq_deleted: "FAQ entry deleted.",
  lead_saved: "Lead saved.",
  published: "Page published.",
  unpublished: "Page unpublished: its address no longer shows it.",
  deleted: "Page deleted.",
  duplicated: "Page duplicated.",
  suspended: "User suspended.",
  restored: "User restored.",
  role: "Role changed.",
  saved: "Listing saved.",
  withdrawn: "Listing withdrawn.",
  submitted: "Listing submitted. An admin reviews it before it is shown.",
  refunded: "Order refunded.",
  paid: "Payout marked as paid.",
};

/**
 * The confirmation after a form post (`?done=<key>`, set by formAction's `done`): only known
 * keys show, so the URL cannot make the page say anything else. The shared messages above are
 * shown in the page's language ("seller.done.<key>"); a page's own `messages` are shown as given
 * (a caller passes them already translated).
 */
export function DoneNotice(props: { done?: string; messages?: Record<string, string> }) {
  const t = useT();
  const messages = props.messages ?? DONE_MESSAGES;
  const key = props.done;
  if (!key || !Object.hasOwn(messages, key)) return null;
  const shared = Object.hasOwn(DONE_MESSAGES, key) && messages[key] === DONE_MESSAGES[key];
  const text = shared ? t(`seller.done.${key}` as MessageKey) : messages[key];
  return <Alert kind="success">{text}</Alert>;
}
