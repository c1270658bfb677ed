// Renders page blocks to static HTML for published sites (and previews). Server-only: the html
// block arrives already sanitised by lib/sites/render.tsx.
import type { Block, BlockOf, Content } from "../lib/blocks.ts";

function Hero({ props: p }: BlockOf<"hero">) {
  return (
    <section class={`lh-hero lh-align-${p.align}`}>
      <div class="lh-wrap">
        <h1>{p.headline}</h1>
        {p.subheadline && <p class="lh-lead">{p.subheadline}</p>}
        {p.ctaText && <a class="lh-btn" href={p.ctaHref || "#"}>{p.ctaText}</a>}
        {p.image && <img class="lh-hero-img" src={p.image} alt="" loading="lazy" />}
      </div>
    </section>
  );
}

function Features({ props: p }: BlockOf<"features">) {
  return (
    <section class="lh-section">
      <div class="lh-wrap">
        {p.title && <h2>{p.title}</h2>}
        {p.subtitle && <p class="lh-sub">{p.subtitle}</p>}
        <div class={`lh-grid lh-cols-${p.columns}`}>
          {p.items.map((item, i) => (
            <div class="lh-card" key={i}>
              {item.icon && <div class="lh-icon">{item.icon}</div>}
              <h3>{item.title}</h3>
              {item.text && <p>{item.text}</p>}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}

function Pricing({ props: p }: BlockOf<"pricing">) {
  return (
    <section class="lh-section lh-alt">
      <div class="lh-wrap">
        {p.title && <h2>{p.title}</h2>}
        <div
          class={`lh-grid lh-cols-${Math.min(Math.max(p.plans.length, 1), 3)}`}
        >
          {p.plans.map((plan, i) => (
            <div
              class={`lh-card lh-plan${plan.highlighted ? " lh-featured" : ""}`}
              key={i}
            >
              <h3>{plan.name}</h3>
              <p class="lh-price">
                {plan.price}
                {plan.period && <span>/{plan.period}</span>}
              </p>
              <ul>{plan.features.map((f, j) => <li key={j}>{f}</li>)}</ul>
              {plan.ctaText && <a class="lh-btn" href={plan.ctaHref || "#"}>{plan.ctaText}</a>}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}

function Testimonials({ props: p }: BlockOf<"testimonials">) {
  return (
    <section class="lh-section">
      <div class="lh-wrap">
        {p.title && <h2>{p.title}</h2>}
        <div class="lh-grid lh-cols-3">
          {p.items.map((t, i) => (
            <figure class="lh-card lh-quote" key={i}>
              <blockquote>“{t.quote}”</blockquote>
              <figcaption>
                {t.avatar && (
                  <img
                    src={t.avatar}
                    alt=""
                    width={40}
                    height={40}
                    loading="lazy"
                  />
                )}
                <span>
                  <strong>{t.author}</strong>
                  {t.role && <small>{t.role}</small>}
                </span>
              </figcaption>
            </figure>
          ))}
        </div>
      </div>
    </section>
  );
}

function Faq({ props: p }: BlockOf<"faq">) {
  return (
    <section class="lh-section">
      <div class="lh-wrap lh-narrow">
        {p.title && <h2>{p.title}</h2>}
        {p.items.map((item, i) => (
          <details class="lh-faq" key={i}>
            <summary>{item.question}</summary>
            <p>{item.answer}</p>
          </details>
        ))}
      </div>
    </section>
  );
}

function Cta({ props: p }: BlockOf<"cta">) {
  return (
    <section class="lh-cta">
      <div class="lh-wrap">
        <h2>{p.headline}</h2>
        {p.text && <p>{p.text}</p>}
        {p.buttonText && (
          <a class="lh-btn lh-btn-light" href={p.buttonHref || "#"}>
            {p.buttonText}
          </a>
        )}
      </div>
    </section>
  );
}

function Image({ props: p }: BlockOf<"image">) {
  return (
    <section class="lh-section">
      <figure class={`lh-wrap lh-img-${p.width}`}>
        <img src={p.src} alt={p.alt} loading="lazy" />
        {p.caption && <figcaption>{p.caption}</figcaption>}
      </figure>
    </section>
  );
}

function Gallery({ props: p }: BlockOf<"gallery">) {
  return (
    <section class="lh-section">
      <div class="lh-wrap">
        {p.title && <h2>{p.title}</h2>}
        <div class="lh-gallery">
          {p.images.map((img, i) => <img key={i} src={img.src} alt={img.alt} loading="lazy" />)}
        </div>
      </div>
    </section>
  );
}

export function videoEmbedUrl(url: string): string | null {
  const yt = url.match(
    /(?:youtube\.com\/(?:watch\?v=|embed\/)|youtu\.be\/)([\w-]{6,20})/,
  );
  if (yt) return `https://www.youtube-nocookie.com/embed/${yt[1]}`;
  const vimeo = url.match(/vimeo\.com\/(?:video\/)?(\d{4,12})/);
  if (vimeo) return `https://player.vimeo.com/video/${vimeo[1]}`;
  return null;
}

function Video({ props: p }: BlockOf<"video">) {
  const src = videoEmbedUrl(p.url);
  return (
    <section class="lh-section">
      <div class="lh-wrap lh-narrow">
        {p.title && <h2>{p.title}</h2>}
        {src && (
          <div class="lh-video">
            <iframe
              src={src}
              title={p.title || "Video"}
              loading="lazy"
              allowFullScreen
            >
            </iframe>
          </div>
        )}
      </div>
    </section>
  );
}

function Form({ id, props: p }: BlockOf<"form">) {
  return (
    <section class="lh-section lh-alt" id={`form-${id}`}>
      <div class="lh-wrap lh-narrow">
        {p.title && <h2>{p.title}</h2>}
        <form class="lh-form" method="post" action={`/forms/${id}`}>
          {p.fields.map((f) => (
            <label key={f.name} class={f.type === "checkbox" ? "lh-check" : ""}>
              {f.type === "checkbox" && (
                <input
                  type="checkbox"
                  name={f.name}
                  value="yes"
                  required={f.required}
                />
              )}
              <span>
                {f.label}
                {f.required && " *"}
              </span>
              {f.type === "textarea" && (
                <textarea name={f.name} required={f.required} rows={4}>
                </textarea>
              )}
              {f.type === "select" && (
                <select name={f.name} required={f.required}>
                  <option value="">Choose…</option>
                  {(f.options ?? []).map((o) => <option key={o} value={o}>{o}</option>)}
                </select>
              )}
              {["text", "email", "tel"].includes(f.type) && (
                <input type={f.type} name={f.name} required={f.required} />
              )}
            </label>
          ))}
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
}

function Countdown({ props: p }: BlockOf<"countdown">) {
  // Published pages are rendered once, so the time left is filled in by COUNTDOWN_SCRIPT in the
  // browser; without script the reader still sees the moment itself.
  const at = new Date(p.target);
  const fallback = Date.now() < at.getTime()
    ? `Until ${
      at.toLocaleString("en-US", {
        dateStyle: "long",
        timeStyle: "short",
        timeZone: "UTC",
      })
    } UTC`
    : p.expiredText;
  return (
    <section class="lh-section lh-center">
      <div class="lh-wrap">
        {p.title && <h2>{p.title}</h2>}
        <p class="lh-countdown" data-target={p.target} data-expired={p.expiredText}>{fallback}</p>
      </div>
    </section>
  );
}

/** Ticks every countdown on the page; allowed by its hash in the sites' CSP. */
export const COUNTDOWN_SCRIPT =
  `(()=>{const p=n=>String(n).padStart(2,"0");const t=()=>{for(const e of document.querySelectorAll(".lh-countdown[data-target]")){const s=Math.floor((Date.parse(e.dataset.target)-Date.now())/1e3);if(!(s>0)){e.textContent=e.dataset.expired;continue}const d=Math.floor(s/86400);e.textContent=(d?d+"d ":"")+p(Math.floor(s%86400/3600))+"h "+p(Math.floor(s%3600/60))+"m "+p(s%60)+"s"}};t();setInterval(t,1e3)})()`;

function Html({ props: p }: BlockOf<"html">) {
  return (
    <section class="lh-section">
      <div
        class="lh-wrap lh-html"
        dangerouslySetInnerHTML={{ __html: p.html }}
      />
    </section>
  );
}

function Footer({ props: p }: BlockOf<"footer">) {
  return (
    <footer class="lh-footer">
      <div class="lh-wrap">
        {p.text && <p>{p.text}</p>}
        {p.links.length > 0 && (
          <nav>
            {p.links.map((l, i) => <a key={i} href={l.href}>{l.label}</a>)}
          </nav>
        )}
      </div>
    </footer>
  );
}

export function SiteBlock({ block }: { block: Block }) {
  switch (block.type) {
    case "hero":
      return <Hero {...block} />;
    case "features":
      return <Features {...block} />;
    case "pricing":
      return <Pricing {...block} />;
    case "testimonials":
      return <Testimonials {...block} />;
    case "faq":
      return <Faq {...block} />;
    case "cta":
      return <Cta {...block} />;
    case "image":
      return <Image {...block} />;
    case "gallery":
      return <Gallery {...block} />;
    case "video":
      return <Video {...block} />;
    case "form":
      return <Form {...block} />;
    case "countdown":
      return <Countdown {...block} />;
    case "html":
      return <Html {...block} />;
    case "footer":
      return <Footer {...block} />;
  }
}

export function SiteBody({ content }: { content: Content }) {
  return (
    <main>
      {content.blocks.map((b) => <SiteBlock key={b.id} block={b} />)}
    </main>
  );
}
