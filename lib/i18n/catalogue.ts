// The shape every catalogue must have: exactly the English keys, a plural message where English
// has one. Annotating vi and th with it makes a missing or extra key a type error.
import type { en } from "./en.ts";

/** Plural forms by Intl.PluralRules category; `other` is always required. */
export type Plural = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
export type MessageKey = keyof typeof en;
export type Catalogue = {
  [K in MessageKey]: (typeof en)[K] extends string ? string : Plural;
};
