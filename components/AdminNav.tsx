// The admin consoles' sub-navigation.
const LINKS = [
  ["/admin", "Dashboard"],
  ["/admin/users", "Users"],
  ["/admin/marketplace", "Marketplace"],
  ["/admin/orders", "Orders"],
  ["/admin/payouts", "Payouts"],
  ["/admin/support", "Support"],
  ["/admin/faqs", "FAQ"],
  ["/admin/audit", "Audit log"],
  ["/admin/outbox", "Email outbox"],
];

/** `heading`: false on consoles that show an h1 of their own (one h1 per page). */
export function AdminNav({ active, heading = true }: { active: string; heading?: boolean }) {
  const label = LINKS.find(([href]) => href === active)?.[1];
  return (
    <>
      {heading && label && <h1 class="sr-only">{label}</h1>}
      <nav class="flex flex-wrap gap-1 border-b border-slate-200 pb-3 text-sm" aria-label="Admin">
        {LINKS.map(([href, label]) => (
          <a
            key={href}
            href={href}
            class={`rounded-md px-3 py-1.5 ${
              active === href ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"
            }`}
            aria-current={active === href ? "page" : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
    </>
  );
}
