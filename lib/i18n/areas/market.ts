// Messages of the public side: marketplace, listing, storefront, cart, test gateways (VNPay, MoMo, Stripe), auth pages, support page, email links pages.
// Keys start with "market."; English first, then Vietnamese and Thai with the same keys (see ../area.ts).
import { defineArea } from "../area.ts";

export const market = defineArea({
  en: {},
  vi: {},
  th: {},
});
