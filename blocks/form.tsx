// Form: a lead form posted to the site's /forms/:blockId (no script), with a honeypot field.
import * as z from "zod/mini";
import { defineBlock, list, or, text } from "./kit.tsx";
import { useLocale } from "../lib/i18n/locale-context.ts";
import { areaT } from "../lib/i18n/area.ts";
import { siteBlocks } from "../lib/i18n/areas/site-blocks.ts";

export const formFieldSchema = z.object({
  name: z.string().check(
    z.regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, "Field names are letters, digits and _"),
  ),
  label: text(120),
  type: z.enum(["text", "email", "tel", "textarea", "select", "checkbox"]),
  required: or(z.boolean(), false),
  options: z.optional(list(text(120), 50)),
});

export default defineBlock({
  type: "form",
  label: "Form",
  icon: "✉",
  category: "conversion",
  schema: z.object({
    title: or(text(200), ""),
    fields: z.array(formFieldSchema).check(
      z.minLength(1),
      z.maxLength(20),
      z.refine(
        (fields) => new Set(fields.map((f) => f.name)).size === fields.length,
        "Field names must be unique",
      ),
    ),
    submitText: or(text(80), "Submit"),
    successMessage: or(text(500), "Thanks! We'll be in touch."),
    // Consent: a checkbox with this text under the fields (none when empty); stored with the lead.
    consentText: or(text(500), ""),
    consentRequired: or(z.boolean(), false),
    // Who is emailed about a new lead: the owner, extra addresses (each confirms by link first),
    // at once or in a daily digest.
    notifyOwner: or(z.boolean(), true),
    notifyEmails: z.optional(list(z.string().check(z.maxLength(200), z.email()), 10)),
    notifyMode: or(z.enum(["instant", "digest"]), "instant"),
    // Autoresponder to the lead ({{field}} placeholders), optionally asking them to confirm.
    autoReply: or(z.boolean(), false),
    autoReplySubject: or(text(200), ""),
    autoReplyBody: or(text(5000), ""),
    doubleOptIn: or(z.boolean(), false),
  }),
  defaults: () => ({
    title: "Get in touch",
    fields: [
      { name: "name", label: "Name", type: "text" as const, required: true },
      { name: "email", label: "Email", type: "email" as const, required: true },
    ],
    submitText: "Send",
    successMessage: "Thanks! We'll be in touch.",
  }),
  fields: [
    { key: "title", label: "Title", kind: "text" },
    {
      key: "fields",
      label: "Fields",
      kind: "list",
      itemLabel: "Field",
      blank: { name: "field", label: "Field", type: "text", required: false },
      item: [
        { key: "label", label: "Label", kind: "text" },
        { key: "name", label: "Name (letters, digits, _)", kind: "text" },
        {
          key: "type",
          label: "Type",
          kind: "select",
          options: ["text", "email", "tel", "textarea", "select", "checkbox"],
        },
        { key: "required", label: "Required", kind: "checkbox" },
        { key: "options", label: "Options (select, one per line)", kind: "lines" },
      ],
    },
    { key: "submitText", label: "Button text", kind: "text" },
    { key: "successMessage", label: "Thank-you message", kind: "textarea" },
    { key: "consentText", label: "Consent checkbox text (empty: no checkbox)", kind: "textarea" },
    { key: "consentRequired", label: "Consent required to submit", kind: "checkbox" },
    { key: "notifyOwner", label: "Email me each new lead", kind: "checkbox" },
    { key: "notifyEmails", label: "Also email (one address per line)", kind: "lines" },
    { key: "notifyMode", label: "Lead emails", kind: "select", options: ["instant", "digest"] },
    { key: "autoReply", label: "Send an automatic reply", kind: "checkbox" },
    { key: "autoReplySubject", label: "Reply subject ({{name}} etc.)", kind: "text" },
    { key: "autoReplyBody", label: "Reply text ({{name}} etc.)", kind: "textarea" },
    {
      key: "doubleOptIn",
      label: "Ask to confirm the subscription (double opt-in)",
      kind: "checkbox",
    },
  ],
  Render: ({ id, props: p }) => {
    // The select's placeholder is the site's own text: the page's language (content.locale).
    const choose = areaT(siteBlocks, useLocale())("site.choose");
    return (
      <section class="lh-section lh-alt" id={`form-${id}`}>
        <div class="lh-wrap lh-narrow">
          {p.title && <h2>{p.title}</h2>}
          <form class="lh-form" method="post" action={`/forms/${id}`}>
            {p.fields.map((f) => (
              <label key={f.name} class={f.type === "checkbox" ? "lh-check" : ""}>
                {f.type === "checkbox" && (
                  <input type="checkbox" name={f.name} value="yes" required={f.required} />
                )}
                <span>
                  {f.label}
                  {f.required && " *"}
                </span>
                {f.type === "textarea" && (
                  <textarea name={f.name} required={f.required} rows={4}></textarea>
                )}
                {f.type === "select" && (
                  <select name={f.name} required={f.required}>
                    <option value="">{choose}</option>
                    {(f.options ?? []).map((o) => <option key={o} value={o}>{o}</option>)}
                  </select>
                )}
                {["text", "email", "tel"].includes(f.type) && (
                  <input type={f.type} name={f.name} required={f.required} />
                )}
              </label>
            ))}
            {p.consentText && (
              <label class="lh-check">
                <input type="checkbox" name="_consent" value="yes" required={p.consentRequired} />
                <span>
                  {p.consentText}
                  {p.consentRequired && " *"}
                </span>
              </label>
            )}
            {/* Honeypot: hidden from people, filled in by bots. */}
            <input
              class="lh-hp"
              type="text"
              name="_hp"
              tabIndex={-1}
              autocomplete="off"
              aria-hidden="true"
            />
            <button class="lh-btn" type="submit">{p.submitText}</button>
          </form>
        </div>
      </section>
    );
  },
  css:
    `.lh-form{display:grid;gap:14px}.lh-form label{display:grid;gap:4px;font-weight:500}.lh-form input,.lh-form textarea,.lh-form select{font:inherit;padding:.7em .9em;border:1px solid color-mix(in srgb,var(--fg) 25%,transparent);border-radius:var(--r);background:var(--bg);color:var(--fg);width:100%}.lh-check{display:flex!important;align-items:center;gap:8px}.lh-check input{width:auto}.lh-hp{position:absolute;left:-9999px;width:1px;height:1px;opacity:0}`,
});
