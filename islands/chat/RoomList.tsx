// A live list of support rooms: the admin console's (every room, by priority then latest message)
// and a user's own on /support (latest message first). Each change to a room (a new message, an
// unread count, its status, assignee, priority or tags) arrives as a `room` snapshot on the page's
// shared stream and moves the room to its place.
import { useSignal } from "@preact/signals";
import { useLive } from "./live.ts";
import { useAreaT } from "../../lib/i18n/area.ts";
import { chat } from "../../lib/i18n/areas/chat.ts";
import { priorityLabel, statusLabel } from "./labels.ts";

export interface RoomRow {
  id: string;
  userName: string;
  adminId?: string | null;
  subject: string;
  status: string;
  priority: string;
  unreadAdmin: number;
  unreadUser: number;
  lastMessage: string;
  lastMessageAt: string;
}

export interface RoomListProps {
  rooms: RoomRow[];
  selected: string | null;
  /** Whose list: the admin console's, or the signed-in user's own rooms. */
  viewer: "admin" | "user";
  /** Admin filters: only rooms with this status / assigned to this admin. */
  status?: string;
  assignedTo?: string | null;
  /** A cursor from when the page was rendered: changes after it are replayed. */
  since?: string;
}

export const STATUS_COLORS: Record<string, string> = {
  open: "bg-sky-100 text-sky-800",
  waiting_admin: "bg-amber-100 text-amber-800",
  assigned: "bg-violet-100 text-violet-800",
  resolved: "bg-slate-100 text-slate-600",
};

const PRIORITY: Record<string, number> = { high: 0, normal: 1, low: 2 };

export function sortRooms(rooms: RoomRow[], viewer: "admin" | "user"): RoomRow[] {
  return [...rooms].sort((a, b) =>
    (viewer === "admin" ? (PRIORITY[a.priority] ?? 1) - (PRIORITY[b.priority] ?? 1) : 0) ||
    b.lastMessageAt.localeCompare(a.lastMessageAt) || (a.id < b.id ? 1 : -1)
  );
}

export function RoomList(props: RoomListProps) {
  const t = useAreaT(chat);
  const rooms = useSignal(props.rooms);
  const admin = props.viewer === "admin";
  useLive(["rooms"], {
    room: (room: RoomRow) => {
      const others = rooms.value.filter((r) => r.id !== room.id);
      const keep = (!props.status || room.status === props.status) &&
        (!props.assignedTo || room.adminId === props.assignedTo);
      rooms.value = sortRooms(keep ? [room, ...others] : others, props.viewer);
    },
  }, { since: props.since });
  const href = (id: string) => `${admin ? "/admin/support" : "/support"}?room=${id}`;
  return (
    <nav
      class="space-y-2"
      aria-label={t("chat.rooms.label")}
      data-testid={admin ? "admin-rooms" : "user-rooms"}
    >
      {
        /* A user's empty /support says so once, in the conversation pane; the admin console's
          filters can leave the list empty, which it says here. */
      }
      {rooms.value.length === 0 && admin && (
        <p class="text-sm text-slate-500">{t("chat.rooms.empty")}</p>
      )}
      {rooms.value.map((r) => {
        // The open conversation is being read, so it shows no unread badge.
        const unread = r.id === props.selected ? 0 : admin ? r.unreadAdmin : r.unreadUser;
        return (
          <a
            key={r.id}
            href={href(r.id)}
            data-room-id={r.id}
            data-status={r.status}
            aria-current={r.id === props.selected ? "page" : undefined}
            class={`card block p-3 text-sm ${
              r.id === props.selected ? "ring-2 ring-brand-500" : ""
            }`}
          >
            <span class="flex justify-between gap-2">
              <strong class="truncate">{admin ? `${r.userName}: ${r.subject}` : r.subject}</strong>
              {unread > 0 && (
                <span class="badge bg-red-600 text-white" data-testid="room-unread">{unread}</span>
              )}
            </span>
            <span
              class={`badge mt-1 ${STATUS_COLORS[r.status] ?? "bg-slate-100"}`}
              data-testid="room-list-status"
            >
              {statusLabel(t, r.status)}
              {admin && ` · ${priorityLabel(t, r.priority)}`}
            </span>
            <span class="block truncate text-slate-500" data-testid="room-last-message">
              {r.lastMessage}
            </span>
          </a>
        );
      })}
    </nav>
  );
}
