// /api/marketplace: listings (approved ones are public) and reviews.
import { Hono } from "hono";
import { type AppEnv, jsonBody, parseWith } from "../../lib/http.ts";
import {
  addReview,
  createListing,
  createListingSchema,
  getVisibleListing,
  listReviews,
  reviewSchema,
  searchListings,
  searchSchema,
} from "../../lib/marketplace.ts";
import { requireUser } from "../../lib/session.ts";

const app = new Hono<AppEnv>();

app.post("/", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, createListingSchema);
  return c.json({ listing: await createListing(user, input) }, 201);
});

app.get("/", async (c) => {
  const query = parseWith(searchSchema, c.req.query());
  return c.json(await searchListings(query));
});

app.get("/:id", async (c) => {
  return c.json({ listing: await getVisibleListing(c.req.param("id"), c.get("user")) });
});

app.post("/:id/reviews", async (c) => {
  const user = requireUser(c);
  const input = await jsonBody(c, reviewSchema);
  const { review, listing } = await addReview(user, c.req.param("id"), input);
  return c.json({ review, listing }, 201);
});

app.get("/:id/reviews", async (c) => {
  const listing = await getVisibleListing(c.req.param("id"), c.get("user"));
  return c.json({ items: await listReviews(listing.id), cursor: null });
});

export default app;
