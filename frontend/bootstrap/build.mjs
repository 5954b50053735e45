// Builds static/vendor/bootstrap/bootstrap.atlas.min.css: Bootstrap's compiled CSS without the
// rules no template, script or Python module of Atlas can produce (PurgeCSS reads them as text,
// so a class named anywhere, in a template, a widget's attrs or site.js, is kept).
import { readFileSync, writeFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";

const root = new URL("../../", import.meta.url).pathname;
const source = new URL("node_modules/bootstrap/dist/css/bootstrap.min.css", import.meta.url).pathname;
const apps = "{core,public,directory,cases,insights,filings,finder,procurement,feedback,revisions,search,partners}";

const [result] = await new PurgeCSS().purge({
  css: [source],
  content: [
    `${root}templates/**/*.html`,
    `${root}${apps}/templates/**/*.html`,
    `${root}${apps}/**/*.py`,
    `${root}static/js/*.js`,
  ],
  // Built in templates from variables: alert-{{ message.tags }}.
  safelist: { standard: [/^alert-/] },
});
const css = result.css.replace(/\/\*# sourceMappingURL=.*?\*\/\s*$/, "").trimEnd() + "\n";
const target = `${root}static/vendor/bootstrap/bootstrap.atlas.min.css`;
writeFileSync(target, css);
const full = readFileSync(source, "utf8").length;
console.log(`${target}: ${css.length} bytes (of ${full})`);
