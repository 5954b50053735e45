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
const full = readFileSync(source, "utf8");
console.log(`${target}: ${css.length} bytes (of ${full.length})`);

// The classes left out, for tests/test_bootstrap_build.py: a template that starts using one
// fails until `make css` is run again.
const classes = (text) => new Set(text.match(/(?<![\w-])\.-?[A-Za-z_][\w-]*/g).map((c) => c.slice(1)));
const kept = classes(css);
const removed = [...classes(full)].filter((c) => !kept.has(c)).sort();
writeFileSync(new URL("removed-classes.txt", import.meta.url), removed.join("\n") + "\n");
console.log(`${removed.length} classes left out: frontend/bootstrap/removed-classes.txt`);
