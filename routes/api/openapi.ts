// GET /api/openapi.json and /api/docs: the API as the mounted routes say it is. Routes come from
// routes/manifest.ts (read at request time: this module is itself in the manifest); the request
// body schemas below are the ones the routes parse with (a route's inline schema is written out
// here in the same shape). tests/ops_test.ts fails when an /api route is missing.
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../lib/http/index.ts";
import { publicRoute } from "../../lib/http/session.ts";
import { type ApiRoute, buildOpenApi, renderDocsHtml } from "../../lib/ops/openapi.ts";
import { registerSchema } from "../../lib/auth/index.ts";
import { createPageSchema, updatePageSchema } from "../../lib/pages/index.ts";
import { leadPatchSchema } from "../../lib/leads/index.ts";
import {
  createListingSchema,
  replySchema,
  reviewSchema,
  sellerProfileSchema,
  updateListingSchema,
} from "../../lib/market/index.ts";
import { markPaidSchema, payoutDetailsSchema, payoutSchema } from "../../lib/payments/index.ts";
import {
  cannedSchema,
  createRoomSchema,
  guestClaimSchema,
  guestStartSchema,
  messageSchema,
  officeHoursSchema,
  ratingSchema,
  roomPatchSchema,
  snoozeSchema,
  widgetMessageSchema,
  widgetStartSchema,
} from "../../lib/chat/index.ts";
import { faqSchema } from "../../lib/chat/faqs.ts";
import { userPatchSchema } from "../../lib/admin/index.ts";
import { manifest } from "../manifest.ts";
import { deleteAccountSchema } from "./account.ts";
import { adminDeleteSchema } from "./admin/users.ts";
import {
  createExperimentSchema,
  promoteSchema,
  variantContentSchema,
} from "../../lib/experiments/index.ts";
import { campaignInputSchema } from "../../lib/campaigns/index.ts";
import { paymentSchema } from "./payment.ts";
import { discountSchema } from "../../lib/market/discounts.ts";

const id = z.string().min(1).max(40);

/** "METHOD /api/pattern" → the zod schema of its JSON body. */
const bodies: Record<string, z.ZodType> = {
  "POST /api/auth/register": registerSchema,
  "POST /api/auth/login": z.object({ email: z.string().max(254), password: z.string().max(200) }),
  "POST /api/auth/refresh": z.object({ refreshToken: z.string().max(200).optional() }),
  "POST /api/auth/reset/request": z.object({ email: z.string().max(254) }),
  "POST /api/auth/reset": z.object({ token: z.string().max(200), password: z.string() }),
  "POST /api/pages": createPageSchema,
  "PUT /api/pages/:id": updatePageSchema,
  "POST /api/pages/:id/revisions/:revId/restore": z.object({ version: z.number().int().min(1) }),
  "PATCH /api/pages/:id/leads/:leadId": leadPatchSchema,
  "POST /api/marketplace": createListingSchema,
  "PUT /api/marketplace/:id": updateListingSchema,
  "POST /api/marketplace/:id/reviews": reviewSchema,
  "PUT /api/marketplace/:id/reviews/mine": reviewSchema,
  "POST /api/payment/create": paymentSchema,
  "POST /api/marketplace/:id/discounts": discountSchema,
  "POST /api/seller/discounts": discountSchema,
  "PUT /api/marketplace/:id/reviews/:reviewId/reply": replySchema,
  "PUT /api/sellers/me": sellerProfileSchema,
  "POST /api/payouts": payoutSchema,
  "PUT /api/payouts/details": payoutDetailsSchema,
  "POST /api/admin/payouts/:id/paid": markPaidSchema,
  "POST /api/chat/rooms": createRoomSchema,
  "POST /api/chat/rooms/:id/messages": messageSchema,
  "POST /api/chat/rooms/:id/rating": ratingSchema,
  "POST /api/chat/guest": guestStartSchema,
  "POST /api/sites/:slug/chat": widgetStartSchema,
  "POST /api/sites/:slug/chat/messages": widgetMessageSchema,
  "POST /api/conversations/:id/messages": widgetMessageSchema,
  "POST /api/admin/chat/rooms/:id/snooze": snoozeSchema,
  "PUT /api/admin/chat/office-hours": officeHoursSchema,
  "POST /api/chat/guest/claim": guestClaimSchema,
  "POST /api/admin/canned-replies": cannedSchema,
  "PUT /api/admin/canned-replies/:id": cannedSchema,
  "POST /api/notifications/read": z.object({ upTo: id }),
  "PATCH /api/admin/users/:id": userPatchSchema,
  "DELETE /api/admin/users/:id": adminDeleteSchema,
  "PATCH /api/admin/chat/rooms/:id": roomPatchSchema,
  "POST /api/admin/chat/rooms/:id/assign": z.object({ adminId: id.optional() }),
  "POST /api/admin/marketplace/:id/reject": z.object({ reason: z.string().min(3).max(1000) }),
  "POST /api/admin/faqs": faqSchema,
  "PUT /api/admin/faqs/:id": faqSchema,
  "DELETE /api/account": deleteAccountSchema,
  "POST /api/pages/:id/experiments": createExperimentSchema,
  "POST /api/pages/:id/experiments/:eid/promote": promoteSchema,
  "PUT /api/pages/:id/experiments/:eid/variants/:vid": variantContentSchema,
  "POST /api/campaigns": campaignInputSchema,
  "PUT /api/campaigns/:id": campaignInputSchema,
  "POST /api/campaigns/preview": campaignInputSchema,
};

/** Every /api route of the mounted routers. */
export function apiRoutes(): ApiRoute[] {
  const out: ApiRoute[] = [];
  for (const { prefix, router } of manifest) {
    for (const r of router.routes) {
      const path = prefix + (r.path === "/" ? "" : r.path);
      if (path.startsWith("/api/")) out.push({ method: r.method, path });
    }
  }
  return out;
}

let cached: ReturnType<typeof buildOpenApi> | null = null;
const doc = () =>
  cached ??= buildOpenApi(apiRoutes(), bodies, { title: "LandingHub", version: "1" });

const app = new Hono<AppEnv>();

app.get("/openapi.json", publicRoute, (c) => c.json(doc()));
app.get("/docs", publicRoute, (c) =>
  c.html(renderDocsHtml(doc()), 200, {
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  }));

export default app;
