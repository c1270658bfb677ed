// KV keys of uploaded images: metadata, the owner index and the byte chunks.
export const uploadKeys = {
  upload: (id: string) => ["uploads", id],
  uploadsByUser: (userId: string, id: string) => ["uploads_by_user", userId, id],
  uploadChunk: (id: string, n: number) => ["upload_chunks", id, n],
} as const;
