// Every route under /auth is public: signing in, registering, resetting and verifying are for
// people who are not signed in (yet).
export { publicRoute as default } from "../../lib/http/session.ts";
