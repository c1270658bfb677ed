// Guard of every route under /admin: admins only (401 signed out, 403 for other users; an HTML
// request gets the sign-in redirect or the friendly 403 page from main.ts).
export { adminOnly as default } from "../../lib/http/session.ts";
