// The listing's own fields, shared by the sell and edit forms (not a route: "_" files never are).
// They show what was typed last (after a refused post) and each error at its field.
import { fieldAria, FieldError } from "../../components/Form.tsx";
import { CATEGORIES, categoryLabel, type Listing } from "../../lib/market/index.ts";

/** The form's values as typed (strings), from a post or from a stored listing. */
export type ListingValues = Partial<
  Record<"pageId" | "title" | "description" | "category" | "price", string>
>;

/** Labels people read in error summaries (instead of `title`, `pageId`…). */
export const LISTING_LABELS: Record<string, string> = {
  pageId: "Page",
  title: "Title",
  description: "Description",
  category: "Category",
  price: "Price",
  currency: "Currency",
  images: "Images",
};

export function listingValues(listing: Listing): ListingValues {
  return {
    title: listing.title,
    description: listing.description,
    category: listing.category,
    price: (listing.price / 100).toFixed(2),
  };
}

export function ListingFields(
  { values = {}, errors = {} }: { values?: ListingValues; errors?: Record<string, string> },
) {
  return (
    <>
      <label class="block">
        <span class="label">Title</span>
        <input
          class="input"
          name="title"
          required
          minLength={3}
          maxLength={120}
          value={values.title}
          {...fieldAria("title", errors.title)}
        />
        <FieldError name="title" error={errors.title} />
      </label>
      <label class="block">
        <span class="label">Description</span>
        <textarea
          class="input"
          name="description"
          rows={4}
          required
          minLength={10}
          maxLength={4000}
          {...fieldAria("description", errors.description)}
        >
          {values.description}
        </textarea>
        <FieldError name="description" error={errors.description} />
      </label>
      <div class="grid grid-cols-2 gap-4">
        <label class="block">
          <span class="label">Category</span>
          <select class="input" name="category" {...fieldAria("category", errors.category)}>
            {CATEGORIES.map((cat) => (
              <option key={cat} value={cat} selected={cat === values.category}>
                {categoryLabel(cat)}
              </option>
            ))}
          </select>
          <FieldError name="category" error={errors.category} />
        </label>
        <label class="block">
          <span class="label">Price (USD)</span>
          <input
            class="input"
            name="price"
            type="number"
            min="1"
            step="0.01"
            required
            value={values.price}
            {...fieldAria("price", errors.price)}
          />
          <FieldError name="price" error={errors.price} />
        </label>
      </div>
    </>
  );
}
