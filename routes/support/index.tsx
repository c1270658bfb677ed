// /support: a signed-in user's conversations with support (the admins' side: routes/admin/).
import { Hono } from "hono";
import { Island } from "../../components/Island.tsx";
import SupportChat from "../../islands/SupportChat.tsx";
import AdminRoomList from "../../islands/AdminRoomList.tsx";
import { openSupportRoom } from "../../lib/ai/assistant.ts";
import { getRoomFor, listRooms } from "../../lib/chat/index.ts";
import { type AppEnv, formBody } from "../../lib/http/index.ts";
import { newId } from "../../lib/kv/index.ts";
import { page } from "../../components/render.tsx";
import { requireUser } from "../../lib/http/session.ts";
import { NewConversationFields } from "../../islands/chat/NewConversationFields.tsx";
import { subjectFrom } from "../../islands/chat/subject.ts";
import { t as translate, translator } from "../../lib/i18n/index.ts";

const app = new Hono<AppEnv>();

app.get("/", async (c) => {
  const user = requireUser(c);
  // The live islands replay what changes after this cursor, so it is taken before the reads.
  const since = newId();
  // The newest 50 rooms; an older one asked for by ?room= is read on its own.
  const { items: rooms } = await listRooms(user, {}, { limit: 50 });
  const wanted = c.req.query("room");
  const current = rooms.find((r) => r.id === wanted) ??
    (wanted ? await getRoomFor(user, wanted).catch(() => undefined) : undefined) ?? rooms[0];
  const t = translator(c.get("locale"));
  return page(
    c,
    { title: t("market.support.title"), active: "/support" },
    (
      <div class="grid gap-6 md:grid-cols-3">
        <aside class="space-y-4">
          <h1 class="text-2xl font-semibold">{t("market.support.title")}</h1>
          <form method="post" action="/support" class="card space-y-2 p-4">
            <p class="text-sm font-medium">{t("market.support.start")}</p>
            <NewConversationFields />
            <button class="btn btn-primary w-full" type="submit">
              {t("market.support.startChat")}
            </button>
          </form>
          <Island
            c={AdminRoomList}
            props={{ rooms, selected: current?.id ?? null, viewer: "user" as const, since }}
          />
        </aside>
        <section class="card overflow-hidden md:col-span-2">
          {current
            ? (
              <Island
                c={SupportChat}
                props={{
                  room: {
                    id: current.id,
                    subject: current.subject,
                    status: current.status,
                    rated: !!current.rating,
                  },
                  asAdmin: false,
                  since,
                }}
              />
            )
            : (
              <p class="p-8 text-slate-500" data-testid="support-empty">
                {t("market.support.empty")}
              </p>
            )}
        </section>
      </div>
    ),
  );
});

app.post("/", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const message = (form.message ?? "").trim().slice(0, 4000);
  if (!message) return c.redirect("/support", 303);
  // The subject is optional, as in the chat widget: the first words of the question otherwise.
  const { room } = await openSupportRoom(user, {
    subject: (form.subject ?? "").trim().slice(0, 200) ||
      subjectFrom(message, 8, 60, translate(c.get("locale"), "chat.new.fallbackSubject")),
    message,
  });
  return c.redirect(`/support?room=${room.id}`, 303);
});

export default app;
