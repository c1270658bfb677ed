// Guard of every route under /support: signed-in users only.
export { signedIn as default } from "../../lib/http/session.ts";
