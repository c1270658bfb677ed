// Graceful shutdown of the HTTP server. Deno's server.shutdown() stops accepting and waits for
// responses, but cuts the body of a request still being received (its handler fails reading it:
// an upload in flight would end in a 500). So shutdown first turns new requests away (503,
// Connection: close, Retry-After) while the handlers already running finish, and only then
// closes the listener.
import { AppError, errorBody } from "../http/index.ts";
import { fromAcceptLanguage } from "../i18n/index.ts";

type Handler = (
  req: Request,
  info: Deno.ServeHandlerInfo<Deno.NetAddr>,
) => Response | Promise<Response>;

export class Drain {
  /** Handlers running now (a streamed response's handler has returned: not counted). */
  running = 0;
  draining = false;

  /** `handler`, counted; while draining, new requests get a 503 instead. */
  track(handler: Handler): Handler {
    return (req, info) => {
      if (this.draining) {
        return Response.json(
          errorBody(
            new AppError(503, "shutting_down", "The server is restarting, try again"),
            fromAcceptLanguage(req.headers.get("accept-language")) ?? "en",
          ),
          { status: 503, headers: { "retry-after": "1", connection: "close" } },
        );
      }
      this.running++;
      let res;
      try {
        res = handler(req, info);
      } catch (err) {
        this.running--;
        throw err;
      }
      if (!(res instanceof Promise)) {
        this.running--;
        return res;
      }
      return res.finally(() => this.running--);
    };
  }

  /** Turns new requests away and waits (at most `ms`) for running handlers; true when done. */
  async settle(ms: number): Promise<boolean> {
    this.draining = true;
    const deadline = Date.now() + ms;
    while (this.running > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.running === 0;
  }
}
