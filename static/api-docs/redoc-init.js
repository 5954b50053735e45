// Starts ReDoc on #redoc-container; its generated <style> elements carry the page's CSP nonce,
// and it uses the system fonts (the default asks Google Fonts, which the site never calls).
"use strict";
(function () {
  var root = document.getElementById("redoc-container");
  var system = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", sans-serif';
  Redoc.init(
    root.dataset.schemaUrl,
    {
      nonce: root.dataset.nonce,
      // Darker greys and badge colours than the defaults, for 4.5:1 contrast.
      theme: {
        colors: {
          primary: { main: "#0b5fa5" },
          text: { primary: "#222", secondary: "#4a4a4a" },
          http: { get: "#0b5fa5", head: "#5b2a86" },
          success: { main: "#1d6b2a" },
          error: { main: "#a01010" },
          warning: { main: "#8a5300" },
          responses: {
            // color on the light page, tabTextColor on the dark samples panel
            success: { color: "#1d6b2a", tabTextColor: "#9be7a8" },
            error: { color: "#a01010", tabTextColor: "#ffb0b0" },
            redirect: { color: "#8a5300", tabTextColor: "#ffd08a" },
            info: { color: "#0b5fa5", tabTextColor: "#a8d1ff" },
          },
        },
        schema: { typeNameColor: "#4a4a4a", typeTitleColor: "#4a4a4a", requireLabelColor: "#b00020" },
        typography: { fontFamily: system, headings: { fontFamily: system } },
      },
    },
    root
  );
})();
