// Guard of every route under /api/pages: signed-in users only.
export { signedIn as default } from "../../../lib/http/session.ts";
