// The admin console's room list, kept live: new rooms, new messages and status changes arrive
// over the admins' event stream.
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";

interface RoomRow {
  id: string;
  userName: string;
  subject: string;
  status: string;
  priority: string;
  unreadAdmin: number;
  lastMessage: string;
  lastMessageAt: string;
}

const ORDER: Record<string, number> = { high: 0, normal: 1, low: 2 };

export default function AdminRoomList(
  props: { rooms: RoomRow[]; selected: string | null; status: string },
) {
  const rooms = useSignal(props.rooms);
  useEffect(() => {
    const source = new EventSource("/api/admin/chat/events");
    source.addEventListener("room", (e) => {
      const room: RoomRow = JSON.parse((e as MessageEvent).data);
      const others = rooms.value.filter((r) => r.id !== room.id);
      const keep = !props.status || room.status === props.status;
      rooms.value = (keep ? [room, ...others] : others).sort((a, b) =>
        (ORDER[a.priority] ?? 1) - (ORDER[b.priority] ?? 1) ||
        b.lastMessageAt.localeCompare(a.lastMessageAt)
      );
    });
    return () => source.close();
  }, []);
  return (
    <nav class="space-y-2" aria-label="Conversations" data-testid="admin-rooms">
      {rooms.value.length === 0 && <p class="text-sm text-slate-500">No conversations.</p>}
      {rooms.value.map((r) => (
        <a
          key={r.id}
          href={`/admin/support?room=${r.id}`}
          data-room-id={r.id}
          class={`card block p-3 text-sm ${r.id === props.selected ? "ring-2 ring-brand-500" : ""}`}
        >
          <span class="flex justify-between gap-2">
            <strong class="truncate">{r.userName}: {r.subject}</strong>
            {r.unreadAdmin > 0 && <span class="badge bg-red-600 text-white">{r.unreadAdmin}</span>}
          </span>
          <span class="badge mt-1 bg-slate-100">{r.status.replace("_", " ")} · {r.priority}</span>
          <span class="block truncate text-slate-500">{r.lastMessage}</span>
        </a>
      ))}
    </nav>
  );
}
