// Video: a YouTube (no-cookie) or Vimeo player.
import * as z from "zod/mini";
import { defineBlock, or, text } from "./kit.tsx";

export function videoEmbedUrl(url: string): string | null {
  const yt = url.match(/(?:youtube\.com\/(?:watch\?v=|embed\/)|youtu\.be\/)([\w-]{6,20})/);
  if (yt) return `https://www.youtube-nocookie.com/embed/${yt[1]}`;
  const vimeo = url.match(/vimeo\.com\/(?:video\/)?(\d{4,12})/);
  if (vimeo) return `https://player.vimeo.com/video/${vimeo[1]}`;
  return null;
}

export default defineBlock({
  type: "video",
  label: "Video",
  icon: "▶",
  category: "media",
  schema: z.object({
    url: z.string().check(
      z.maxLength(500),
      z.refine(
        (v) =>
          v === "" ||
          /^https:\/\/(www\.)?(youtube\.com|youtu\.be|player\.vimeo\.com|vimeo\.com)\//i
            .test(v),
        "Use a YouTube or Vimeo link",
      ),
    ),
    title: or(text(200), ""),
  }),
  defaults: () => ({
    title: "See it in action",
    url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  }),
  fields: [
    { key: "title", label: "Title", kind: "text" },
    { key: "url", label: "YouTube or Vimeo link", kind: "url" },
  ],
  Render: ({ props: p }) => {
    const src = videoEmbedUrl(p.url);
    return (
      <section class="lh-section">
        <div class="lh-wrap lh-narrow">
          {p.title && <h2>{p.title}</h2>}
          {src && (
            <div class="lh-video">
              <iframe src={src} title={p.title || "Video"} loading="lazy" allowFullScreen>
              </iframe>
            </div>
          )}
        </div>
      </section>
    );
  },
  css:
    `.lh-video{position:relative;padding-top:56.25%}.lh-video iframe{position:absolute;inset:0;width:100%;height:100%;border:0;border-radius:var(--r)}`,
});
