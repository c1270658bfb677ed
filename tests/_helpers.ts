// deno-lint-ignore-file no-explicit-any -- test replies are loosely typed JSON
// Test fixture: a real server on a random port over an in-memory KV, and an HTTP client with a
// cookie jar. Host-routed requests (published sites) go through node:http, since fetch() always
// sends the URL's own Host.
import http from "node:http";
import { type RunningServer, startServer } from "../main.ts";
import { unsettledJobs } from "../lib/queue/index.ts";

export interface TestServer extends RunningServer {
  client: () => Client;
  sitesDomain: string;
}

export async function startTestServer(
  env: Record<string, string> = {},
): Promise<TestServer> {
  const running = await startServer({
    PORT: "0",
    HOSTNAME: "127.0.0.1",
    DENO_KV_PATH: ":memory:",
    SCRYPT_LOG_N: "10",
    // Request lines are info; tests keep warnings and errors only (tests/ops_test.ts asks for info).
    LOG_LEVEL: "warn",
    SEED_DEMO: "0",
    SCREENSHOTS: "0",
    // Most tests make many accounts, messages and uploads from one address; the tests of these
    // limits switch them back on.
    REGISTER_RATE_PER_10MIN: "0",
    CHAT_RATE_PER_MINUTE: "0",
    UPLOAD_RATE_PER_MINUTE: "0",
    ...env,
  }, { quiet: true });
  return {
    ...running,
    sitesDomain: running.config.sitesDomain,
    client: () => new Client(running.origin),
  };
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class Client {
  cookies = new Map<string, string>();
  token: string | null = null;
  constructor(public origin: string) {}

  async request<T = any>(
    method: string,
    path: string,
    opts: {
      json?: unknown;
      body?: BodyInit;
      headers?: Record<string, string>;
      bearer?: boolean;
    } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = {
      origin: this.origin,
      ...opts.headers,
    };
    if (this.cookies.size) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join(
        "; ",
      );
    }
    if (this.token && opts.bearer !== false) {
      headers.authorization = `Bearer ${this.token}`;
    }
    let body = opts.body;
    if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    }
    const res = await fetch(this.origin + path, {
      method,
      headers,
      body,
      redirect: "manual",
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const [name, ...rest] = pair.split("=");
      const value = rest.join("=");
      if (!value || attrs.some((a) => /max-age=0/i.test(a.trim()))) {
        this.cookies.delete(name.trim());
      } else this.cookies.set(name.trim(), value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if (res.headers.get("content-type")?.includes("application/json")) {
      parsed = JSON.parse(text);
    }
    return {
      status: res.status,
      headers: res.headers,
      body: parsed as T,
      text,
    };
  }

  get<T = any>(path: string, opts = {}) {
    return this.request<T>("GET", path, opts);
  }
  post<T = any>(
    path: string,
    json?: unknown,
    opts: { headers?: Record<string, string> } = {},
  ) {
    return this.request<T>("POST", path, { json: json ?? {}, ...opts });
  }
  put<T = any>(path: string, json: unknown) {
    return this.request<T>("PUT", path, { json });
  }
  patch<T = any>(path: string, json: unknown) {
    return this.request<T>("PATCH", path, { json });
  }
  delete<T = any>(path: string) {
    return this.request<T>("DELETE", path);
  }

  /** Every item of a paged list route, following its cursor 100 at a time. */
  async all<T = any>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const url = `${path}${sep}limit=100` +
        (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
      const body: { items: T[]; cursor: string | null } = (await this.get(url)).body;
      items.push(...body.items);
      cursor = body.cursor;
    } while (cursor);
    return items;
  }

  /** Register and keep the access token for Bearer auth. */
  async register(
    email = `u${crypto.randomUUID().slice(0, 8)}@example.com`,
    name = "Test User",
  ) {
    const res = await this.post("/api/auth/register", {
      email,
      password: "password123",
      name,
    });
    if (res.status !== 201) {
      throw new Error(`register failed: ${res.status} ${res.text}`);
    }
    this.token = res.body.accessToken;
    return res.body.user as {
      id: string;
      email: string;
      name: string;
      role: string;
    };
  }

  async login(email: string, password: string) {
    const res = await this.post("/api/auth/login", { email, password });
    if (res.status !== 200) {
      throw new Error(`login failed: ${res.status} ${res.text}`);
    }
    this.token = res.body.accessToken;
    return res.body.user;
  }
}

const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";

/**
 * A request with an explicit Host header (for {slug}.{SITES_DOMAIN}), as a browser sends it (a
 * request without a User-Agent is no visitor); a header set to undefined is left out.
 */
export function hostRequest(
  port: number,
  host: string,
  path: string,
  opts: { method?: string; body?: string; headers?: Record<string, string | undefined> } = {},
): Promise<
  { status: number; headers: http.IncomingHttpHeaders; text: string }
> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      path,
      method: opts.method ?? "GET",
      headers: Object.fromEntries(
        Object.entries({ host, "user-agent": BROWSER_UA, ...opts.headers })
          .filter(([, v]) => v !== undefined),
      ) as Record<string, string>,
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => text += chunk);
      res.on(
        "end",
        () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }),
      );
    });
    req.on("error", reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

type SseEvent = { id?: string; event: string; data: any };

/**
 * Read server-sent events from a streaming response until `until` returns true. Running out of
 * time (or the stream ending first) fails the test, with the events seen so far in the message.
 */
export async function readEvents(
  res: Response,
  until: (events: SseEvent[]) => boolean,
  timeoutMs = 3000,
): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  const deadline = Date.now() + timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    while (!until(events)) {
      const left = deadline - Date.now();
      const chunk = left <= 0 ? null : await Promise.race([
        reader.read(),
        new Promise<null>((r) => timer = setTimeout(() => r(null), left)),
      ]);
      clearTimeout(timer);
      if (!chunk || chunk.done) {
        throw new Error(
          `${chunk ? "the stream ended" : `no matching event within ${timeoutMs} ms`}; ` +
            `events seen: ${JSON.stringify(events).slice(0, 2000)}`,
        );
      }
      buf += chunk.value;
      let idx;
      while ((idx = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, idx);
        buf = buf.slice(idx + 2);
        const ev: SseEvent = { event: "message", data: null };
        let isEvent = false;
        for (const line of block.split("\n")) {
          if (line.startsWith("id: ")) ev.id = line.slice(4);
          else if (line.startsWith("event: ")) ev.event = line.slice(7);
          else if (line.startsWith("data: ")) {
            ev.data = JSON.parse(line.slice(6));
            isEvent = true;
          }
        }
        if (isEvent) events.push(ev);
      }
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
  return events;
}

/**
 * Poll until `check` returns a truthy value (background jobs finish asynchronously). Running out
 * of time fails the test, with the last error `check` threw, if any.
 */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
      last = undefined;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`, { cause: last });
}

/** A support room `who` opens by asking for a person, once the assistant has handed it over. */
export async function roomWaitingForAdmin(who: Client, subject: string): Promise<string> {
  const room = (await who.post("/api/chat/rooms", {
    subject,
    message: "I want to talk to a human",
  })).body.room;
  await eventually(async () =>
    (await who.get(`/api/chat/rooms/${room.id}`)).body.room.status === "waiting_admin"
  );
  return room.id;
}

/**
 * Wait until every job of `type` (or with these ids) has settled — succeeded or failed its last
 * attempt, retries included — so that what such a job did NOT do can be asserted. Fails on
 * timeout.
 */
export async function jobsSettled(
  of: { type: string } | { ids: string[] },
  timeoutMs = 5000,
): Promise<void> {
  await eventually(async () => (await unsettledJobs(of)) === 0, timeoutMs);
}
