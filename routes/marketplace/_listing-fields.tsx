// The listing's own fields, shared by the sell and edit forms (not a route: "_" files never are).
// They show what was typed last (after a refused post) and each error at its field.
import { fieldAria, FieldError } from "../../components/Form.tsx";
import { CATEGORIES, LICENCES, type Listing } from "../../lib/market/index.ts";
import { minorPerMajor, toMajorUnits } from "../../lib/format.ts";
import { categoryName, licenceName } from "../../components/ListingCard.tsx";
import { useT } from "../../lib/i18n/context.ts";

export const LISTING_CURRENCIES = ["usd", "eur", "gbp", "vnd", "thb"] as const;

/** A typed price ("12.50", "199000") in the currency's minor units (vnd has none); anything
 * else is left for the schema to refuse. */
export const priceInMinorUnits = (price: string | undefined, currency: string | undefined) =>
  Math.round(Number(price) * minorPerMajor(currency || "usd"));

/** The form's values as typed (strings), from a post or from a stored listing. */
export type ListingValues = Partial<
  Record<
    "pageId" | "title" | "description" | "category" | "price" | "currency" | "licence",
    string
  >
>;

/** Labels people read in error summaries (instead of `title`, `pageId`…). */
export const LISTING_LABELS: Record<string, string> = {
  pageId: "Page",
  title: "Title",
  description: "Description",
  category: "Category",
  price: "Price",
  currency: "Currency",
  licence: "Licence",
  images: "Images",
};

export function listingValues(listing: Listing): ListingValues {
  return {
    title: listing.title,
    description: listing.description,
    category: listing.category,
    price: String(toMajorUnits(listing.price, listing.currency)),
    currency: listing.currency,
    licence: listing.licence ?? "personal",
  };
}

export function ListingFields(
  { values = {}, errors = {}, currencyFixed = false }: {
    values?: ListingValues;
    errors?: Record<string, string>;
    /** An existing listing keeps its currency: shown, sent along, not chosen. */
    currencyFixed?: boolean;
  },
) {
  const t = useT();
  const currency = values.currency || "usd";
  const step = minorPerMajor(currency) === 1 ? "1" : "0.01";
  return (
    <>
      <label class="block">
        <span class="label">{t("market.field.title")}</span>
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
        <span class="label">{t("market.field.description")}</span>
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
          <span class="label">{t("market.field.category")}</span>
          <select class="input" name="category" {...fieldAria("category", errors.category)}>
            {CATEGORIES.map((cat) => (
              <option key={cat} value={cat} selected={cat === values.category}>
                {categoryName(t, cat)}
              </option>
            ))}
          </select>
          <FieldError name="category" error={errors.category} />
        </label>
        <label class="block">
          <span class="label">
            {t("market.field.price", { currency: currency.toUpperCase() })}
          </span>
          <input
            class="input"
            name="price"
            type="number"
            min="0"
            step={step}
            required
            value={values.price}
            {...fieldAria("price", errors.price)}
          />
          <FieldError name="price" error={errors.price} />
        </label>
        {currencyFixed
          ? <input type="hidden" name="currency" value={currency} />
          : (
            <label class="block">
              <span class="label">{t("market.field.currency")}</span>
              <select class="input" name="currency" {...fieldAria("currency", errors.currency)}>
                {LISTING_CURRENCIES.map((cur) => (
                  <option key={cur} value={cur} selected={cur === currency}>
                    {cur.toUpperCase()}
                  </option>
                ))}
              </select>
              <FieldError name="currency" error={errors.currency} />
            </label>
          )}
      </div>
      <fieldset class="space-y-1">
        <legend class="label">{t("market.field.licence")}</legend>
        {LICENCES.map((l) => (
          <label key={l} class="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="licence"
              value={l}
              checked={(values.licence || "personal") === l}
            />
            <span>
              <strong>{licenceName(t, l)}</strong>
              {t(l === "personal" ? "market.field.personal" : "market.field.commercial")}
            </span>
          </label>
        ))}
        <FieldError name="licence" error={errors.licence} />
      </fieldset>
    </>
  );
}
