// Starts Swagger UI on #swagger-ui from the schema URL the page names (no inline script: CSP).
"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // No deep links: they put a link inside each operation's toggle button (nested controls).
    deepLinking: false,
    // The Atlas API is read-only; "Try it out" sends GET requests to this same site.
    supportedSubmitMethods: ["get", "head"],
  });
})();
