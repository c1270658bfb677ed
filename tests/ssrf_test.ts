// The SSRF guard of webhook URLs, without any network: the address classifier, URL checks with a
// stubbed resolver (private answers are refused, public ones kept), and that a delivery connects
// to the address the guard checked rather than resolving the name again (on loopback only).
import assert from "node:assert/strict";
import { blockedReason, checkWebhookUrl, type Resolver } from "../lib/integrations/ssrf.ts";
import { postSigned } from "../lib/integrations/deliver.ts";
import { AppError } from "../lib/http/index.ts";

/** A resolver that answers from a table and records what it was asked (never the network). */
function stub(table: Record<string, string[]>) {
  const asked: string[] = [];
  const resolve: Resolver = (host, type) => {
    asked.push(`${host}/${type}`);
    const all = table[host] ?? [];
    return Promise.resolve(all.filter((a) => (type === "A") === !a.includes(":")));
  };
  return { resolve, asked };
}

async function refused(url: string, resolve: Resolver): Promise<string> {
  try {
    await checkWebhookUrl(url, { allowPrivate: false, resolve });
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.status, 422);
    return err.fields!.url;
  }
  throw new Error(`${url} was accepted`);
}

Deno.test("the address classifier refuses every private, local and special range", () => {
  const blocked = [
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.10",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.255",
    "127.0.0.1",
    "127.255.0.9",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "febf::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.1.2.3",
    "::ffff:169.254.169.254",
    "[::ffff:192.168.0.1]",
    "64:ff9b::a00:1",
    "2002:7f00:1::",
    "::127.0.0.1",
  ];
  for (const a of blocked) assert.ok(blockedReason(a), `${a} should be refused`);
  const open = [
    "8.8.8.8",
    "1.1.1.1",
    "172.15.255.255",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "169.253.0.1",
    "2606:4700::1111",
    "2a00:1450:4007::200e",
    "::ffff:8.8.8.8",
  ];
  for (const a of open) assert.equal(blockedReason(a), null, `${a} should be allowed`);
  assert.ok(blockedReason("not-an-ip"));
  assert.ok(blockedReason("1.2.3"));
  assert.ok(blockedReason("1:2:3"));
});

Deno.test("URLs whose host resolves to a private address are refused (stubbed DNS)", async () => {
  const dns = stub({
    "ten.example": ["10.1.2.3"],
    "rfc1918.example": ["172.20.0.5"],
    "home.example": ["192.168.0.10"],
    "metadata.example": ["169.254.169.254"],
    "cgnat.example": ["100.64.10.1"],
    "ula.example": ["fc00::5"],
    "ll6.example": ["fe80::1"],
    "mixed.example": ["93.184.216.34", "10.0.0.1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "public.example": ["93.184.216.34", "2606:2800:220:1::1"],
  });
  for (
    const host of [
      "ten",
      "rfc1918",
      "home",
      "metadata",
      "cgnat",
      "ula",
      "ll6",
      "mixed",
      "mapped",
    ]
  ) {
    assert.match(await refused(`https://${host}.example/hook`, dns.resolve), /resolves to/);
  }
  assert.match(await refused("https://nowhere.example/hook", dns.resolve), /could not be found/);
  const ok = await checkWebhookUrl("https://public.example/hook", {
    allowPrivate: false,
    resolve: dns.resolve,
  });
  assert.deepEqual(ok.addresses, ["93.184.216.34", "2606:2800:220:1::1"]);
  assert.ok(dns.asked.includes("public.example/A") && dns.asked.includes("public.example/AAAA"));
});

Deno.test("loopback spellings, localhost names and other schemes are refused before DNS", async () => {
  const dns = stub({});
  for (
    const url of [
      "http://127.0.0.1/",
      "http://127.1/",
      "http://2130706433/",
      "http://0x7f.1/",
      "http://0177.0.0.1/",
      "http://0.0.0.0:8080/",
      "http://0/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[0:0:0:0:0:ffff:7f00:1]/",
      "http://localhost/",
      "http://LOCALHOST./",
      "http://foo.localhost/",
      "http://169.254.169.254/latest/meta-data",
      "http://[fe80::1]/",
      "http://[fd00::1]/",
    ]
  ) await refused(url, dns.resolve);
  assert.deepEqual(dns.asked, [], "no lookups for literal addresses and local names");
  for (const url of ["ftp://8.8.8.8/", "file:///etc/passwd", "javascript:alert(1)", "nonsense"]) {
    assert.match(await refused(url, dns.resolve), /http|full URL/);
  }
  assert.match(await refused("https://user:pw@8.8.8.8/", dns.resolve), /Credentials/);
  // Public literals are fine, and the override lets anything http(s) through (tests, local dev).
  assert.deepEqual(
    (await checkWebhookUrl("https://8.8.8.8/h", { allowPrivate: false, resolve: dns.resolve }))
      .addresses,
    ["8.8.8.8"],
  );
  await checkWebhookUrl("http://127.0.0.1:9/", { allowPrivate: true, resolve: dns.resolve });
  await assert.rejects(checkWebhookUrl("ftp://127.0.0.1/", { allowPrivate: true }));
});

Deno.test("a delivery connects to the checked address, not to what the URL's name says", async () => {
  // The receiver listens on 127.0.0.1 only; the URL names 127.0.0.2. The request arrives because
  // the connection goes to the checked address, and the Host header keeps the URL's name.
  let host = "";
  const receiver = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    host = req.headers.get("host") ?? "";
    return new Response("ok");
  });
  try {
    const url = new URL(`http://127.0.0.2:${receiver.addr.port}/hook`);
    const res = await postSigned(url, ["127.0.0.1"], { "content-type": "text/plain" }, "x", 2000);
    assert.equal(res.ok, true, res.error ?? "");
    assert.equal(host, `127.0.0.2:${receiver.addr.port}`);
  } finally {
    await receiver.shutdown();
  }
});
