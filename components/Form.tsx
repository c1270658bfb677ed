// Small server-rendered form pieces shared by pages that must work without JavaScript.
import type { ComponentChildren } from "preact";

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
        aria-invalid={props.error ? "true" : undefined}
      />
      {props.error && <span class="mt-1 block text-sm text-red-600">{props.error}</span>}
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
    <div class="flex min-h-screen items-center justify-center bg-slate-50 px-4">
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
      </div>
    </div>
  );
}
