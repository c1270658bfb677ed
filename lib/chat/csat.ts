// CSAT: the room's own user (or guest) rates a resolved conversation once, 1–5 with an optional
// comment. The rating is stored on the room in the room's version-checked commit (so two
// concurrent ratings cannot both land), and added to KV sum counters overall and for the room's
// agent in the same commit, so the dashboard's average is one small range read.
import { z } from "zod";
import { getUser } from "../auth/index.ts";
import { conflict, forbidden } from "../http/index.ts";
import { addToCounter, counterValue, keys, kv, nowIso } from "../kv/index.ts";
import { addEvent } from "../realtime/index.ts";
import { DASHBOARD_TOPIC } from "../realtime/topics.ts";
import { type ChatViewer, commitRoom, getRoomFor } from "./rooms.ts";

export const ratingSchema = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});

export async function rateRoom(
  viewer: ChatViewer,
  roomId: string,
  input: z.infer<typeof ratingSchema>,
) {
  const room = await getRoomFor(viewer, roomId);
  if (room.userId !== viewer.id) throw forbidden("Only the conversation's own user can rate it");
  const { room: rated } = await commitRoom(
    roomId,
    (r) => {
      if (r.rating) throw conflict("already_rated", "This conversation has already been rated");
      if (r.status !== "resolved") {
        throw conflict("not_resolved", "A conversation can be rated once it is resolved");
      }
      const rating = { score: input.score, comment: input.comment ?? "", at: nowIso() };
      return { ...r, rating: { ...rating, adminId: r.adminId } };
    },
    null,
    (op, r) => {
      for (const scope of r.adminId ? ["all", r.adminId] : ["all"]) {
        addToCounter(op, keys.csat(scope, "sum"), input.score);
        addToCounter(op, keys.csat(scope, "count"), 1);
      }
      addEvent(op, DASHBOARD_TOPIC, "stats_changed", { csat: input.score });
    },
  );
  return rated.rating!;
}

export interface CsatFigure {
  average: number | null;
  count: number;
}

export interface CsatStats extends CsatFigure {
  byAgent: (CsatFigure & { adminId: string; name: string })[];
}

const figure = (v?: { sum: number; count: number }): CsatFigure => ({
  count: v?.count ?? 0,
  average: v?.count ? Math.round((v.sum / v.count) * 100) / 100 : null,
});

/** The average rating and count, overall and per agent (the admin the rated room was with). */
export async function readCsat(): Promise<CsatStats> {
  const scopes = new Map<string, { sum: number; count: number }>();
  for await (const e of kv().list<Deno.KvU64>({ prefix: keys.csatAll() }, { limit: 2000 })) {
    const [, scope, part] = e.key as [string, string, "sum" | "count"];
    const v = scopes.get(scope) ?? { sum: 0, count: 0 };
    v[part] = counterValue(e.value);
    scopes.set(scope, v);
  }
  const agents = [...scopes.keys()].filter((s) => s !== "all");
  const users = await Promise.all(agents.map((id) => getUser(id)));
  return {
    ...figure(scopes.get("all")),
    byAgent: agents.map((adminId, i) => ({
      adminId,
      name: users[i]?.name ?? "Former admin",
      ...figure(scopes.get(adminId)),
    })).sort((a, b) => b.count - a.count),
  };
}
