// Build the loader and the panel into dist/, deterministically, and enforce the size budgets.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const LOADER_BUDGET = 3 * 1024;
const PANEL_BUDGET = 60 * 1024;

const common = {
  bundle: true, minify: true, format: "iife", target: ["es2019"], legalComments: "none",
  logLevel: "warning", charset: "utf8",
};

await build({ ...common, entryPoints: ["src/loader/loader.js"], outfile: "dist/widget.js" });
await build({
  ...common, entryPoints: ["src/panel/main.jsx"], outfile: "dist/panel.js",
  jsx: "automatic", jsxImportSource: "preact",
  define: { "process.env.NODE_ENV": '"production"' },
});

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const loader = gz("dist/widget.js");
const panel = gz("dist/panel.js") + gz("dist/panel.css");
console.log(`widget.js ${loader} B gzipped (budget ${LOADER_BUDGET})`);
console.log(`panel.js + panel.css ${panel} B gzipped (budget ${PANEL_BUDGET})`);
if (loader > LOADER_BUDGET || panel > PANEL_BUDGET) {
  console.error("over budget");
  process.exit(1);
}
