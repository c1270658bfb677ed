// The page a visitor gets back when a published form (posted without JavaScript) cannot be taken:
// in the site's own theme and stylesheet, the form shown again with what they typed and each
// problem next to its field. Every value is escaped; the page runs no script (the site's CSP).
import type { BlockOf, Content } from "../blocks.ts";
import { SITE_CSS, themeVars } from "../site-css.ts";
import { esc } from "./render.tsx";
import { siteHeaders } from "./serve.ts";
import { carriedInputs } from "../analytics/index.ts";
import { type Locale, t } from "../i18n/index.ts";

type FormBlock = BlockOf<"form">;
type FormField = FormBlock["props"]["fields"][number];

export interface FormProblem {
  status: number;
  message: string;
  fields?: Record<string, string>;
  headers?: Record<string, string>;
}

const errId = (name: string) => `err-${name}`;

function fieldHtml(
  f: FormField,
  value: string,
  error: string | undefined,
  locale: Locale = "en",
): string {
  const aria = error ? ` aria-invalid="true" aria-describedby="${errId(f.name)}"` : "";
  const req = f.required ? " required" : "";
  const name = esc(f.name);
  const errorHtml = error
    ? `<span class="lh-field-error" id="${errId(f.name)}">${esc(error)}</span>`
    : "";
  const label = `<span>${esc(f.label)}${f.required ? " *" : ""}</span>`;
  if (f.type === "checkbox") {
    const checked = value && value !== "no" ? " checked" : "";
    return `<label class="lh-check"><input type="checkbox" name="${name}" value="yes"${checked}${req}${aria}>` +
      `${label}</label>${errorHtml}`;
  }
  let control: string;
  if (f.type === "textarea") {
    control = `<textarea name="${name}" rows="4"${req}${aria}>${esc(value)}</textarea>`;
  } else if (f.type === "select") {
    const options = (f.options ?? []).map((o) =>
      `<option value="${esc(o)}"${o === value ? " selected" : ""}>${esc(o)}</option>`
    ).join("");
    control = `<select name="${name}"${req}${aria}><option value="">${
      esc(t(locale, "site.choose"))
    }</option>${options}</select>`;
  } else {
    control = `<input type="${f.type}" name="${name}" value="${esc(value)}"${req}${aria}>`;
  }
  return `<label>${label}${control}${errorHtml}</label>`;
}

/** The consent checkbox (when the form has one), ticked as posted, with its problem. */
function consentHtml(
  form: FormBlock,
  input: Record<string, unknown>,
  error: string | undefined,
  locale: Locale,
): string {
  const p = form.props as FormBlock["props"] & { consentText?: string; consentRequired?: boolean };
  if (!p.consentText) return "";
  const raw = Object.hasOwn(input, "_consent") ? input._consent : undefined;
  const checked = raw === true || (typeof raw === "string" && raw !== "" && raw !== "no");
  return fieldHtml(
    { name: "_consent", label: p.consentText, type: "checkbox", required: !!p.consentRequired },
    checked ? "yes" : "",
    error,
    locale,
  );
}

/** What the page says at the top for a problem with this status. */
function headline(problem: FormProblem, locale: Locale): { title: string; lead: string } {
  if (problem.status === 429) {
    const wait = Number(problem.headers?.["Retry-After"] ?? 60);
    return {
      title: t(locale, "site.tooMany"),
      lead: t(locale, "site.tooManyLead", {
        wait: wait >= 90
          ? t(locale, "site.minutes", { count: Math.ceil(wait / 60) })
          : t(locale, "site.seconds", { count: wait }),
      }),
    };
  }
  if (problem.status === 422) {
    return { title: t(locale, "site.checkForm"), lead: t(locale, "site.checkFormLead") };
  }
  return { title: t(locale, "site.notSent"), lead: problem.message };
}

/**
 * The form block `form` of a site again, filled with `input` (only the form's own fields, as
 * text), under a heading that says what went wrong.
 */
export function formProblemPage(
  content: Content,
  form: FormBlock,
  input: Record<string, unknown>,
  problem: FormProblem,
): Response {
  const locale = content.locale ?? "en";
  const { title, lead } = headline(problem, locale);
  const fieldErrors = problem.fields ?? {};
  const fields = form.props.fields.map((f) => {
    const raw = Object.hasOwn(input, f.name) ? input[f.name] : undefined;
    return fieldHtml(f, typeof raw === "string" ? raw : "", fieldErrors[f.name], locale);
  }).join("") + consentHtml(form, input, fieldErrors._consent, locale);
  const html = `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><meta name="robots" content="noindex">` +
    `<link rel="icon" href="data:,">` +
    `<style>${themeVars(content.theme)}${SITE_CSS}` +
    `.lh-field-error{color:#b91c1c;font-weight:400;font-size:.9em}` +
    `.lh-problem{border-left:4px solid var(--p);padding:.6em 1em;margin:0 0 1.2em}</style></head>` +
    `<body><main><section class="lh-section lh-alt"><div class="lh-wrap lh-narrow">` +
    `<h1>${esc(title)}</h1><p class="lh-problem" role="alert">${esc(lead)}</p>` +
    (form.props.title ? `<h2>${esc(form.props.title)}</h2>` : "") +
    `<form class="lh-form" method="post" action="/forms/${esc(form.id)}">${fields}${
      carriedInputs(input)
    }` +
    `<input class="lh-hp" type="text" name="_hp" tabindex="-1" autocomplete="off" aria-hidden="true">` +
    `<button class="lh-btn" type="submit">${esc(form.props.submitText)}</button></form>` +
    `<p><a href="/">${
      esc(t(locale, "site.backToPage"))
    }</a></p></div></section></main></body></html>`;
  return new Response(html, {
    status: problem.status,
    headers: siteHeaders({ "cache-control": "no-store", ...(problem.headers ?? {}) }),
  });
}
