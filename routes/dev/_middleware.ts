// /dev/*: pages for local development (the mailbox holds sign-in and reset links). Off unless
// DEV_PAGES=1, and even then only for a connection whose socket peer is loopback: a forwarded
// address (X-Forwarded-For) is never trusted here, TRUST_PROXY or not, since a proxy on this
// machine makes every request's socket peer loopback, and the header is the client's to write.
import type { MiddlewareHandler } from "hono";
import { config } from "../../lib/config.ts";
import { type AppEnv, notFound } from "../../lib/http/index.ts";

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export const devOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const peer = (c.env as { remoteAddr?: Deno.NetAddr } | undefined)?.remoteAddr?.hostname ?? "";
  // Behind a proxy on this machine the peer is loopback for everyone: any forwarding header
  // means the request came through one, so it is refused too.
  const forwarded = c.req.header("x-forwarded-for") !== undefined ||
    c.req.header("forwarded") !== undefined;
  if (!config().devPages || config().production || !LOOPBACK.test(peer) || forwarded) {
    throw notFound("Page");
  }
  await next();
};

export default devOnly;
