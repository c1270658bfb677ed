// /conversations: the page owner's inbox of questions from their pages' support widget.
import { Hono } from "hono";
import { Island } from "../../components/Island.tsx";
import { page } from "../../components/render.tsx";
import Conversations from "../../islands/Conversations.tsx";
import { listOwnerRooms } from "../../lib/chat/index.ts";
import type { AppEnv } from "../../lib/http/index.ts";
import { requireUser } from "../../lib/http/session.ts";
import { t } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  const { items } = await listOwnerRooms(user.id, { limit: 50 });
  const wanted = c.req.query("room");
  const selected = items.find((r) => r.id === wanted)?.id ?? items[0]?.id ?? null;
  const locale = c.get("locale");
  const rooms = items.map((r) => ({
    id: r.id,
    userName: r.userName,
    subject: r.subject,
    lastMessage: r.lastMessage,
    lastMessageAt: r.lastMessageAt,
    site: r.site ? { slug: r.site.slug } : undefined,
  }));
  return page(
    c,
    { title: t(locale, "chat.inbox.title"), active: "/conversations" },
    (
      <div class="space-y-4">
        <h1 class="text-2xl font-semibold">{t(locale, "chat.inbox.title")}</h1>
        <p class="text-sm text-slate-600">{t(locale, "chat.inbox.intro")}</p>
        <Island c={Conversations} props={{ rooms, selected }} />
      </div>
    ),
  );
});

export default app;
