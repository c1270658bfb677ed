// The live room list island: the admin console's list on /admin/support, and (viewer "user") a
// user's own conversations on /support. See chat/RoomList.tsx.
import { RoomList, type RoomListProps } from "./chat/RoomList.tsx";

export default function AdminRoomList(props: RoomListProps) {
  return <RoomList {...props} />;
}
