// /api/marketplace: listings (approved ones are public) and reviews.
import { Hono } from "hono";
import { etag } from "hono/etag";
import { z } from "zod";
import { type AppEnv, jsonBody, parseWith } from "../../lib/http/index.ts";
import { pageParams } from "../../lib/kv/index.ts";
import {
  addReview,
  createListing,
  editReview,
  getVisibleListing,
  hasLiked,
  listingViews,
  listReviewsPage,
  newListingSchema,
  replyToReview,
  searchListings,
  searchSchema,
  setLike,
  updateListing,
  withdrawListing,
} from "../../lib/market/index.ts";
import { publicRoute, requireUser, signedIn } from "../../lib/http/session.ts";
import { createDiscount, discountSchema } from "../../lib/market/discounts.ts";

const app = new Hono<AppEnv>();

// Public lists that change rarely: a client revalidates with If-None-Match and gets a 304.
app.use("*", etag());

app.post("/", signedIn, async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, newListingSchema);
  return c.json({ listing: await createListing(user, input) }, 201);
});

/**
 * A result page as JSON with its ETag, made once per page: lib/market hands out the same page
 * object until a listing or seller changes, so a browse costs no serializing or hashing per
 * request (the etag middleware keeps an ETag that is already set).
 */
const serialized = new WeakMap<object, Promise<{ body: string; etag: string }>>();
function asJson(page: object) {
  let ready = serialized.get(page);
  if (!ready) {
    const body = JSON.stringify(page);
    ready = crypto.subtle.digest("SHA-1", new TextEncoder().encode(body)).then((hash) => ({
      body,
      etag: `"${
        Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join("")
      }"`,
    }));
    serialized.set(page, ready);
  }
  return ready;
}

app.get("/", publicRoute, async (c) => {
  const query = parseWith(searchSchema, c.req.query());
  const { body, etag } = await asJson(await searchListings(query));
  c.header("etag", etag);
  return c.body(body, 200, { "content-type": "application/json" });
});

app.get("/:id", publicRoute, async (c) => {
  const viewer = c.get("user");
  const listing = await getVisibleListing(c.req.param("id"), viewer);
  const [views, liked] = await Promise.all([
    listingViews(listing.id),
    viewer ? hasLiked(viewer.id, listing.id) : false,
  ]);
  return c.json({ listing, views, liked });
});

app.put("/:id", signedIn, async (c) => {
  const user = requireUser(c);
  const body = await jsonBody(c, z.record(z.string(), z.unknown()));
  return c.json({ listing: await updateListing(user, c.req.param("id"), body) });
});

app.delete("/:id", signedIn, async (c) => {
  const user = requireUser(c);
  return c.json({ listing: await withdrawListing(user, c.req.param("id")) });
});

app.post("/:id/reviews", signedIn, async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, z.record(z.string(), z.unknown()));
  const { review, listing } = await addReview(user, c.req.param("id"), input);
  return c.json({ review, listing }, 201);
});

app.put("/:id/reviews/mine", signedIn, async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, z.record(z.string(), z.unknown()));
  return c.json(await editReview(user, c.req.param("id"), input));
});

// Likes: a signed-in user's heart. POST likes, DELETE unlikes; both idempotent.
app.post("/:id/like", signedIn, async (c) => {
  return c.json(await setLike(requireUser(c), c.req.param("id"), true));
});

app.delete("/:id/like", signedIn, async (c) => {
  return c.json(await setLike(requireUser(c), c.req.param("id"), false));
});

// The seller's one reply to a review (PUT again edits it).
app.put("/:id/reviews/:reviewId/reply", signedIn, async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, z.record(z.string(), z.unknown()));
  return c.json(await replyToReview(user, c.req.param("id"), c.req.param("reviewId"), input));
});

app.get("/:id/reviews", publicRoute, async (c) => {
  const page = pageParams(c.req.query());
  const listing = await getVisibleListing(c.req.param("id"), c.get("user"));
  return c.json(await listReviewsPage(listing.id, page));
});

// A seller's discount code for one of their listings (seller-wide codes: /api/seller/discounts).
app.post("/:id/discounts", signedIn, async (c) => {
  const input = await jsonBody(c, discountSchema);
  return c.json({ discount: await createDiscount(requireUser(c), c.req.param("id"), input) }, 201);
});

export default app;
