// Messages of the signed-in seller's pages: dashboard, pages list, analytics, experiments, domains, integrations, campaigns, sales, orders, account, checkout.
// Keys start with "seller."; English first, then Vietnamese and Thai with the same keys (see ../area.ts).
import { defineArea } from "../area.ts";

export const seller = defineArea({
  en: {},
  vi: {},
  th: {},
});
