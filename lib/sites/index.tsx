// Kept so imports of the old path still resolve; the surface is lib/sites/index.ts.
export * from "./index.ts";
