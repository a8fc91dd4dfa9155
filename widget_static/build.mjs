// Build the loader and the panel into the package (helpwidget/widget/dist, so a wheel carries
// them) with brotli and gzip variants, deterministically, and enforce the size budgets.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

// The environment may lower a budget (tests/test_widget_bundle.py proves the build fails).
// The loader's budget is brotli bytes (what browsers fetch); its gzip budget stays for the others.
const LOADER_BUDGET = Number(process.env.HELPWIDGET_LOADER_BUDGET || 2 * 1024);
const LOADER_GZIP_BUDGET = Number(process.env.HELPWIDGET_LOADER_GZIP_BUDGET || 3 * 1024);
const PANEL_BUDGET = Number(process.env.HELPWIDGET_PANEL_BUDGET || 60 * 1024);

// HELPWIDGET_WIDGET_OUT builds elsewhere (tests build copies without touching the package).
const OUT = process.env.HELPWIDGET_WIDGET_OUT || "../helpwidget/widget/dist";
// The advisor console's script and styles, served from the console's static folder.
const CONSOLE_OUT = process.env.HELPWIDGET_CONSOLE_OUT ||
  (process.env.HELPWIDGET_WIDGET_OUT ? `${OUT}/../console` : "../helpwidget/console/static/dist");

const common = {
  bundle: true, minify: true, format: "iife", target: ["es2019"], legalComments: "none",
  logLevel: "warning", charset: "utf8",
};

// The loader's frame script first: the loader names it with its content hash (as the server
// computes it), so it is cached for good; the two share their state's names ("_" at the end).
// Their short names are kept from build to build (mangle-cache.json, committed): a host page may
// still hold the previous loader for minutes after a deploy while it fetches the new frame script.
const MANGLE = "src/loader/mangle-cache.json";
const names = existsSync(MANGLE) ? JSON.parse(readFileSync(MANGLE, "utf8")) : {};
const frame = await build({ ...common, entryPoints: ["src/loader/frame.js"],
  outfile: `${OUT}/widget-frame.js`, mangleProps: /_$/, mangleCache: names });
const frameHash = createHash("sha256").update(readFileSync(`${OUT}/widget-frame.js`)).digest("hex");
const loaderBuild = await build({ ...common, entryPoints: ["src/loader/loader.js"], outfile: `${OUT}/widget.js`,
  mangleProps: /_$/, mangleCache: frame.mangleCache,
  define: { FRAME_URL: JSON.stringify(`/widget/assets/widget-frame.js?v=${frameHash.slice(0, 16)}`) } });
writeFileSync(MANGLE, `${JSON.stringify(Object.fromEntries(Object.entries(loaderBuild.mangleCache).sort()), null, 1)}\n`);
// The panel is an ES module in chunks (panel-<name>-<hash>.js, served as immutable): the views
// other than the menu, and socket.io-client, load when first needed. An older build's chunks go.
const CHUNK = /^panel-\w+-[A-Z0-9]{8}\.js(\.br|\.gz)?$/;
for (const name of readdirSync(OUT)) if (CHUNK.test(name)) unlinkSync(`${OUT}/${name}`);
const panelBuild = await build({
  ...common, format: "esm", splitting: true, entryPoints: { panel: "src/panel/main.jsx" }, outdir: OUT,
  chunkNames: "panel-[name]-[hash]", metafile: true, jsx: "automatic", jsxImportSource: "preact",
  define: { "process.env.NODE_ENV": '"production"' },
});
const outputs = panelBuild.metafile.outputs;
const chunks = Object.keys(outputs).map((path) => basename(path)).filter((name) => CHUNK.test(name)).sort();
// The chunks panel.js imports (transitively) load with it: the panel page preloads them at once.
const eager = new Set();
const imported = (path) => outputs[path].imports.filter((i) => i.kind === "import-statement")
  .forEach((i) => !eager.has(i.path) && (eager.add(i.path), imported(i.path)));
imported(Object.keys(outputs).find((path) => basename(path) === "panel.js"));
const preload = [...eager].map((path) => basename(path)).sort();
writeFileSync(`${OUT}/panel.preload.json`, `${JSON.stringify(preload)}\n`);

// The console: one script (Preact, socket.io-client and its views) and one stylesheet.
await build({
  ...common, entryPoints: { console: "src/console/main.jsx" }, outdir: CONSOLE_OUT,
  jsx: "automatic", jsxImportSource: "preact", define: { "process.env.NODE_ENV": '"production"' },
});

// The server sends these in place of their file to clients that accept them (Accept-Encoding).
const consoleFiles = ["console.js", "console.css"].map((name) => `${CONSOLE_OUT}/${name}`);
for (const file of [...["widget.js", "widget-frame.js", "panel.js", "panel.css", ...chunks]
  .map((name) => `${OUT}/${name}`), ...consoleFiles]) {
  const data = readFileSync(file);
  if (data.length < 512) continue; // the server sends small files as they are (compression.MIN_SIZE)
  writeFileSync(`${file}.br`, brotliCompressSync(data, { params: {
    [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
  writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const br = (file) => brotliCompressSync(readFileSync(file), {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const loader = br(`${OUT}/widget.js`);
const loaderGzip = gz(`${OUT}/widget.js`);
const panel = [...preload, "panel.js", "panel.css"].reduce((sum, name) => sum + gz(`${OUT}/${name}`), 0);
const later = chunks.filter((name) => !preload.includes(name));
const lazy = later.reduce((sum, name) => sum + gz(`${OUT}/${name}`), 0);
console.log(`widget.js ${loader} B brotli (budget ${LOADER_BUDGET})`);
console.log(`widget.js ${loaderGzip} B gzipped (budget ${LOADER_GZIP_BUDGET})`);
console.log(`widget-frame.js ${br(`${OUT}/widget-frame.js`)} B brotli, fetched on idle or intent`);
console.log(`panel.js + panel.css ${panel} B gzipped (budget ${PANEL_BUDGET}), with the ${preload.length} chunks panel.js imports`);
console.log(`${later.length} more chunks ${lazy} B gzipped, fetched when first needed`);
console.log(`console.js + console.css ${consoleFiles.reduce((sum, file) => sum + gz(file), 0)} B gzipped`);
if (loader > LOADER_BUDGET || loaderGzip > LOADER_GZIP_BUDGET || panel > PANEL_BUDGET) {
  console.error("over budget");
  process.exit(1);
}
