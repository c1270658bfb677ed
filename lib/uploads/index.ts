// Binary blobs (image uploads, listing thumbnails) stored in KV in 60 KB chunks, since a KV
// value is capped at 64 KiB. Served at /uploads/:id with long-lived caching (ids never change).
import { keys, kv, newId, nowIso } from "../kv/index.ts";
import { AppError } from "../http/index.ts";
import { hit, quotas, reserveQuota, rules } from "../http/rate-limit.ts";

export interface UploadMeta {
  id: string;
  ownerId: string | null;
  contentType: string;
  size: number;
  chunks: number;
  createdAt: string;
}

const CHUNK = 60_000;
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const SIGNATURES: [string, number[]][] = [
  ["image/png", [0x89, 0x50, 0x4e, 0x47]],
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["image/gif", [0x47, 0x49, 0x46, 0x38]],
  ["image/webp", [0x52, 0x49, 0x46, 0x46]],
];

/** The image type from the file's first bytes (the declared type is not trusted). */
export function sniffImageType(bytes: Uint8Array): string | null {
  for (const [type, sig] of SIGNATURES) {
    if (sig.every((b, i) => bytes[i] === b)) {
      if (type === "image/webp" && String.fromCharCode(...bytes.slice(8, 12)) !== "WEBP") continue;
      return type;
    }
  }
  return null;
}

export async function saveBlob(
  bytes: Uint8Array,
  contentType: string,
  ownerId: string | null,
): Promise<UploadMeta> {
  const meta: UploadMeta = {
    id: newId(),
    ownerId,
    contentType,
    size: bytes.length,
    chunks: Math.ceil(bytes.length / CHUNK),
    createdAt: nowIso(),
  };
  // Chunks first (several commits for large files), the metadata last: a blob is visible only
  // once complete.
  for (let i = 0; i < meta.chunks; i += 10) {
    const op = kv().atomic();
    for (let j = i; j < Math.min(i + 10, meta.chunks); j++) {
      op.set(keys.uploadChunk(meta.id, j), bytes.slice(j * CHUNK, (j + 1) * CHUNK));
    }
    await op.commit();
  }
  const op = kv().atomic().set(keys.upload(meta.id), meta);
  if (ownerId) op.set(keys.uploadsByUser(ownerId, meta.id), meta.id);
  await op.commit();
  return meta;
}

export async function saveImageUpload(file: File, ownerId: string): Promise<UploadMeta> {
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new AppError(413, "payload_too_large", "Images can be up to 5 MB");
  }
  await hit(rules.upload(), ownerId);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffImageType(bytes);
  if (!type) {
    throw new AppError(422, "validation_failed", "Upload a PNG, JPEG, GIF or WebP image", {
      file: "not an image",
    });
  }
  const giveBack = await reserveQuota(quotas.uploadBytes(), ownerId, bytes.length);
  return await saveBlob(bytes, type, ownerId).catch(async (err) => {
    await giveBack();
    throw err;
  });
}

export async function readBlob(
  id: string,
): Promise<{ meta: UploadMeta; bytes: Uint8Array } | null> {
  const meta = (await kv().get<UploadMeta>(keys.upload(id))).value;
  if (!meta) return null;
  const bytes = new Uint8Array(new ArrayBuffer(meta.size));
  for (let i = 0; i < meta.chunks; i += 10) {
    const ks = [];
    for (let j = i; j < Math.min(i + 10, meta.chunks); j++) ks.push(keys.uploadChunk(id, j));
    const entries = await kv().getMany<Uint8Array[]>(ks);
    entries.forEach((e, k) => e.value && bytes.set(e.value, (i + k) * CHUNK));
  }
  return { meta, bytes };
}

export async function serveBlob(id: string): Promise<Response> {
  const blob = /^[0-9A-Z]{26}$/.test(id) ? await readBlob(id) : null;
  if (!blob) return new Response("Not found", { status: 404 });
  return new Response(blob.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": blob.meta.contentType,
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
