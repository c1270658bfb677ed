// /auth/*: sign-in pages that work without JavaScript (plain form posts), and GitHub sign-in.
// One file per form; this router mounts them under /auth (routes/manifest.ts).
import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/index.ts";
import login from "./login.tsx";
import register from "./register.tsx";
import reset from "./reset.tsx";
import verify from "./verify.tsx";
import github from "./github.tsx";

const app = new Hono<AppEnv>();
app.route("/", login);
app.route("/", register);
app.route("/", reset);
app.route("/", verify);
app.route("/", github);

export default app;
