// Guard of every route under /conversations: signed-in page owners.
export { signedIn as default } from "../../lib/http/session.ts";
