// Images in chat: a message may carry up to four images uploaded first through the upload store
// (POST /api/uploads: size and type checked by their bytes there). A message names them by id;
// each must be an image uploaded by the poster, so nobody can attach someone else's file.
import { invalid } from "../http/index.ts";
import { keys, kv } from "../kv/index.ts";
import type { UploadMeta } from "../uploads/index.ts";
import type { ChatViewer, Message } from "./rooms.ts";

export type Attachment = NonNullable<Message["attachments"]>[number];

export async function resolveAttachments(
  viewer: ChatViewer,
  ids: string[] | undefined,
): Promise<Attachment[] | undefined> {
  if (!ids?.length) return undefined;
  if (viewer.role === "guest") {
    throw invalid("Sign in to attach images", { attachments: "not for guests" });
  }
  const metas = await kv().getMany<UploadMeta[]>([...new Set(ids)].map((id) => keys.upload(id)));
  return metas.map((e, i) => {
    const meta = e.value;
    if (!meta || meta.ownerId !== viewer.id || !meta.contentType.startsWith("image/")) {
      throw invalid("Attach images you uploaded", { [`attachments.${i}`]: "unknown image" });
    }
    return { id: meta.id, url: `/uploads/${meta.id}`, contentType: meta.contentType };
  });
}
