// POST /api/uploads (multipart, field `file`); the files are served by routes/uploads.ts.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type AppEnv, AppError, invalid } from "../../lib/http/index.ts";
import { MAX_UPLOAD_BYTES, saveImageUpload } from "../../lib/uploads/index.ts";
import { requireUser } from "../../lib/http/session.ts";

export const uploadsApi = new Hono<AppEnv>();

uploadsApi.post(
  "/",
  bodyLimit({
    maxSize: MAX_UPLOAD_BYTES + 64 * 1024,
    onError: () => {
      throw new AppError(413, "payload_too_large", "Images can be up to 5 MB");
    },
  }),
  async (c) => {
    const user = requireUser(c);
    let file: unknown;
    try {
      file = (await c.req.parseBody())["file"];
    } catch {
      throw new AppError(400, "bad_request", "Send the image as multipart/form-data");
    }
    if (!(file instanceof File)) {
      throw invalid("Attach an image in the `file` field", { file: "required" });
    }
    const meta = await saveImageUpload(file, user.id);
    return c.json({
      url: `/uploads/${meta.id}`,
      id: meta.id,
      size: meta.size,
      contentType: meta.contentType,
    }, 201);
  },
);

export default uploadsApi;
