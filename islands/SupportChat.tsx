// The conversation on /support and /admin/support.
import { type ChatRoomInfo, ChatRoomView } from "./chat/ChatRoomView.tsx";

export default function SupportChat(
  props: { room: ChatRoomInfo; asAdmin: boolean; since?: string },
) {
  return <ChatRoomView room={props.room} asAdmin={props.asAdmin} since={props.since} />;
}
