// /support for users, /admin/support and /admin/faqs for admins.
import { Hono } from "hono";
import { Alert } from "../components/Form.tsx";
import { Island } from "../components/Island.tsx";
import SupportChat from "../islands/SupportChat.tsx";
import AdminRoomList from "../islands/AdminRoomList.tsx";
import { openSupportRoom } from "../lib/ai/assistant.ts";
import {
  assignRoom,
  getRoomFor,
  listRooms,
  patchRoom,
  reopenRoom,
  resolveRoom,
} from "../lib/chat/index.ts";
import { deleteFaq, faqSchema, listFaqs, saveFaq } from "../lib/chat/faqs.ts";
import { type AppEnv, formAction, formBody, parseWith } from "../lib/http/index.ts";
import { newId } from "../lib/kv/index.ts";
import { page } from "../components/render.tsx";
import { requireAdmin, requireUser } from "../lib/http/session.ts";
import { AdminNav } from "../components/AdminNav.tsx";
import { NewConversationFields } from "../islands/chat/NewConversationFields.tsx";
import { subjectFrom } from "../islands/chat/subject.ts";

const app = new Hono<AppEnv>();

app.get("/support", async (c) => {
  const user = requireUser(c);
  // The live islands replay what changes after this cursor, so it is taken before the reads.
  const since = newId();
  const rooms = await listRooms(user, {});
  const current = rooms.find((r) => r.id === c.req.query("room")) ?? rooms[0];
  return page(
    c,
    { title: "Support", active: "/support" },
    (
      <div class="grid gap-6 md:grid-cols-3">
        <aside class="space-y-4">
          <h1 class="text-2xl font-semibold">Support</h1>
          <form method="post" action="/support" class="card space-y-2 p-4">
            <p class="text-sm font-medium">Start a new conversation</p>
            <NewConversationFields />
            <button class="btn btn-primary w-full" type="submit">Start chat</button>
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
                  room: { id: current.id, subject: current.subject, status: current.status },
                  asAdmin: false,
                  since,
                }}
              />
            )
            : (
              <p class="p-8 text-slate-500" data-testid="support-empty">
                No conversations yet. Start one with your question: our assistant answers right
                away, and a person from our team is one message away.
              </p>
            )}
        </section>
      </div>
    ),
  );
});

app.post("/support", async (c) => {
  const user = requireUser(c);
  const form = await formBody(c);
  const message = (form.message ?? "").trim().slice(0, 4000);
  if (!message) return c.redirect("/support", 303);
  // The subject is optional, as in the chat widget: the first words of the question otherwise.
  const { room } = await openSupportRoom(user, {
    subject: (form.subject ?? "").trim().slice(0, 200) || subjectFrom(message),
    message,
  });
  return c.redirect(`/support?room=${room.id}`, 303);
});

app.get("/admin/support", async (c) => {
  const admin = requireAdmin(c);
  const status = c.req.query("status") ?? "";
  const since = newId();
  const assignedToMe = c.req.query("assigned") === "me";
  const rooms = await listRooms(admin, {
    status: status || undefined,
    assigned: c.req.query("assigned"),
  });
  const current = c.req.query("room") ? await getRoomFor(admin, c.req.query("room")!) : rooms[0];
  return page(
    c,
    { title: "Support console", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/support" />
        <div class="flex flex-wrap gap-2 text-sm">
          {["", "waiting_admin", "open", "assigned", "resolved"].map((s) => (
            <a
              key={s}
              href={`/admin/support?status=${s}`}
              class={`btn ${status === s ? "btn-primary" : "btn-secondary"} !py-1`}
            >
              {s ? s.replace("_", " ") : "All"}
            </a>
          ))}
          <a href="/admin/support?assigned=me" class="btn btn-secondary !py-1">Assigned to me</a>
        </div>
        <div class="grid gap-6 md:grid-cols-3">
          <Island
            c={AdminRoomList}
            props={{
              rooms,
              selected: current?.id ?? null,
              viewer: "admin" as const,
              status,
              assignedTo: assignedToMe ? admin.id : null,
              since,
            }}
          />
          {/* With no rooms the room list says so, once; this pane stays empty. */}
          <section class="space-y-3 md:col-span-2">
            {current
              ? (
                <>
                  <div class="card flex flex-wrap items-center gap-2 p-3 text-sm">
                    <strong>{current.userName}</strong>
                    {/* the status is shown live in the conversation's header below */}
                    <span class="badge bg-slate-100">{current.priority}</span>
                    <span class="ml-auto flex flex-wrap gap-2">
                      <form method="post" action={`/admin/support/${current.id}/assign`}>
                        <button type="submit" class="btn btn-secondary !py-1" data-testid="assign">
                          Assign to me
                        </button>
                      </form>
                      {current.status === "resolved"
                        ? (
                          <form method="post" action={`/admin/support/${current.id}/reopen`}>
                            <button type="submit" class="btn btn-secondary !py-1">Reopen</button>
                          </form>
                        )
                        : (
                          <form method="post" action={`/admin/support/${current.id}/resolve`}>
                            <button type="submit" class="btn btn-secondary !py-1">Resolve</button>
                          </form>
                        )}
                    </span>
                    <form
                      method="post"
                      action={`/admin/support/${current.id}/tags`}
                      class="flex w-full gap-2"
                    >
                      <input
                        class="input !py-1"
                        name="tags"
                        value={current.tags.join(", ")}
                        placeholder="tags, comma separated"
                      />
                      <select class="input !py-1 max-w-32" name="priority">
                        {["low", "normal", "high"].map((p) => (
                          <option key={p} value={p} selected={p === current.priority}>{p}</option>
                        ))}
                      </select>
                      <button class="btn btn-secondary !py-1" type="submit">Save</button>
                    </form>
                  </div>
                  <div class="card overflow-hidden">
                    <Island
                      c={SupportChat}
                      props={{
                        room: {
                          id: current.id,
                          subject: current.subject,
                          status: current.status,
                          userName: current.userName,
                        },
                        asAdmin: true,
                        since,
                      }}
                    />
                  </div>
                </>
              )
              : null}
          </section>
        </div>
      </div>
    ),
  );
});

const back = (id: string) => `/admin/support?room=${id}`;

app.post("/admin/support/:id/assign", async (c) => {
  const admin = requireAdmin(c);
  await assignRoom(admin, c.req.param("id"), admin.id, admin.name);
  return c.redirect(back(c.req.param("id")), 303);
});
app.post("/admin/support/:id/resolve", async (c) => {
  await resolveRoom(requireAdmin(c), c.req.param("id"));
  return c.redirect(back(c.req.param("id")), 303);
});
app.post("/admin/support/:id/reopen", async (c) => {
  await reopenRoom(requireAdmin(c), c.req.param("id"));
  return c.redirect(back(c.req.param("id")), 303);
});
app.post("/admin/support/:id/tags", async (c) => {
  const form = await formBody(c);
  const tags = (form.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean).slice(0, 10).map((
    t,
  ) => t.slice(0, 30));
  const priority = (["low", "normal", "high"] as const).find((p) => p === form.priority);
  await patchRoom(requireAdmin(c), c.req.param("id"), { tags, priority });
  return c.redirect(back(c.req.param("id")), 303);
});

app.get("/admin/faqs", async (c) => {
  requireAdmin(c);
  const faqs = await listFaqs({ raw: true });
  const FaqFields = (p: { faq?: (typeof faqs)[number] }) => (
    <>
      <input
        class="input"
        name="question"
        value={p.faq?.question}
        placeholder="Question"
        required
        minLength={5}
        maxLength={300}
      />
      <textarea
        class="input"
        name="answer"
        rows={3}
        required
        minLength={5}
        maxLength={4000}
        placeholder="Answer"
      >
        {p.faq?.answer}
      </textarea>
      <div class="flex gap-2">
        <input
          class="input"
          name="category"
          value={p.faq?.category ?? "general"}
          placeholder="Category"
        />
        <input
          class="input"
          name="tags"
          value={p.faq?.tags.join(", ")}
          placeholder="tags, comma separated"
        />
      </div>
    </>
  );
  return page(
    c,
    { title: "FAQ", active: "/admin" },
    (
      <div class="space-y-4">
        <AdminNav active="/admin/faqs" />
        {c.req.query("error") && <Alert kind="error">{c.req.query("error")}</Alert>}
        <form method="post" action="/admin/faqs" class="card space-y-2 p-4">
          <h2 class="font-semibold">New entry</h2>
          <FaqFields />
          <button class="btn btn-primary" type="submit">Add</button>
        </form>
        {faqs.map((f) => (
          <details key={f.id} class="card p-4">
            <summary class="cursor-pointer font-medium">
              {f.question} <span class="badge bg-slate-100">{f.category}</span>
            </summary>
            <form method="post" action={`/admin/faqs/${f.id}`} class="mt-3 space-y-2">
              <FaqFields faq={f} />
              <div class="flex gap-2">
                <button class="btn btn-primary" type="submit">Save</button>
                <button
                  class="btn btn-danger"
                  type="submit"
                  formaction={`/admin/faqs/${f.id}/delete`}
                >
                  Delete
                </button>
              </div>
            </form>
          </details>
        ))}
      </div>
    ),
  );
});

function faqFromForm(form: Record<string, string>) {
  return parseWith(faqSchema, {
    question: form.question,
    answer: form.answer,
    category: form.category || "general",
    tags: (form.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean),
  });
}

app.post("/admin/faqs", async (c) => {
  const admin = requireAdmin(c);
  const form = await formBody(c);
  return await formAction(c, "/admin/faqs", () => saveFaq(admin, faqFromForm(form)));
});
app.post("/admin/faqs/:id", async (c) => {
  const admin = requireAdmin(c);
  const form = await formBody(c);
  return await formAction(
    c,
    "/admin/faqs",
    () => saveFaq(admin, faqFromForm(form), c.req.param("id")),
  );
});
app.post("/admin/faqs/:id/delete", async (c) => {
  const admin = requireAdmin(c);
  return await formAction(c, "/admin/faqs", () => deleteFaq(admin, c.req.param("id")));
});

export default app;
