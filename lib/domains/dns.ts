// The DNS checks of a custom domain: the TXT record that proves control (required) and the CNAME
// that routes traffic here (advisory: an apex cannot have a CNAME, ALIAS/ANAME or A records do the
// same job, so its absence is reported but never blocks verification).
import { config } from "../config.ts";

export interface DnsCheck {
  txt: "ok" | "missing" | "wrong_value";
  /** The TXT values found at the name (to show what is there instead). */
  txtFound: string[];
  cname: "ok" | "missing" | "elsewhere";
  cnameFound: string | null;
}

const TIMEOUT_MS = 5000;

function resolverOptions(): Deno.ResolveDnsOptions {
  const opts: Deno.ResolveDnsOptions = { signal: AbortSignal.timeout(TIMEOUT_MS) };
  const ns = config().dnsNameserver;
  if (ns) {
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(ns);
    opts.nameServer = m ? { ipAddr: m[1], port: Number(m[2]) } : { ipAddr: ns, port: 53 };
  }
  return opts;
}

async function lookup<T>(run: () => Promise<T[]>): Promise<T[]> {
  try {
    return await run();
  } catch (err) {
    // No such name / no record of that type: an answer, not a failure.
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
}

/** Ask DNS about `hostname`: is `_landinghub.<hostname>` TXT = `value`, does it CNAME to `target`? */
export async function checkDns(
  hostname: string,
  value: string,
  sitesDomain: string,
): Promise<DnsCheck> {
  const [txt, cname] = await Promise.all([
    lookup(() => Deno.resolveDns(`_landinghub.${hostname}`, "TXT", resolverOptions())),
    lookup(() => Deno.resolveDns(hostname, "CNAME", resolverOptions())),
  ]);
  // A TXT record may come in 255-byte chunks: its value is their concatenation.
  const txtFound = txt.map((chunks) => chunks.join(""));
  const target = cname[0]?.toLowerCase().replace(/\.$/, "") ?? null;
  return {
    txt: txtFound.includes(value) ? "ok" : txtFound.length ? "wrong_value" : "missing",
    txtFound,
    cname: target === null
      ? "missing"
      : target === sitesDomain || target.endsWith("." + sitesDomain)
      ? "ok"
      : "elsewhere",
    cnameFound: target,
  };
}
